// Reading the process environment the way the standards floe follows do
// (OpenTelemetry's OTEL_*, OpenLineage's OPENLINEAGE_*): one place, so every
// switch reads "true" the same way.
#pragma once

#include <string>

namespace floe {

// The variable's value, or "" when it is unset.
std::string environment_value(const char* name);

// true for "true", "1" or "yes" in any case; false when unset or anything else.
bool environment_flag(const char* name);

}  // namespace floe
