#include "run_results.hpp"

#include <boost/json/parse.hpp>

#include <vector>

#include "base/input_file.hpp"
#include "json_fields.hpp"

namespace floe::dbt_common {
namespace json = boost::json;

namespace {

// "model.shop.orders" -> "model"
std::string resource_type_of(const std::string& unique_id) { return unique_id.substr(0, unique_id.find('.')); }

// The node's name in its unique id: "model.shop.orders" -> "orders",
// "test.shop.not_null_orders_id.5c2b" -> "not_null_orders_id",
// "unit_test.shop.orders.test_totals" -> "test_totals".
std::string name_of(const std::string& unique_id) {
  std::vector<std::string> parts;
  for (std::size_t start = 0;;) {
    std::size_t dot = unique_id.find('.', start);
    parts.push_back(unique_id.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (parts.size() < 3) return unique_id;
  return parts.front() == "unit_test" ? parts.back() : parts[2];
}

}  // namespace

std::vector<json::object> node_events_from_run_results(const json::object& run_results) {
  std::vector<json::object> events;
  const json::value* results = run_results.if_contains("results");
  if (results == nullptr || !results->is_array()) return events;
  for (const auto& r : results->get_array()) {
    if (!r.is_object()) continue;
    const json::object& o = r.get_object();
    std::string id = str(o, "unique_id");
    if (id.empty()) continue;
    // timing: [{"name": "compile", "started_at", "completed_at"}, {"name": "execute", ...}]
    std::string started_at, finished_at;
    if (auto* timing = o.if_contains("timing"); timing != nullptr && timing->is_array())
      for (const auto& t : timing->get_array()) {
        if (!t.is_object()) continue;
        if (started_at.empty()) started_at = str(t.get_object(), "started_at");
        if (std::string done = str(t.get_object(), "completed_at"); !done.empty()) finished_at = done;
      }
    json::object node{{"unique_id", id}, {"name", name_of(id)}, {"resource_type", resource_type_of(id)}};
    if (std::string relation = str(o, "relation_name"); !relation.empty()) node["relation"] = relation;
    json::object started = node;
    started.emplace("type", "node_started");
    started["started_at"] = started_at;
    json::object finished = std::move(node);
    finished.emplace("type", "node_finished");
    finished["status"] = str(o, "status");
    finished["execution_time"] = number(o, "execution_time");
    finished["message"] = str(o, "message");
    finished["started_at"] = started_at;
    finished["finished_at"] = finished_at;
    events.push_back(std::move(started));
    events.push_back(std::move(finished));
  }
  return events;
}

std::optional<RunResultsSummary> read_run_results(const std::string& path, const std::string& invocation_id,
                                                  std::string& why) {
  auto text = read_input_file(path, InputRules{input_limits::kDbtCatalog});
  if (!text) {
    why = input_problem(text.error()) == "missing" ? path + " was not written" : text.error().message;
    return std::nullopt;
  }
  boost::system::error_code ec;
  json::value doc = json::parse(*text, ec);
  if (ec || !doc.is_object()) {
    why = path + " is not valid JSON";
    return std::nullopt;
  }
  const json::object& root = doc.get_object();
  const json::value* meta = root.if_contains("metadata");
  std::string file_invocation = meta != nullptr && meta->is_object() ? str(meta->get_object(), "invocation_id") : "";
  if (!invocation_id.empty() && file_invocation != invocation_id) {
    why = path + " is from another dbt invocation (" + (file_invocation.empty() ? "unknown" : file_invocation) + ")";
    return std::nullopt;
  }
  RunResultsSummary summary;
  summary.elapsed_seconds = number(root.if_contains("elapsed_time"));
  const json::value* results = root.if_contains("results");
  if (results != nullptr && results->is_array()) {
    for (const auto& r : results->get_array()) {
      if (!r.is_object()) continue;
      const json::object& o = r.get_object();
      std::string id = str(o, "unique_id");
      std::string type = resource_type_of(id);
      std::string status = str(o, "status");
      json::object node{{"unique_id", id},
                        {"resource_type", type},
                        {"status", status},
                        {"execution_time", number(o.if_contains("execution_time"))},
                        {"message", str(o, "message")}};
      if (auto* ar = o.if_contains("adapter_response"); ar != nullptr && ar->is_object())
        if (auto* rows = ar->get_object().if_contains("rows_affected"); rows != nullptr && rows->is_int64())
          node["rows_affected"] = rows->get_int64();
      bool ran = status != "skipped" && status != "no-op";
      if (type == "model" && ran) ++summary.models_run;
      if ((type == "test" || type == "unit_test") && ran) ++summary.tests_run;
      if (status == "error" || status == "fail" || status == "runtime error") ++summary.failures;
      summary.nodes.push_back(std::move(node));
    }
  }
  return summary;
}

}  // namespace floe::dbt_common
