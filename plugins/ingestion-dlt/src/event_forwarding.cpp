#include "event_forwarding.hpp"

#include <fmt/format.h>

namespace floe::ingestion_dlt {
namespace {

std::string field(const boost::json::object& event, std::string_view key) {
  const auto* value = event.if_contains(key);
  if (value == nullptr) return "?";
  if (value->is_string()) return std::string(value->get_string());
  if (value->is_double()) return fmt::format("{:.2f}", value->get_double());  // seconds
  return boost::json::serialize(*value);
}

std::string loaded_tables(const boost::json::object& event) {
  const auto* tables = event.if_contains("tables");
  if (tables == nullptr || !tables->is_array()) return "?";
  std::string out;
  for (const auto& table : tables->get_array()) {
    if (!table.is_object()) continue;
    out += fmt::format("{}{} ({} rows)", out.empty() ? "" : ", ", field(table.get_object(), "name"),
                       field(table.get_object(), "rows"));
  }
  return out.empty() ? "no table" : out;
}

}  // namespace

void forward_event(const floe::sdk::host& host, const boost::json::object& event) {
  std::string type = field(event, "type");
  // The structured event for the host's progress, traces and lineage
  // (ABI 1.2: a no-op on older hosts): "ingestion.<runner event>".
  boost::json::object structured = event;
  structured["type"] = "ingestion." + type;
  host.emit(structured);
  if (type == "started")
    host.info(fmt::format("dlt {} on Python {} ({}): loading {} file(s)", field(event, "dlt_version"),
                          field(event, "python_version"), field(event, "python"), field(event, "files")));
  else if (type == "file_read" && event.contains("already_appended"))
    host.info(fmt::format("skipped {}: a run at {} appended this exact content already; appending it again would "
                          "duplicate its rows",
                          field(event, "path"), field(event, "already_appended")));
  else if (type == "file_read")
    host.info(fmt::format("read {}: {} row(s)", field(event, "path"), field(event, "rows")));
  else if (type == "step")
    host.info(fmt::format("dlt {} step done in {} s", field(event, "step"), field(event, "seconds")));
  else if (type == "result")
    host.info(fmt::format("loaded {}; {} byte(s) written", loaded_tables(event), field(event, "bytes_written")));
  else if (type == "warning")
    host.warn(field(event, "message"));
  else if (type == "error")
    host.log(FLOE_LOG_DEBUG, "error: " + field(event, "message"));
}

void forward_output(const floe::sdk::host& host, std::string_view stream, std::string_view line) {
  host.log(FLOE_LOG_DEBUG, fmt::format("dlt {}: {}", stream, line));
}

}  // namespace floe::ingestion_dlt
