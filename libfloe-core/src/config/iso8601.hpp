// ISO-8601 calendar dates and durations, as written in manifests (policy
// override expiry) and products (SLA freshness).
#pragma once

#include <string_view>

namespace floe {

// YYYY-MM-DD naming a real day (2027-02-29 is not one).
bool is_iso8601_date(std::string_view text);

// PnYnMnWnDTnHnMnS with at least one component, T only before time
// components, a decimal fraction only on the last one: P1D, PT6H, PT1.5S.
bool is_iso8601_duration(std::string_view text);

}  // namespace floe
