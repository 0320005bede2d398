#include "dbt_log_events.hpp"

#include <boost/json/parse.hpp>

#include <cctype>

#include "json_fields.hpp"

namespace floe::dbt_common {
namespace json = boost::json;

namespace {

// The part of node_info every node event carries.
json::object node_fields(const json::object& node) {
  json::object e{{"unique_id", str(node, "unique_id")},
                 {"name", str(node, "node_name")},
                 {"resource_type", str(node, "resource_type")}};
  if (std::string m = str(node, "materialized"); !m.empty()) e["materialized"] = m;
  if (const json::object* rel = obj(node, "node_relation"))
    if (std::string r = str(*rel, "relation_name"); !r.empty()) e["relation"] = r;
  return e;
}

}  // namespace

std::string strip_ansi(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\x1b' && i + 1 < text.size() && text[i + 1] == '[') {
      i += 2;
      while (i < text.size() && !std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
      continue;
    }
    out.push_back(text[i]);
  }
  return out;
}

std::optional<std::pair<int, int>> major_minor(const std::string& version) {
  std::size_t i = version.find_first_of("0123456789");
  if (i == std::string::npos) return std::nullopt;
  int major = 0, minor = 0;
  std::size_t j = i;
  while (j < version.size() && std::isdigit(static_cast<unsigned char>(version[j]))) major = major * 10 + (version[j++] - '0');
  if (j >= version.size() || version[j] != '.') return std::nullopt;
  std::size_t k = ++j;
  while (j < version.size() && std::isdigit(static_cast<unsigned char>(version[j]))) minor = minor * 10 + (version[j++] - '0');
  if (j == k) return std::nullopt;
  return std::pair{major, minor};
}

std::vector<json::object> DbtLogReader::read_line(const std::string& line) {
  std::vector<json::object> events;
  if (line.find_first_not_of(" \t\r") == std::string::npos) return events;
  boost::system::error_code ec;
  json::value parsed = json::parse(line, ec);
  const json::object* info = !ec && parsed.is_object() ? obj(parsed.get_object(), "info") : nullptr;
  if (info == nullptr) {
    events.push_back({{"type", "log"}, {"level", "warning"}, {"message", strip_ansi(line)}});
    return events;
  }
  const json::object* data = obj(parsed.get_object(), "data");
  static const json::object empty;
  if (data == nullptr) data = &empty;
  const std::string name = str(*info, "name");
  const std::string level = str(*info, "level");
  const std::string message = strip_ansi(str(*info, "msg"));

  if (invocation_id_.empty()) invocation_id_ = str(*info, "invocation_id");
  if (name == "MainReportVersion") {
    dbt_version_ = str(*data, "version");
    if (!dbt_version_.empty() && dbt_version_.front() == '=') dbt_version_.erase(0, 1);
    // "Running with dbt=1.11.16" (dbt-core), "Running with dbt-fusion=2.0.0-preview.196" (Fusion)
    const std::string running_with = "Running with ";
    std::size_t at = message.find(running_with), eq = message.find('=');
    if (at != std::string::npos && eq != std::string::npos && eq > at)
      engine_ = message.substr(at + running_with.size(), eq - at - running_with.size());
  } else if (name == "ShowNode") {
    show_rows_ = str(*data, "preview");
  } else if (name == "AdapterRegistered") {
    adapter_ = str(*data, "adapter_name");
    adapter_version_ = str(*data, "adapter_version");
    if (!adapter_version_.empty() && adapter_version_.front() == '=') adapter_version_.erase(0, 1);
  }

  if (const json::object* node = obj(*data, "node_info")) {
    std::string id = str(*node, "unique_id");
    std::string status = str(*node, "node_status");
    std::string finished_at = str(*node, "node_finished_at");
    if (!id.empty() && status == "started" && started_.insert(id).second) {
      json::object e = node_fields(*node);
      e.emplace("type", "node_started");
      e["started_at"] = str(*node, "node_started_at");
      events.push_back(std::move(e));
    } else if (!id.empty() && !finished_at.empty() && status != "started" && finished_.insert(id).second) {
      json::object e = node_fields(*node);
      e.emplace("type", "node_finished");
      e["status"] = status;
      e["execution_time"] = number(*data, "execution_time");
      e["message"] = message;
      e["started_at"] = str(*node, "node_started_at");
      e["finished_at"] = finished_at;
      events.push_back(std::move(e));
    }
  }
  if (level == "error" || level == "warn") {
    if (level == "error") errors_.push_back(message);
    events.push_back({{"type", "log"}, {"level", level == "error" ? "error" : "warning"}, {"message", message}});
  }
  return events;
}

}  // namespace floe::dbt_common
