// IncrementalEnforcement: the policies held to a project that changes a few
// models at a time (the edit loop, `floe validate --watch`). Every model is
// judged once; after an edit only the models that changed are judged again,
// with the ref() cycles of the whole project, and the findings that appeared
// and went away are the answer. The findings are always exactly
// enforce_policies' of the project as it now is (tested against it).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "dbt/dbt_project.hpp"
#include "diag/diagnostic.hpp"
#include "enforce/policy_enforcer.hpp"
#include "resolve/governance_policy.hpp"

namespace floe {

namespace enforce {
struct RuleContext;
}

struct FindingDelta {
  std::vector<Diagnostic> appeared;  // judged now and not before
  std::vector<Diagnostic> resolved;  // judged before and not now
};

class IncrementalEnforcement {
 public:
  // `today` as enforce_policies takes it.
  IncrementalEnforcement(GovernancePolicy policy, std::string today);
  ~IncrementalEnforcement();
  IncrementalEnforcement(const IncrementalEnforcement&) = delete;
  IncrementalEnforcement& operator=(const IncrementalEnforcement&) = delete;

  // Judges every model (what the first validate and any change of the set of
  // models needs). The delta is against what was judged before (nothing, the
  // first time).
  FindingDelta judge_all(const dbt::DbtProject& project);
  // Judges again only the models named in `changed` (the project's set of
  // model names is the one last judged; names not in the project are
  // skipped) and the project's cycles. With overrides in the policy (their
  // notes are about the findings of all models), every model.
  FindingDelta judge_changed(const dbt::DbtProject& project, const std::vector<std::string>& changed);

  // The counts and `passed` of the findings as they stand.
  const EnforcementSummary& summary() const { return summary_; }
  bool passed() const { return passed_; }
  // All the findings, in enforce_policies' order.
  std::vector<Diagnostic> findings() const;

 private:
  void recount(std::size_t models);
  // Adds `findings` to the counts, or takes them away.
  void tally(const std::vector<Diagnostic>& findings, bool add);
  // Each group of `next` replaces the one of its subject; the delta of all.
  FindingDelta apply_groups(std::map<std::string, std::vector<Diagnostic>, std::less<>> next,
                            std::vector<std::string> cycle_subjects, std::size_t models);
  // Whether a new ref (from `model` to `ref`) closes a cycle: `ref` reaches
  // `model` through refs.
  bool closes_cycle(std::size_t model, const std::string& ref) const;

  GovernancePolicy policy_;
  std::string today_;
  // By subject (a model's name, or a part of the policy): in this order the
  // groups concatenate to enforce_policies' sorted findings.
  std::map<std::string, std::vector<Diagnostic>, std::less<>> by_subject_;
  std::vector<std::string> cycle_subjects_;  // groups holding a cycle (FLOE-E302)
  std::vector<Diagnostic> notes_;            // about the overrides; after the findings
  std::unique_ptr<enforce::RuleContext> all_;  // the project judge_all saw, its names indexed once
  std::vector<std::vector<std::string>> refs_;  // each model's refs as last judged (by position)
  EnforcementSummary summary_;
  std::size_t refusing_ = 0;  // errors dbt would refuse the project for (FLOE-E301, FLOE-E302)
  bool passed_ = true;
};

}  // namespace floe
