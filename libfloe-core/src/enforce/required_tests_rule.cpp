// Required tests rule (FLOE-E212): every model of a layer carries each test
// type quality_gates.required_tests lists for that layer (on any column or
// on the model itself).
#include <fmt/format.h>

#include <algorithm>

#include "enforce/enforce_detail.hpp"
#include "diag/codes.hpp"

namespace floe::enforce {

void check_required_tests(const RuleContext& ctx, Diagnostics& out) {
  const auto& required_by_layer = ctx.policy.gates.required_tests;
  if (required_by_layer.empty()) return;
  for (const dbt::DbtModel& m : ctx.subjects()) {
    std::string layer = layer_of(m.name, ctx.policy.naming.pattern);
    if (layer.empty()) continue;
    auto it = required_by_layer.find(layer);
    if (it == required_by_layer.end() || it->second.empty()) continue;

    std::vector<std::string> missing;
    for (const auto& req : it->second) {
      bool found = std::any_of(m.tests.begin(), m.tests.end(),
                               [&](const dbt::DbtTest& t) { return test_type_matches(t.type, req); });
      if (!found && std::find(missing.begin(), missing.end(), req) == missing.end()) missing.push_back(req);
    }
    if (missing.empty()) continue;

    std::vector<std::string> present;
    for (const auto& t : m.tests)
      if (std::find(present.begin(), present.end(), t.type) == present.end()) present.push_back(t.type);

    Diagnostic d;
    d.code = codes::E212;
    d.category = "tests";
    d.subject = m.name;
    d.where = doc_location(m);
    d.message = fmt::format("'{}' ({} layer) is missing required {} {}", m.name, layer,
                            missing.size() == 1 ? "test" : "tests", join_list(missing, "and"));
    d.expected = fmt::format("{} tests on every {} model (required_tests.{})", join_list(it->second, "and"), layer,
                             layer);
    d.actual = present.empty() ? std::string("no tests") : fmt::format("tests present: {}", join_list(present, "and"));
    d.hint = missing.size() == 1
                 ? fmt::format("add a {} test to a column or to the model in its schema .yml", missing[0])
                 : fmt::format("add {} tests to a column or to the model in its schema .yml", join_list(missing, "and"));
    out.add(std::move(d));
  }
}

}  // namespace floe::enforce
