// Internals shared by the enforcement rules (not part of the public
// interface; tests reach them through floe_core_internal). Each rule is a
// function appending findings with the rule's own severity; the enforcer
// applies the policy level and the overrides afterwards, in one place.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dbt/dbt_project.hpp"
#include "diag/diagnostic.hpp"
#include "resolve/governance_policy.hpp"
#include "enforce/policy_enforcer.hpp"

namespace floe::enforce {

// What every rule needs: the inputs plus a name index built once, so no rule
// scans the model list to resolve a name. The rules judge the `subjects`:
// every model, or (an edit loop judging again only the models that changed)
// some of them; names are always looked up in the whole project.
struct RuleContext {
  const dbt::DbtProject& project;
  const GovernancePolicy& policy;

 private:
  std::unordered_map<std::string_view, std::size_t> own_index_;

 public:
  const std::unordered_map<std::string_view, std::size_t>& model_index;  // name -> index in project.models (first wins)
  const std::vector<std::size_t>* only = nullptr;                        // indexes into project.models; null: all

  RuleContext(const dbt::DbtProject& p, const GovernancePolicy& g, const std::vector<std::size_t>* subjects = nullptr);
  // The same project and policy, other subjects, `all`'s index (which must
  // outlive this one): an edit loop's rounds do not index 10,000 names again.
  RuleContext(const RuleContext& all, const std::vector<std::size_t>* subjects);
  RuleContext(const RuleContext&) = delete;
  RuleContext& operator=(const RuleContext&) = delete;
  const dbt::DbtModel* find_model(std::string_view name) const;

  // The models the rules judge, by position (0 .. subject_count()).
  std::size_t subject_count() const { return only ? only->size() : project.models.size(); }
  const dbt::DbtModel& subject(std::size_t at) const { return project.models[only ? (*only)[at] : at]; }

  class Subjects {
   public:
    struct iterator {
      const RuleContext* ctx;
      std::size_t at;
      const dbt::DbtModel& operator*() const { return ctx->subject(at); }
      iterator& operator++() {
        ++at;
        return *this;
      }
      bool operator!=(const iterator& other) const { return at != other.at; }
    };
    explicit Subjects(const RuleContext& c) : ctx_(&c) {}
    iterator begin() const { return {ctx_, 0}; }
    iterator end() const { return {ctx_, ctx_->subject_count()}; }

