#include "run_results.hpp"

#include <boost/json/parse.hpp>

#include <fstream>
#include <sstream>

namespace floe::dbt_core {
namespace json = boost::json;

namespace {

std::string str(const json::object& o, const char* key) {
  auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

double number(const json::value* v) {
  if (v == nullptr) return 0;
  if (v->is_double()) return v->get_double();
  if (v->is_int64()) return static_cast<double>(v->get_int64());
  if (v->is_uint64()) return static_cast<double>(v->get_uint64());
  return 0;
}

// "model.shop.orders" -> "model"
std::string resource_type_of(const std::string& unique_id) { return unique_id.substr(0, unique_id.find('.')); }

}  // namespace

std::optional<RunResultsSummary> read_run_results(const std::string& path, const std::string& invocation_id,
                                                  std::string& why) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    why = path + " was not written";
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  boost::system::error_code ec;
  json::value doc = json::parse(text.str(), ec);
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

}  // namespace floe::dbt_core
