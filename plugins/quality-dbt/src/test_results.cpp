#include "test_results.hpp"

#include <boost/json.hpp>

#include "base/input_file.hpp"
#include "floe/plugin.hpp"

namespace floe::quality_dbt {
namespace json = boost::json;
using floe::sdk::error;

namespace {

json::value read_json(const std::string& path, const char* what) {
  auto text = read_input_file(path, InputRules{input_limits::kDbtCatalog});
  if (!text) throw error(text.error().code, std::string(what) + " cannot be read: " + text.error().message);
  boost::system::error_code ec;
  json::value v = json::parse(*text, ec);
  if (ec || !v.is_object()) throw error(FLOE_ERR_INVALID_ARGUMENT, std::string(what) + " " + path + " is not a JSON object");
  return v;
}

std::string str(const json::object& o, const char* key) {
  auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

// A generic test's kind from its node name when there is no manifest:
// dbt names them <kind>_<model>_<column>.
std::string kind_from_name(const std::string& unique_id) {
  std::string name = unique_id.substr(unique_id.find('.', unique_id.find('.') + 1) + 1);
  for (const char* kind : {"not_null", "unique", "accepted_values", "relationships"})
    if (name.rfind(std::string(kind) + "_", 0) == 0) return kind;
  return "singular";
}

}  // namespace

Judged judge_test_results(const std::string& run_results_path, const std::string& manifest_path,
                          const QualityConfig& config) {
  json::value results = read_json(run_results_path, "run_results");
  json::value manifest = manifest_path.empty() ? json::value(nullptr) : read_json(manifest_path, "manifest");
  const json::object* nodes = nullptr;
  if (manifest.is_object())
    if (auto* n = manifest.as_object().if_contains("nodes"); n != nullptr && n->is_object()) nodes = &n->as_object();
  Judged judged;
  const json::value* items = results.as_object().if_contains("results");
  if (items == nullptr || !items->is_array()) return judged;
  for (const auto& r : items->as_array()) {
    if (!r.is_object()) continue;
    const json::object& result = r.as_object();
    std::string id = str(result, "unique_id");
    if (id.rfind("test.", 0) != 0 && id.rfind("unit_test.", 0) != 0) continue;
    std::string kind = id.rfind("unit_test.", 0) == 0 ? "unit_test" : kind_from_name(id);
    std::string model;
    if (nodes != nullptr)
      if (auto* n = nodes->if_contains(id); n != nullptr && n->is_object()) {
        const json::object& node = n->as_object();
        if (auto* meta = node.if_contains("test_metadata"); meta != nullptr && meta->is_object())
          kind = str(meta->as_object(), "name");
        else if (kind != "unit_test")
          kind = "singular";
        model = str(node, "attached_node");
      }
    std::string status = str(result, "status");
    bool passed = status == "pass" || status == "success";
    std::string severity = config.severity_of(kind);
    json::object check{{"name", id},
                       {"passed", passed},
                       {"severity", severity},
                       {"message", str(result, "message")},
                       {"check_type", kind}};
    if (!model.empty()) check["model"] = model;
    if (!passed && severity == "error") judged.passed = false;
    judged.checks.push_back(std::move(check));
  }
  return judged;
}

}  // namespace floe::quality_dbt
