// IANA time zone names, checked against the system tz database.
#pragma once

#include <string>
#include <vector>

namespace floe {

// Where the tz database lives (TZDIR when set, else /usr/share/zoneinfo).
std::string zoneinfo_dir();

// True when `name` ("Europe/Berlin", "UTC") names a TZif file under
// zoneinfo_dir(). Without a tz database nothing can be checked: true.
bool is_known_timezone(const std::string& name);

// Zone names for did-you-mean hints (zone1970.tab plus UTC), empty without a tz database.
const std::vector<std::string>& known_timezone_names();

}  // namespace floe
