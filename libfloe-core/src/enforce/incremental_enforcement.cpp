#include "enforce/incremental_enforcement.hpp"

#include <algorithm>
#include <unordered_set>
#include <utility>

#include "diag/codes.hpp"
#include "enforce/enforce_detail.hpp"

namespace floe {

namespace {

bool same_finding(const Diagnostic& a, const Diagnostic& b) {
  return a.severity == b.severity && a.code == b.code && a.category == b.category && a.message == b.message &&
         a.where.file == b.where.file && a.where.line == b.where.line && a.where.column == b.where.column &&
         a.expected == b.expected && a.actual == b.actual && a.hint == b.hint;
}

// What is in `after` and not in `before` (each finding counted once: two
// equal findings are two).
void add_new(const std::vector<Diagnostic>& before, const std::vector<Diagnostic>& after,
             std::vector<Diagnostic>& out) {
  std::vector<char> used(before.size(), 0);
  for (const Diagnostic& d : after) {
    bool found = false;
    for (std::size_t i = 0; i < before.size() && !found; ++i)
      if (!used[i] && same_finding(before[i], d)) {
        used[i] = 1;
        found = true;
      }
    if (!found) out.push_back(d);
  }
}

void diff_group(const std::vector<Diagnostic>& before, const std::vector<Diagnostic>& after, FindingDelta& delta) {
  add_new(before, after, delta.appeared);
  add_new(after, before, delta.resolved);
}

const std::vector<Diagnostic>& group_or_empty(const std::map<std::string, std::vector<Diagnostic>, std::less<>>& groups,
                                              std::string_view subject) {
  static const std::vector<Diagnostic> none;
  auto it = groups.find(subject);
  return it == groups.end() ? none : it->second;
}

}  // namespace

IncrementalEnforcement::IncrementalEnforcement(GovernancePolicy policy, std::string today)
    : policy_(std::move(policy)), today_(std::move(today)) {}

IncrementalEnforcement::~IncrementalEnforcement() = default;

bool IncrementalEnforcement::closes_cycle(std::size_t model, const std::string& ref) const {
  auto start = all_->model_index.find(ref);
  if (start == all_->model_index.end()) return false;
  const auto& models = all_->project.models;
  std::vector<char> seen(models.size(), 0);
  std::vector<std::size_t> stack{start->second};
  while (!stack.empty()) {
    const std::size_t at = stack.back();
    stack.pop_back();
    if (at == model) return true;
    if (seen[at]) continue;
    seen[at] = 1;
    for (const std::string& next : models[at].refs) {
      auto it = all_->model_index.find(next);
      if (it != all_->model_index.end() && !seen[it->second]) stack.push_back(it->second);
    }
  }
  return false;
}

FindingDelta IncrementalEnforcement::judge_all(const dbt::DbtProject& project) {
  all_ = std::make_unique<enforce::RuleContext>(project, policy_);
  refs_.clear();
  refs_.reserve(project.models.size());
  for (const auto& m : project.models) refs_.push_back(m.refs);
  std::vector<Diagnostic> notes;
  std::vector<Diagnostic> found = enforce::judged_findings(*all_, today_, summary_.overrides_applied, &notes);
  std::map<std::string, std::vector<Diagnostic>, std::less<>> groups;
  std::vector<std::string> cycles;
  for (Diagnostic& d : found) {
    if (d.code == codes::E302 && (cycles.empty() || cycles.back() != d.subject)) cycles.push_back(d.subject);
    groups[d.subject].push_back(std::move(d));
  }
  FindingDelta delta;
  for (const auto& [subject, list] : groups) diff_group(group_or_empty(by_subject_, subject), list, delta);
  for (const auto& [subject, list] : by_subject_)
    if (!groups.count(subject)) diff_group(list, {}, delta);
  diff_group(notes_, notes, delta);
  by_subject_ = std::move(groups);
  cycle_subjects_ = std::move(cycles);
  notes_ = std::move(notes);
  recount(project.models.size());
  return delta;
}

FindingDelta IncrementalEnforcement::judge_changed(const dbt::DbtProject& project,
                                                   const std::vector<std::string>& changed) {
  if (!policy_.overrides.empty() || !all_ || &all_->project != &project || refs_.size() != project.models.size())
    return judge_all(project);
  std::vector<std::size_t> subjects;
  std::unordered_set<std::string_view> names;
  for (const std::string& name : changed) {
    const dbt::DbtModel* m = project.find_model(name);
    if (m == nullptr || !names.insert(m->name).second) continue;
    subjects.push_back(static_cast<std::size_t>(m - project.models.data()));
  }
  std::sort(subjects.begin(), subjects.end());

  // The subjects' findings, without cycles, and any finding about the policy
  // itself dropped (the rules say those again whatever the subjects).
  enforce::RuleContext some(*all_, &subjects);
  std::size_t ignored = 0;
  std::map<std::string, std::vector<Diagnostic>, std::less<>> fresh;
  for (const std::string_view name : names) fresh[std::string(name)];
  for (Diagnostic& d : enforce::judged_findings(some, today_, ignored)) {
    auto it = fresh.find(d.subject);
    if (it != fresh.end()) it->second.push_back(std::move(d));
  }
  // The cycles change only with the refs: found again on the whole project
  // when a ref was removed while there were cycles, or a new ref closes one.
  bool recheck = false;
  for (const std::size_t at : subjects) {
    const std::vector<std::string>& now = project.models[at].refs;
    if (now == refs_[at]) continue;
    recheck = recheck || !cycle_subjects_.empty();
    for (const std::string& ref : now)
      if (!recheck && std::find(refs_[at].begin(), refs_[at].end(), ref) == refs_[at].end())
        recheck = closes_cycle(at, ref);
    refs_[at] = now;
  }
  if (!recheck) {
    // The subjects keep the cycles they had.
    for (auto& [subject, list] : fresh)
      for (const Diagnostic& d : group_or_empty(by_subject_, subject))
        if (d.code == codes::E302) list.push_back(d);
    return apply_groups(std::move(fresh), cycle_subjects_, project.models.size());
  }
  Diagnostics cycles;
  enforce::check_cycles(*all_, cycles);
  std::vector<Diagnostic> judged_cycles = enforce::judge(std::move(cycles.items()), policy_, today_, ignored);

  // Every group whose findings may differ: the subjects', and those that held
  // or now hold a cycle. Each becomes its non-cycle findings (the subjects'
  // fresh ones, the others' as they were) with its cycles, in order.
  std::map<std::string, std::vector<Diagnostic>, std::less<>> next = std::move(fresh);
  for (const std::string& subject : cycle_subjects_)
    if (!next.count(subject)) {
      std::vector<Diagnostic>& list = next[subject];
      for (const Diagnostic& d : group_or_empty(by_subject_, subject))
        if (d.code != codes::E302) list.push_back(d);
    }
  std::vector<std::string> cycle_subjects;
  for (Diagnostic& d : judged_cycles) {
    if (cycle_subjects.empty() || cycle_subjects.back() != d.subject) cycle_subjects.push_back(d.subject);
    auto it = next.find(d.subject);
    if (it == next.end()) {
      std::vector<Diagnostic>& list = next[d.subject];
      for (const Diagnostic& kept : group_or_empty(by_subject_, d.subject))
        if (kept.code != codes::E302) list.push_back(kept);
      it = next.find(d.subject);
    }
    it->second.push_back(std::move(d));
  }
  return apply_groups(std::move(next), std::move(cycle_subjects), project.models.size());
}

FindingDelta IncrementalEnforcement::apply_groups(std::map<std::string, std::vector<Diagnostic>, std::less<>> next,
                                                  std::vector<std::string> cycle_subjects, std::size_t models) {
  // The counts follow the groups replaced (recounting 10,000 findings
  // was most of a round).
  FindingDelta delta;
  for (auto& [subject, list] : next) {
    std::stable_sort(list.begin(), list.end(), enforce::finding_less);
    const std::vector<Diagnostic>& before = group_or_empty(by_subject_, subject);
    diff_group(before, list, delta);
    tally(before, false);
    tally(list, true);
    if (list.empty())
      by_subject_.erase(subject);
    else
      by_subject_[subject] = std::move(list);
  }
  cycle_subjects_ = std::move(cycle_subjects);
  summary_.models = models;
  passed_ = enforce::passes(summary_, refusing_ != 0, policy_);
  return delta;
}

void IncrementalEnforcement::tally(const std::vector<Diagnostic>& findings, bool add) {
  for (const Diagnostic& d : findings) {
    std::size_t& category = summary_.by_category[d.category];
    const bool refuses = enforce::breaks_dbt(d) && d.severity == Severity::error;
    if (add) {
      ++category;
      summary_.errors += d.severity == Severity::error;
      summary_.warnings += d.severity == Severity::warning;
      refusing_ += refuses;
    } else {
      --category;
      summary_.errors -= d.severity == Severity::error;
      summary_.warnings -= d.severity == Severity::warning;
      refusing_ -= refuses;
    }
  }
}

void IncrementalEnforcement::recount(std::size_t models) {
  enforce::reset_counts(summary_);
  summary_.models = models;
  refusing_ = 0;
  for (const auto& [subject, list] : by_subject_) tally(list, true);
  tally(notes_, true);
  passed_ = enforce::passes(summary_, refusing_ != 0, policy_);
}

std::vector<Diagnostic> IncrementalEnforcement::findings() const {
  std::vector<Diagnostic> out;
  for (const auto& [subject, list] : by_subject_) out.insert(out.end(), list.begin(), list.end());
  out.insert(out.end(), notes_.begin(), notes_.end());
  return out;
}

}  // namespace floe
