#include "compile/explain.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "base/input_file.hpp"
#include "config/config_loader.hpp"
#include "config/yaml_reader.hpp"
#include "compile/secret_scan.hpp"
#include "core/json_path.hpp"
#include "diag/codes.hpp"
#include "resolve/resolver.hpp"

namespace floe {
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

// The value at a dotted path like "governance.quality_gates.layer_thresholds.gold"
// or "governance.custom_rules[0].type".
const json::value* value_at(const json::object& root, const std::string& path) {
  const json::value* cur = nullptr;
  const json::object* obj = &root;
  std::size_t i = 0;
  while (i < path.size()) {
    std::size_t end = path.find_first_of(".[", i);
    std::string key = path.substr(i, end == std::string::npos ? std::string::npos : end - i);
    if (!key.empty()) {
      if (!obj) return nullptr;
      cur = obj->if_contains(key);
      if (!cur) return nullptr;
    }
    i = end == std::string::npos ? path.size() : end;
    while (i < path.size() && path[i] == '[') {
      std::size_t close = path.find(']', i);
      std::size_t idx = std::stoul(path.substr(i + 1, close - i - 1));
      if (!cur || !cur->is_array() || idx >= cur->as_array().size()) return nullptr;
      cur = &cur->as_array()[idx];
      i = close + 1;
    }
    if (i < path.size() && path[i] == '.') ++i;
    obj = cur ? cur->if_object() : nullptr;
  }
  return cur;
}

bool under(const std::string& path, const std::string& key) {
  if (key.empty()) return true;
  if (path.compare(0, key.size(), key) != 0) return false;
  return path.size() == key.size() || path[key.size()] == '.' || path[key.size()] == '[';
}

// A product file says so in its kind (DataProduct, or the alpha's FloeSpec);
// anything else is explained as a manifest, whose loader reports a bad kind.
bool is_product_file(const std::string& path) {
  auto text = read_input_file(path, InputRules{input_limits::kConfigFile});
  LocatedDocument doc;
  Diagnostics ignored;  // the real load reports any problem
  if (!text || !read_yaml_document(*text, path, doc, ignored)) return false;
  std::string kind = string_at(doc.root, {"kind"});
  return kind == "DataProduct" || kind == "FloeSpec";
}

}  // namespace

CompileReport explain(const ExplainRequest& request, json::value& out) {
  CompileReport report;
  ResolvedPlatform platform;
  bool ok = false;
  std::error_code ec;
  if (!fs::is_directory(request.path, ec) && is_product_file(request.path)) {
    LocatedDocument product;
    load_data_product(request.path, product, report.diagnostics);
    std::string ref = string_at(product.root, {"platform", "ref"});
    auto dir = fs::path(request.path).parent_path();
    if (!ref.empty())
      ok = resolve_platform(ref, dir.empty() ? "." : dir.string(), product.at("platform.ref"), request.sources,
                            platform, report.diagnostics);
  } else {
    ok = resolve_platform(request.path, ".", SourceLocation{}, request.sources, platform, report.diagnostics);
  }
  json::array chain;
  for (const auto& l : platform.chain)
    chain.push_back(json::object{{"tier", l.tier}, {"name", l.name}, {"version", l.version}, {"source", l.source}});
  json::array values;
  if (ok) {
    for (const auto& [path, origin] : platform.provenance) {
      if (!under(path, request.key)) continue;
      const json::value* v = value_at(platform.values, path);
      json::value shown = v ? *v : json::value(nullptr);
      // What compile would refuse to write as a credential is not printed
      // either (a password inside a URL, a literal under `credential`).
      if (shown.is_string() && !credential_at(path, std::string(shown.as_string())).empty())
        shown = "<secret: not shown>";
      json::object entry{{"path", path}, {"value", std::move(shown)}, {"tier", origin.tier}};
      if (!origin.where.file.empty()) entry["file"] = origin.where.file;
      if (origin.where.line > 0) entry["line"] = origin.where.line;
      if (origin.where.column > 0) entry["column"] = origin.where.column;
      values.push_back(std::move(entry));
    }
    if (values.empty() && !request.key.empty()) {
      Diagnostic d;
      d.code = codes::U101;
      d.category = "usage";
      d.message = fmt::format("no resolved value at '{}'", request.key);
      std::vector<std::string> tops;
      for (const auto& [k, v] : platform.values) tops.emplace_back(k);
      d.expected = fmt::format("a key under one of: {}", fmt::join(tops, ", "));
      if (auto m = closest_match(request.key, tops); !m.empty()) d.hint = fmt::format("did you mean '{}'?", m);
      d.severity = Severity::error;
      report.diagnostics.add(std::move(d));
    }
  }
  out = json::object{{"chain", std::move(chain)}, {"values", std::move(values)}};
  report.outcome = outcome_from(report.diagnostics);
  if (report.outcome == Outcome::ok && report.diagnostics.has_errors()) report.outcome = Outcome::usage;
  return report;
}

}  // namespace floe
