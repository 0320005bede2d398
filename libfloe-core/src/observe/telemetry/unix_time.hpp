// Event times as OTLP wants them: nanoseconds since the Unix epoch.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace floe::observe::telemetry {

// "2026-11-23T09:15:02.123Z" (floe's events) or "2026-11-23T04:46:16.157006"
// (dbt's node times, UTC without a zone): the fraction may have up to nine
// digits, the zone may be Z, +00:00 or absent (UTC). nullopt for anything else.
std::optional<std::uint64_t> unix_nanos(std::string_view iso8601);

}  // namespace floe::observe::telemetry
