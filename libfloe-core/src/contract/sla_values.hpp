// SLA values as contracts write them: ISO-8601 durations (PT6H, P1D), ODCS
// value + unit pairs (26 h, 2 d) and availability percentages (99.9, "99.9%").
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace floe {

// Seconds of an ISO-8601 duration (years as 365 days, months as 30); nullopt if malformed.
std::optional<double> duration_seconds(std::string_view iso);

// Seconds of an ODCS SLA value with its unit (d, day, days, h, hour, m, min,
// s, ...; no unit: an ISO-8601 duration); nullopt when it is neither.
std::optional<double> sla_seconds(const std::string& value, const std::string& unit);

// 99.9 from "99.9", "99.9%"; nullopt otherwise.
std::optional<double> percent_value(std::string_view text);

}  // namespace floe
