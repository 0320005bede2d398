// Schedules as orchestrators take them: zones of the tz database, cron fields.
#pragma once

#include <string>

namespace floe::orchestrator_common {

// True if `name` is a zone of this machine's tz database (a TZif file under
// /usr/share/zoneinfo, or $TZDIR), a plain Area/Location name ("localtime",
// "posixrules" and "Factory" are not zones to schedule in). Without a tz
// database: true, and the orchestrator checks when it loads.
bool is_tz_database_zone(const std::string& name);

// How many whitespace-separated fields a cron expression has (orchestrators
// take five).
int cron_field_count(const std::string& cron);

}  // namespace floe::orchestrator_common
