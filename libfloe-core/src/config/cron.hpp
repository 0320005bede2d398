// Validating 5-field cron expressions (minute hour day-of-month month
// day-of-week), as schedules are handed to orchestrator plugins verbatim and
// a typo would otherwise surface only at deploy time.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace floe {

struct CronProblem {
  std::string message;   // "field 2 (hour): 24 is outside 0-23"
  std::string expected;  // "hour: 0-23, '*', lists (a,b), ranges (a-b) and steps (*/n, a-b/n)"
};

// Fields accept '*', numbers, names (JAN-DEC, SUN-SAT), lists, ranges and
// steps; the macros @yearly @annually @monthly @weekly @daily @midnight
// @hourly are accepted as well. nullopt when `expression` is valid.
std::optional<CronProblem> check_cron(std::string_view expression);

}  // namespace floe
