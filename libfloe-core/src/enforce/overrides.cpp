// governance.policy_overrides: the first override whose glob matches a
// finding's model (and whose policy_types include its category) decides it:
// exclude drops it, downgrade turns an error into a warning. Expired
// overrides are skipped, and say so once, so nobody wonders why findings
// came back.
#include <fmt/format.h>

#include <algorithm>

#include "enforce/enforce_detail.hpp"
#include "diag/codes.hpp"

namespace floe::enforce {

namespace {

bool valid_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
    if (s[i] < '0' || s[i] > '9') return false;
  int month = (s[5] - '0') * 10 + (s[6] - '0');
  int day = (s[8] - '0') * 10 + (s[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

bool covers_category(const PolicyOverride& o, const std::string& category) {
  if (o.policy_types.empty()) return true;
  for (const auto& t : o.policy_types)
    // "semantic" is the alpha's name for the DAG checks.
    if (t == category || (t == "semantic" && category == "dag")) return true;
  return false;
}

enum class Usable { yes, expired, bad_date, bad_action };

struct OverrideState {
  Usable usable = Usable::yes;
  std::size_t skipped_matches = 0;  // findings it would have decided, had it been usable
};

}  // namespace

std::size_t apply_overrides(std::vector<Diagnostic>& findings, const std::vector<PolicyOverride>& overrides,
                            const std::string& today, Diagnostics& notes) {
  if (overrides.empty()) return 0;
  std::vector<OverrideState> state(overrides.size());
  for (std::size_t i = 0; i < overrides.size(); ++i) {
    const auto& o = overrides[i];
    if (o.action != "downgrade" && o.action != "exclude")
      state[i].usable = Usable::bad_action;
    else if (!o.expires.empty() && !valid_date(o.expires))
      state[i].usable = Usable::bad_date;
    else if (!o.expires.empty() && o.expires < today)  // ISO dates compare as strings; the expiry day itself still applies
      state[i].usable = Usable::expired;
  }

  std::size_t applied = 0;
  std::vector<Diagnostic> kept;
  kept.reserve(findings.size());
  for (auto& f : findings) {
    // Only model findings (FLOE-E*) can be overridden: a broken policy
    // (FLOE-C*) is not a model's problem to waive.
    bool overridable = f.code.rfind("FLOE-E", 0) == 0;
    bool drop = false;
    for (std::size_t i = 0; overridable && i < overrides.size(); ++i) {
      const auto& o = overrides[i];
      if (!covers_category(o, f.category) || !glob_match(o.pattern, f.subject)) continue;
      if (state[i].usable != Usable::yes) {
        ++state[i].skipped_matches;
        continue;
      }
      if (o.action == "exclude") {
        drop = true;
        ++applied;
      } else if (f.severity == Severity::error) {
        f.severity = Severity::warning;
        f.override_applied = fmt::format("{} ({})", o.pattern, o.reason);
        ++applied;
      }
      break;  // the first usable match decides, even when it has nothing to downgrade
    }
    if (!drop) kept.push_back(std::move(f));
  }
  findings = std::move(kept);

  for (std::size_t i = 0; i < overrides.size(); ++i) {
    const auto& o = overrides[i];
    const auto& s = state[i];
    if (s.usable == Usable::yes || s.skipped_matches == 0) continue;
    Diagnostic d;
    d.category = "override";
    d.subject = o.pattern;
    d.where = o.where;
    d.actual = fmt::format("{} finding{} it matches", s.skipped_matches, s.skipped_matches == 1 ? "" : "s");
    if (s.usable == Usable::expired) {
      d.severity = Severity::note;
      d.code = codes::E410;
      d.message = fmt::format("override '{}' expired on {}; findings apply again", o.pattern, o.expires);
      d.hint = fmt::format("fix the findings, or extend 'expires' if the reason still holds ({})", o.reason);
    } else if (s.usable == Usable::bad_date) {
      d.severity = Severity::warning;
      d.code = codes::C209;
      d.message = fmt::format("override '{}' has an invalid expires date '{}', so it is not applied", o.pattern, o.expires);
      d.expected = "a date YYYY-MM-DD";
    } else {
      d.severity = Severity::warning;
      d.code = codes::C104;
      d.message = fmt::format("override '{}' has an unknown action '{}', so it is not applied", o.pattern, o.action);
      d.expected = "downgrade or exclude";
    }
    notes.add(std::move(d));
  }
  return applied;
}

}  // namespace floe::enforce
