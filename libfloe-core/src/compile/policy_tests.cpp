#include "compile/policy_tests.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>
#include <set>

#include "base/input_file.hpp"
#include "compile/product_compile.hpp"
#include "config/yaml_reader.hpp"
#include "diag/codes.hpp"

namespace floe {
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

struct Expectation {
  std::string expect;               // "pass" | "fail"
  std::vector<std::string> codes;   // codes a failing case must report
};

bool read_expectation(const fs::path& file, Expectation& out, Diagnostics& diags) {
  auto problem = [&](std::string message, int line, int column) {
    Diagnostic d;
    d.code = codes::C002;
    d.category = "config";
    d.message = std::move(message);
    d.where = SourceLocation{file.string(), line, column};
    d.expected = "expect: pass | fail, and for fail an optional codes: [FLOE-...] list";
    d.hint = "see docs/cli.md#floe-platform-test";
    diags.add(std::move(d));
    return false;
  };
  auto text = read_input_file(file.string(), InputRules{input_limits::kConfigFile});
  if (!text) return problem(fmt::format("cannot read expect.yaml: {}", text.error().message), 1, 1);
  LocatedDocument doc;
  if (!read_yaml_document(*text, file.string(), doc, diags)) return false;  // C002 / C004 say why
  // A scalar as YAML wrote it: `expect: yes` is the text "yes" here, not a boolean.
  auto text_of = [](const json::value& v) { return v.is_string() ? std::string(v.get_string()) : json::serialize(v); };
  const json::value* expect = doc.root.is_object() ? doc.root.get_object().if_contains("expect") : nullptr;
  if (expect == nullptr || expect->is_null() || expect->is_object() || expect->is_array()) {
    const SourceLocation at = doc.at("");
    return problem("expect.yaml has no 'expect' key", at.line, at.column);
  }
  out.expect = text_of(*expect);
  if (out.expect != "pass" && out.expect != "fail") {
    const SourceLocation at = doc.at("expect");
    return problem(fmt::format("expect must be 'pass' or 'fail', not '{}'", out.expect), at.line, at.column);
  }
  if (const json::value* listed = doc.root.get_object().if_contains("codes"); listed != nullptr && listed->is_array())
    for (const json::value& c : listed->get_array()) out.codes.push_back(text_of(c));
  return true;
}

}  // namespace

CompileReport platform_test(const PlatformTestRequest& request, json::value& results) {
  CompileReport report;
  fs::path manifest_dir = fs::path(request.manifest_path).parent_path();
  fs::path tests = request.tests_dir.empty() ? manifest_dir / "tests" : fs::path(request.tests_dir);
  report.base_dir = manifest_dir.empty() ? "." : manifest_dir.string();
  Stage& stage = report.stage(fmt::format("Testing {} against the products in {}", request.manifest_path, tests.string()));

  std::vector<fs::path> cases;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(tests, ec))
    if (entry.is_directory() && fs::exists(entry.path() / "floe.yaml")) cases.push_back(entry.path());
  std::sort(cases.begin(), cases.end());
  if (cases.empty()) {
    Diagnostic d;
    d.code = codes::U102;
    d.category = "usage";
    d.message = fmt::format("no test products found in {}", tests.string());
    d.expected = "directories tests/<case>/ holding floe.yaml and expect.yaml beside the manifest";
    d.hint = "add an example product per expectation (docs/cli.md#floe-platform-test)";
    report.diagnostics.add(std::move(d));
  }

  json::array out;
  std::size_t passed = 0;
  for (const auto& dir : cases) {
    Expectation expect;
    if (!read_expectation(dir / "expect.yaml", expect, report.diagnostics)) continue;
    CompileRequest compile;
    compile.product_path = (dir / "floe.yaml").string();
    compile.platform_override = request.manifest_path;
    compile.write = false;
    compile.plugin_roots = request.plugin_roots;
    compile.sources = request.sources;
    CompileReport run = compile_product(compile);
    std::set<std::string> codes;
    for (const auto& d : run.diagnostics.items())
      if (d.severity == Severity::error) codes.insert(d.code);
    json::array missing;
    for (const auto& c : expect.codes)
      if (!codes.count(c)) missing.push_back(json::string(c));
    bool failed = run.outcome != Outcome::ok;
    bool ok = expect.expect == "pass" ? !failed : (failed && missing.empty());
    passed += ok ? 1 : 0;
    json::array found;
    for (const auto& c : codes) found.push_back(json::string(c));
    std::string name = dir.filename().string();
    std::string detail = expect.expect == "pass"
                             ? (failed ? fmt::format("expected to pass, failed with {}", fmt::join(codes, ", "))
                                       : "passes as expected")
                             : (!failed ? "expected to fail, but it compiles"
                                        : (missing.empty() ? fmt::format("fails as expected ({})", fmt::join(codes, ", "))
                                                           : fmt::format("fails, but without {} (got {})",
                                                                         json::serialize(missing), fmt::join(codes, ", "))));
    stage.lines.push_back({ok ? "ok" : "error", fmt::format("{}: {}", name, detail)});
    out.push_back(json::object{{"name", name},
                               {"expect", expect.expect},
                               {"outcome", outcome_name(run.outcome)},
                               {"codes", std::move(found)},
                               {"missing_codes", std::move(missing)},
                               {"passed", ok}});
    if (!ok) {
      Diagnostic d;
      d.code = codes::T701;
      d.category = "platform-test";
      d.message = fmt::format("platform test '{}' {}", name, detail);
      d.where.file = (dir / "expect.yaml").string();
      d.hint = "fix the platform's policies or the expectation";
      report.diagnostics.add(std::move(d));
    }
  }
  stage.ok = passed == cases.size() && !cases.empty();
  results = json::object{{"cases", std::move(out)}, {"passed", passed}, {"failed", cases.size() - passed}};
  report.outcome = outcome_from(report.diagnostics);
  return report;
}

}  // namespace floe
