#include "column_types.hpp"

#include <array>
#include <utility>

namespace floe::ingestion_dlt {
namespace {

// Timestamps load without a time zone (values with an offset are converted
// to UTC), as dbt seeds load them, so models behave the same on either;
// timestamptz keeps the zone.
constexpr std::array<std::pair<std::string_view, dlt_column_type>, 15> kTypes{{
    {"string", {"text"}},
    {"text", {"text"}},
    {"integer", {"bigint"}},
    {"bigint", {"bigint"}},
    {"decimal", {"decimal"}},
    {"numeric", {"decimal"}},
    {"double", {"double"}},
    {"float", {"double"}},
    {"boolean", {"bool"}},
    {"date", {"date"}},
    {"timestamp", {"timestamp", false}},
    {"datetime", {"timestamp", false}},
    {"timestamptz", {"timestamp", true}},
    {"time", {"time"}},
    {"json", {"json"}},
}};

}  // namespace

std::optional<dlt_column_type> dlt_type_of(std::string_view floe_type) {
  for (const auto& [name, type] : kTypes)
    if (name == floe_type) return type;
  return std::nullopt;
}

std::string floe_type_names() {
  std::string out;
  for (const auto& [name, type] : kTypes) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

}  // namespace floe::ingestion_dlt