   private:
    const RuleContext* ctx_;
  };
  Subjects subjects() const { return Subjects(*this); }
};

// The rules, in the order the enforcer runs them.
void check_naming(const RuleContext& ctx, Diagnostics& out);
// Coverage of the subjects [first, end): a finding per model, and on a large
// project (90,000 findings at 100k models) split over the cores.
void check_coverage_of(const RuleContext& ctx, std::size_t first, std::size_t end, Diagnostics& out);
void check_required_tests(const RuleContext& ctx, Diagnostics& out);
void check_documentation(const RuleContext& ctx, Diagnostics& out);
// The DAG's findings: check_refs_and_sources, and check_cycles when the
// subjects are every model.
void check_dag(const RuleContext& ctx, Diagnostics& out);
// check_dag's two halves: a finding per subject's dangling ref() or
// undeclared source(), and the ref() cycles of the whole project (whatever
// the subjects: a cycle belongs to no one model).
void check_refs_and_sources(const RuleContext& ctx, Diagnostics& out);
void check_cycles(const RuleContext& ctx, Diagnostics& out);
void check_custom_rules(const RuleContext& ctx, Diagnostics& out);

// The rules run on ctx's subjects, then judged (below). `overrides_applied`
// gets how many findings an override changed.
std::vector<Diagnostic> judged_findings(const RuleContext& ctx, const std::string& today,
                                        std::size_t& overrides_applied, std::vector<Diagnostic>* notes = nullptr);
// The rules' findings as the policy judges them: overrides applied, the level
// applied, sorted by finding_less, and the overrides' own notes after them
// (or into `notes`, when given).
std::vector<Diagnostic> judge(std::vector<Diagnostic> findings, const GovernancePolicy& policy,
                              const std::string& today, std::size_t& overrides_applied,
                              std::vector<Diagnostic>* notes = nullptr);
// The findings' order: subject, category, code, message, location.
bool finding_less(const Diagnostic& a, const Diagnostic& b);
// A ref() to a missing model or a ref() cycle: dbt refuses the project.
bool breaks_dbt(const Diagnostic& d);
// A result's counts, one finding at a time (after reset_counts), and
// whether it passes.
void reset_counts(EnforcementSummary& s);
void count_finding(const Diagnostic& d, EnforcementSummary& s, bool& dbt_refuses);
bool passes(const EnforcementSummary& s, bool dbt_refuses, const GovernancePolicy& policy);

// Overrides: drops or downgrades matching findings in place; appends one note
// per expired (or undatable) override that would have matched a finding.
// Returns how many findings an override changed.
std::size_t apply_overrides(std::vector<Diagnostic>& findings, const std::vector<PolicyOverride>& overrides,
                            const std::string& today, Diagnostics& notes);

// ---- facts about models, shared by several rules ------------------------

// The layer a model belongs to: its prefix word when the naming pattern
// knows it as a layer (medallion bronze/silver/gold, kimball dim/fact/...,
// data_vault hub/link/...; custom: any word before the first '_'), else "".
std::string layer_of(std::string_view model_name, const std::string& pattern);

// Where documentation-ish findings point: the model's yml entry when it has
// one, else its .sql file.
const SourceLocation& doc_location(const dbt::DbtModel& m);

// A test satisfies a required type when the names are equal or the test is
// a package test whose last dotted part equals it ("dbt_utils.unique" counts
// as "unique"; "unique" never counts as "dbt_utils.unique").
bool test_type_matches(const std::string& test_type, const std::string& required);

// fnmatch(3) glob on model names ("gold_*", "legacy_?rders", "[ab]_*").
bool glob_match(const std::string& pattern, const std::string& name);

// ", "-joined with a final ", or " / ", and " (Oxford comma from 3 items).
std::string join_list(const std::vector<std::string>& items, std::string_view conjunction);

// " (set at manifest.yaml:12)" or "" when the location is unknown.
std::string set_at(const SourceLocation& where);

// Percent with as many decimals as it needs: 80 -> "80", 12.5 -> "12.5".
std::string format_percent(double p);

// ---- naming conventions --------------------------------------------------

struct NamingConvention {
  std::string pattern;                 // "medallion", "kimball", "data_vault"
  std::vector<std::string> prefixes;   // layer words, in display order
  std::string expected;                // "bronze_*, silver_*, or gold_* prefix"
};

// The built-in convention for `pattern`, or nullptr (custom / unknown).
const NamingConvention* builtin_convention(const std::string& pattern);

// Why `name` fails `conv` ("" if it conforms): checked by hand rather than by
// std::regex so 50k names cost microseconds, with the exact semantics of
// ^(p1|p2|...)_[a-z][a-z0-9_]*$.
bool conforms(const NamingConvention& conv, std::string_view name);

// The fix for a non-conforming name: "rename to 'bronze_payments'" or, when
// no rename can be derived, which prefixes are allowed and why.
std::string naming_hint(const NamingConvention& conv, const dbt::DbtModel& m);

// ---- documentation -------------------------------------------------------

// The placeholder word or phrase in `text` as written ("TBD", "Coming soon"),
// or "" when the description is real.
std::string find_placeholder(std::string_view text);

// ---- graph ---------------------------------------------------------------

// Every cycle of a directed graph given as adjacency lists, one per strongly
// connected component (a self-loop counts): the shortest cycle through the
// component's smallest node, as node indices starting and ending there.
// Iterative (Tarjan + BFS): no recursion, linear in nodes + edges.
std::vector<std::vector<std::size_t>> find_cycles(const std::vector<std::vector<std::size_t>>& adjacency,
                                                  std::vector<std::size_t>* component_sizes = nullptr);

}  // namespace floe::enforce
