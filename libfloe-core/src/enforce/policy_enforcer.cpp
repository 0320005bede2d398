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

bool enforce::finding_less(const Diagnostic& a, const Diagnostic& b) {
  return std::tie(a.subject, a.category, a.code, a.message, a.where.file, a.where.line, a.where.column) <
         std::tie(b.subject, b.category, b.code, b.message, b.where.file, b.where.line, b.where.column);
}

namespace {

// Sorts the findings by finding_less, keeping equal ones in their order.
// A Diagnostic is a dozen strings: a merge sort of the findings themselves
// moved each ~17 times (92k findings of a 100k-model project: 0.25 s on one
// core). Their positions are sorted instead, as two halves on two cores
// merged once, and each finding moved once into place.
void sort_findings(std::vector<Diagnostic>& items) {
  std::vector<std::uint32_t> order(items.size());
  std::iota(order.begin(), order.end(), 0u);
  auto less = [&items](std::uint32_t a, std::uint32_t b) { return enforce::finding_less(items[a], items[b]); };
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

namespace enforce {

std::vector<Diagnostic> judged_findings(const RuleContext& ctx, const std::string& today,
                                        std::size_t& overrides_applied, std::vector<Diagnostic>* notes) {
  const GovernancePolicy& policy = ctx.policy;
  bool off = policy.level == EnforcementLevel::off;

  // The rules only read the project and the policy: each runs on whichever
  // core is free (coverage alone was 40 % of enforcing 1k models), into its
  // own list, and the lists join in this order, as if run one after another.
  // Coverage, a finding per model and most of the work on a large project,
  // runs as two halves of the models, joined in order.
  using Rule = std::function<void(const enforce::RuleContext&, Diagnostics&)>;
  const std::size_t half = ctx.subject_count() / 2;
  std::vector<Rule> rules;
  if (off)
    rules = {&enforce::check_dag};
  else
    rules = {&enforce::check_naming,
             [half](const enforce::RuleContext& c, Diagnostics& out) { enforce::check_coverage_of(c, 0, half, out); },
             [half](const enforce::RuleContext& c, Diagnostics& out) {
               enforce::check_coverage_of(c, half, c.subject_count(), out);
             },
             &enforce::check_required_tests, &enforce::check_documentation, &enforce::check_dag,
             &enforce::check_custom_rules};
  std::vector<Diagnostics> found(rules.size());
  // A handful of subjects (an edit loop's) is not worth a thread.
  for_each_on_cores(rules.size(), ctx.subject_count() < 64 ? rules.size() + 1 : 2,
                    [&](std::size_t i) { rules[i](ctx, found[i]); });
  Diagnostics raw;
  for (auto& list : found)
    for (auto& d : list.items()) raw.add(std::move(d));
  return judge(std::move(raw.items()), policy, today, overrides_applied, notes);
}

std::vector<Diagnostic> judge(std::vector<Diagnostic> items, const GovernancePolicy& policy, const std::string& today,
                              std::size_t& overrides_applied, std::vector<Diagnostic>* notes_out) {
  Diagnostics notes;  // about the overrides themselves; they follow the findings
  overrides_applied = enforce::apply_overrides(items, policy.overrides, today, notes);

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
  if (policy.level == EnforcementLevel::warn)
    for (auto& d : items)
      if (d.severity == Severity::error && !(naming_strict_alone && d.category == "naming") &&
          !(gates_block_alone && is_gate(d)) && !breaks_dbt(d))
        d.severity = Severity::warning;

  sort_findings(items);
  std::vector<Diagnostic>& notes_to = notes_out != nullptr ? *notes_out : items;
  for (auto& d : notes.items()) notes_to.push_back(std::move(d));
  return items;
}

bool breaks_dbt(const Diagnostic& d) { return d.code == codes::E301 || d.code == codes::E302; }

void count_finding(const Diagnostic& d, EnforcementSummary& s, bool& dbt_refuses) {
  ++s.by_category[d.category];
  if (d.severity == Severity::error) ++s.errors;
  if (d.severity == Severity::warning) ++s.warnings;
  dbt_refuses = dbt_refuses || (breaks_dbt(d) && d.severity == Severity::error);
}

void reset_counts(EnforcementSummary& s) {
  s.errors = s.warnings = 0;
  s.by_category.clear();
  for (const char* category : {"naming", "coverage", "tests", "documentation", "dag", "custom"}) s.by_category[category] = 0;
}

bool passes(const EnforcementSummary& s, bool dbt_refuses, const GovernancePolicy& policy) {
  return (s.errors == 0 || !policy.gates.block_on_failure) && !dbt_refuses;
}

}  // namespace enforce

EnforcementResult enforce_policies(const dbt::DbtProject& project, const GovernancePolicy& policy,
                                   const std::string& today) {
  enforce::RuleContext ctx(project, policy);
  EnforcementResult result;
  result.findings.items() = enforce::judged_findings(ctx, today, result.summary.overrides_applied);
  enforce::reset_counts(result.summary);
  bool dbt_refuses = false;
  for (const auto& d : result.findings.items()) enforce::count_finding(d, result.summary, dbt_refuses);
  result.passed = enforce::passes(result.summary, dbt_refuses, policy);
  result.summary.models = project.models.size();
  return result;
}


}  // namespace floe
