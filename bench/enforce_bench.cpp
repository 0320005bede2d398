// floe-enforce-bench: how long PolicyEnforcer takes on a generated dbt
// project with every rule switched on (docs/enforcement.md quotes it).
//
//   floe-enforce-bench [--models N] [--runs R] [--sarif FILE] [--json FILE]
//
// The project mirrors a real medallion layout: a third each of bronze,
// silver and gold models, 8 documented columns each, refs to two models of
// the layer below, a source per bronze model, and about 5% of models breaking
// each rule, so every rule produces findings and the writers have work.
#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "dbt/dbt_project.hpp"
#include "resolve/governance_policy.hpp"
#include "diag/sarif_writer.hpp"
#include "enforce/policy_enforcer.hpp"

namespace {

using floe::SourceLocation;

floe::dbt::DbtProject make_project(std::size_t n) {
  floe::dbt::DbtProject p;
  p.name = "bench";
  p.root = "bench";
  p.origin = "files";
  const char* layers[] = {"bronze", "silver", "gold"};
  for (std::size_t i = 0; i < n; ++i) {
    floe::dbt::DbtModel m;
    std::size_t layer = i % 3;
    bool odd = i % 20 == 7;  // ~5% break rules
    m.name = odd ? fmt::format("stg_model_{:06}", i) : fmt::format("{}_model_{:06}", layers[layer], i);
    m.unique_id = "model.bench." + m.name;
    m.path = fmt::format("models/{}/{}.sql", layers[layer], m.name);
    m.where = SourceLocation{"bench/" + m.path, 1, 1};
    m.yml_where = SourceLocation{fmt::format("bench/models/{}/schema.yml", layers[layer]), static_cast<int>(i % 5000) + 1, 5};
    m.materialized = layer == 2 ? (odd ? "view" : "table") : "view";
    m.description = odd ? "TBD" : "Rows of " + m.name;
    m.tags = {"certified"};
    if (!odd) m.meta["owner"] = "\"data-team\"";
    for (int c = 0; c < 8; ++c) {
      floe::dbt::DbtColumn col;
      col.name = fmt::format("col_{}", c);
      col.description = (odd && c == 3) ? "" : "a column";
      m.columns.push_back(col);
      if (!odd || c < 2) m.tests.push_back({c == 0 ? "unique" : "not_null", col.name});
    }
    if (layer > 0 && i >= 3) {
      for (std::size_t back : {1, 2}) {
        std::size_t j = i - back;
        bool j_odd = j % 20 == 7;
        m.refs.push_back(j_odd ? fmt::format("stg_model_{:06}", j) : fmt::format("{}_model_{:06}", layers[j % 3], j));
        m.ref_locations.push_back(SourceLocation{m.where.file, 3 + static_cast<int>(back), 10});
      }
    }
    if (i % 97 == 5) {
      m.refs.push_back("missing_model");  // E301
      m.ref_locations.push_back(SourceLocation{m.where.file, 9, 10});
    }
    if (layer == 0) {
      m.sources.push_back({"raw", fmt::format("t{}", i % 100 == 1 ? i + 1000000 : i % 50)});
      m.source_locations.push_back(SourceLocation{m.where.file, 2, 8});
    }
    p.models.push_back(std::move(m));
  }
  // A small cycle, so E302 has something to find.
  if (n >= 30) {
    p.models[29].refs.push_back(p.models[28].name);
    p.models[29].ref_locations.push_back({});
    p.models[28].refs.push_back(p.models[29].name);
    p.models[28].ref_locations.push_back({});
  }
  for (int t = 0; t < 50; ++t) p.sources.push_back({"raw", fmt::format("t{}", t), SourceLocation{"bench/models/sources.yml", t + 3, 9}});
  std::sort(p.models.begin(), p.models.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return p;
}

floe::GovernancePolicy make_policy() {
  floe::GovernancePolicy g;
  g.level = floe::EnforcementLevel::strict;
  g.naming.enforcement = floe::EnforcementLevel::strict;
  g.gates.minimum_test_coverage = 80;
  g.gates.layer_thresholds = {{"bronze", 50}, {"silver", 80}, {"gold", 100}};
  g.gates.required_tests = {{"silver", {"not_null", "unique"}}, {"gold", {"not_null", "unique"}}};
  g.gates.require_descriptions = true;
  g.gates.require_column_descriptions = true;
  // Plain member assignment: designated initializers trip -Wmissing-field-initializers.
  floe::CustomRule tags, meta, tests, views;
  tags.type = "require_tags_for_prefix";
  tags.prefix = "gold_";
  tags.required_tags = {"certified"};
  meta.type = "require_meta_field";
  meta.applies_to = "gold_*";
  meta.field = "owner";
  tests.type = "require_tests_of_type";
  tests.applies_to = "gold_*";
  tests.test_types = {"unique"};
  views.type = "forbid_materialization";
  views.applies_to = "gold_*";
  views.materializations = {"view"};
  g.custom_rules = {tags, meta, tests, views};
  floe::PolicyOverride downgrade, expired;
  downgrade.pattern = "*_model_0000*";
  downgrade.reason = "bench";
  downgrade.expires = "2030-01-01";
  expired.pattern = "stg_model_00001*";
  expired.action = "exclude";
  expired.reason = "bench";
  expired.expires = "2020-01-01";
  g.overrides = {downgrade, expired};
  return g;
}

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t models = 10000;
  int runs = 5;
  std::string sarif_out, json_out;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        fmt::print(stderr, "{} needs a value\n", a);
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--models") models = std::stoul(value());
    else if (a == "--runs") runs = std::max(1, std::stoi(value()));
    else if (a == "--sarif") sarif_out = value();
    else if (a == "--json") json_out = value();
    else {
      fmt::print(stderr, "usage: floe-enforce-bench [--models N] [--runs R] [--sarif FILE] [--json FILE]\n");
      return 2;
    }
  }

  floe::dbt::DbtProject project = make_project(models);
  floe::GovernancePolicy policy = make_policy();
  double best = 1e300, best_json = 1e300, best_sarif = 1e300;
  floe::EnforcementResult result;
  for (int r = 0; r < runs; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    result = floe::enforce_policies(project, policy, "2026-06-15");
    best = std::min(best, ms_since(t0));
    t0 = std::chrono::steady_clock::now();
    std::string j = floe::enforcement_result_json_text(result, policy);
    best_json = std::min(best_json, ms_since(t0));
    t0 = std::chrono::steady_clock::now();
    std::string s = floe::diagnostics_to_sarif_text(result.findings, "bench", "0.1.0");
    best_sarif = std::min(best_sarif, ms_since(t0));
    if (r == 0 && !sarif_out.empty()) std::ofstream(sarif_out) << s;
    if (r == 0 && !json_out.empty()) std::ofstream(json_out) << j;
  }
  fmt::print("models {}  findings {} ({} errors, {} warnings, {} overridden)\n", models, result.findings.items().size(),
             result.summary.errors, result.summary.warnings, result.summary.overrides_applied);
  fmt::print("enforce_policies  best of {}: {:.1f} ms\n", runs, best);
  fmt::print("result JSON       best of {}: {:.1f} ms\n", runs, best_json);
  fmt::print("SARIF             best of {}: {:.1f} ms\n", runs, best_sarif);
  return 0;
}
