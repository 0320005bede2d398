// enforce_policies: runs the rules, then applies in this order
//   1. level off  -> only DAG findings survive (a broken DAG breaks dbt anyway)
//   2. overrides  -> exclude / downgrade, on the rules' own severities, so an
//                    override is visible (override_applied) whatever the level
//   3. level warn -> every remaining error becomes a warning, except a DAG
//                    that dbt refuses (E301, E302): an error at every level;
//                    and, on a platform that never set the level, naming
//                    set to strict and gates set to block_on_failure: true
// and sorts, so the same inputs always give the same bytes.
#include "enforce/policy_enforcer.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <numeric>
#include <tuple>
#include <vector>

#include "base/on_cores.hpp"
#include "diag/codes.hpp"
#include "enforce/enforce_detail.hpp"

namespace floe {

namespace {

bool finding_less(const Diagnostic& a, const Diagnostic& b) {
  return std::tie(a.subject, a.category, a.code, a.message, a.where.file, a.where.line, a.where.column) <
         std::tie(b.subject, b.category, b.code, b.message, b.where.file, b.where.line, b.where.column);
}

// Sorts the findings by finding_less, keeping equal ones in their order.
// A Diagnostic is a dozen strings: a merge sort of the findings themselves
// moved each ~17 times (92k findings of a 100k-model project: 0.25 s on one
// core). Their positions are sorted instead, as two halves on two cores
// merged once, and each finding moved once into place.
void sort_findings(std::vector<Diagnostic>& items) {
  std::vector<std::uint32_t> order(items.size());
  std::iota(order.begin(), order.end(), 0u);
  auto less = [&items](std::uint32_t a, std::uint32_t b) { return finding_less(items[a], items[b]); };
  // A helper thread costs more than sorting a few thousand findings.
  if (order.size() < 8192) {
    std::stable_sort(order.begin(), order.end(), less);
  } else {
    const auto middle = order.begin() + static_cast<std::ptrdiff_t>(order.size() / 2);
    for_each_on_cores(2, 2, [&](std::size_t half) {
      std::stable_sort(half == 0 ? order.begin() : middle, half == 0 ? middle : order.end(), less);
    });
    std::inplace_merge(order.begin(), middle, order.end(), less);
  }
  std::vector<Diagnostic> sorted;
  sorted.reserve(items.size());
  for (std::uint32_t i : order) sorted.push_back(std::move(items[i]));
  items = std::move(sorted);
}

}  // namespace

EnforcementResult enforce_policies(const dbt::DbtProject& project, const GovernancePolicy& policy,
                                   const std::string& today) {
  enforce::RuleContext ctx(project, policy);
  bool off = policy.level == EnforcementLevel::off;

  // The rules only read the project and the policy: each runs on whichever
  // core is free (coverage alone was 40 % of enforcing 1k models), into its
  // own list, and the lists join in this order, as if run one after another.
  // Coverage, a finding per model and most of the work on a large project,
  // runs as two halves of the models, joined in order.
  using Rule = std::function<void(const enforce::RuleContext&, Diagnostics&)>;
  const std::size_t half = project.models.size() / 2;
  std::vector<Rule> rules;
  if (off)
    rules = {&enforce::check_dag};
  else
    rules = {&enforce::check_naming,
             [half](const enforce::RuleContext& c, Diagnostics& out) { enforce::check_coverage_of(c, 0, half, out); },
             [half](const enforce::RuleContext& c, Diagnostics& out) {
               enforce::check_coverage_of(c, half, c.project.models.size(), out);
             },
             &enforce::check_required_tests, &enforce::check_documentation, &enforce::check_dag,
             &enforce::check_custom_rules};
  std::vector<Diagnostics> found(rules.size());
  for_each_on_cores(rules.size(), 2, [&](std::size_t i) { rules[i](ctx, found[i]); });
  Diagnostics raw;
  for (auto& list : found)
    for (auto& d : list.items()) raw.add(std::move(d));

  EnforcementResult result;
  std::vector<Diagnostic>& items = raw.items();
  Diagnostics notes;  // about the overrides themselves; they follow the findings
  result.summary.overrides_applied = enforce::apply_overrides(items, policy.overrides, today, notes);

  // ADR-0016: `naming.enforcement: strict` fails the compile on a platform
  // that never set policy_enforcement_level; only a level the platform set
  // to warn itself turns those errors into warnings.
  bool naming_strict_alone = !policy.level_set && policy.naming.enforcement == EnforcementLevel::strict;
  // Likewise `quality_gates: {block_on_failure: true}` written by the
  // platform (ADR-0016's own manifest): a model below the gate fails the
  // compile unless the platform itself set the level to warn (issue 34).
  bool gates_block_alone = !policy.level_set && policy.gates.block_on_failure_set && policy.gates.block_on_failure;
  auto is_gate = [](const Diagnostic& d) {
    return d.category == "coverage" || d.category == "tests" || d.category == "documentation";
  };
  // A ref() to a model that does not exist, or a ref() cycle, is a project
  // dbt itself refuses to run: an error at every level, never a warning.
  auto breaks_dbt = [](const Diagnostic& d) { return d.code == codes::E301 || d.code == codes::E302; };
  if (policy.level == EnforcementLevel::warn)
    for (auto& d : items)
      if (d.severity == Severity::error && !(naming_strict_alone && d.category == "naming") &&
          !(gates_block_alone && is_gate(d)) && !breaks_dbt(d))
        d.severity = Severity::warning;

  sort_findings(items);
  for (auto& d : notes.items()) items.push_back(std::move(d));
  result.findings = std::move(raw);

  EnforcementSummary& s = result.summary;
  s.models = project.models.size();
  for (const char* category : {"naming", "coverage", "tests", "documentation", "dag", "custom"}) s.by_category[category] = 0;
  for (const auto& d : result.findings.items()) {
    ++s.by_category[d.category];
    if (d.severity == Severity::error) ++s.errors;
    if (d.severity == Severity::warning) ++s.warnings;
  }
  bool dbt_refuses = std::any_of(result.findings.items().begin(), result.findings.items().end(),
                                 [&](const Diagnostic& d) { return breaks_dbt(d) && d.severity == Severity::error; });
  result.passed = (s.errors == 0 || !policy.gates.block_on_failure) && !dbt_refuses;
  return result;
}

}  // namespace floe
