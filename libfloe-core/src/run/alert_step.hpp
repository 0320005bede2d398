// [alerts] After a run's checks: each data test, quality gate or data
// contract check that failed (FLOE-X105, X110, X111) goes to the platform's
// alert channel (plugins.alert_channel: webhook, slack, email, ...; docs/
// run.md#alerts). At most kMaxAlertsPerRun alerts per run (the rest in one
// summary alert); an alert about the same check is not sent again within
// the channel's dedup_minutes (target/floe_alerts.json remembers what was
// sent when). The channel retries transient failures itself; what it could
// not deliver is a FLOE-X113 warning: alerts never fail a run.
#pragma once

#include "run/run_context.hpp"

namespace floe::run {

inline constexpr std::size_t kMaxAlertsPerRun = 10;

// Whether the run has something to alert about and a channel to send it.
bool has_alerts(const RunContext& ctx);

StepOutcome alert_step(RunContext& ctx, const std::string& run_id);

}  // namespace floe::run
