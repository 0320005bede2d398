// Naming rule (FLOE-E201): every model name follows the platform's naming
// convention. Built-in conventions are checked by hand; custom patterns are
// compiled once per run.
#include <fmt/format.h>

#include "core/regex.hpp"
#include "diag/codes.hpp"
#include "enforce/enforce_detail.hpp"

namespace floe::enforce {

namespace {

Diagnostic naming_finding(const dbt::DbtModel& m, Severity severity) {
  Diagnostic d;
  d.severity = severity;
  d.code = codes::E201;
  d.category = "naming";
  d.message = fmt::format("'{}' violates naming convention", m.name);
  d.where = m.where;
  d.subject = m.name;
  return d;
}

void check_builtin(const RuleContext& ctx, const NamingConvention& conv, Severity severity, Diagnostics& out) {
  for (const dbt::DbtModel& m : ctx.subjects()) {
    if (conforms(conv, m.name)) continue;
    Diagnostic d = naming_finding(m, severity);
    auto underscore = m.name.find('_');
    std::string word = underscore == std::string::npos ? std::string{} : m.name.substr(0, underscore);
    bool prefix_ok = false;
    for (const auto& p : conv.prefixes) prefix_ok = prefix_ok || p == word;
    if (prefix_ok) {
      // The layer is right; what follows it is not lowercase snake_case.
      d.expected = fmt::format("a lowercase letter after '{}_', then lowercase letters, digits or underscores", word);
      d.actual = fmt::format("'{}' after '{}_'", m.name.substr(underscore + 1), word);
    } else {
      d.expected = conv.expected;
      d.actual = word.empty() ? std::string("no prefix") : fmt::format("prefix '{}_'", word);
    }
    d.hint = naming_hint(conv, m);
    out.add(std::move(d));
  }
}

void check_custom(const RuleContext& ctx, Severity severity, Diagnostics& out) {
  const NamingPolicy& naming = ctx.policy.naming;
  if (naming.custom_patterns.empty()) {
    Diagnostic d;
    d.code = codes::C207;
    d.category = "naming";
    d.message = "naming pattern 'custom' has no custom_patterns, so no model name can be checked";
    d.where = naming.where;
    d.subject = "data_architecture.naming.custom_patterns";
    d.expected = "at least one regular expression";
    d.hint = "add data_architecture.naming.custom_patterns, e.g. [\"^(raw|stg|mart)_[a-z][a-z0-9_]*$\"]";
    out.add(std::move(d));
    return;
  }
  std::vector<Regex> compiled;
  compiled.reserve(naming.custom_patterns.size());
  for (const auto& p : naming.custom_patterns) {
    if (Regex re(p); re.ok()) {
      compiled.push_back(std::move(re));
      continue;
    }
    Diagnostic d;
    d.code = codes::C206;
    d.category = "naming";
    d.message = fmt::format("custom naming pattern '{}' is not a valid regular expression", p);
    d.where = naming.where;
    d.subject = "data_architecture.naming.custom_patterns";
    d.expected = "an RE2 regular expression (no backreferences or lookaround)";
    d.actual = regex_problem(p);
    out.add(std::move(d));
  }
  if (compiled.empty()) return;  // every pattern was reported above
  std::string expected = fmt::format("a name matching {}", join_list(naming.custom_patterns, "or"));
  std::string hint = fmt::format("rename it to match one of data_architecture.naming.custom_patterns{}", set_at(naming.where));
  for (const dbt::DbtModel& m : ctx.subjects()) {
    // Anchored at the start like Python's re.match (the alpha peer), so
    // unanchored alpha patterns keep their meaning.
    bool ok = false;
    for (const auto& re : compiled) {
      if (re.match_prefix(m.name)) {
        ok = true;
        break;
      }
    }
    if (ok) continue;
    Diagnostic d = naming_finding(m, severity);
    d.expected = expected;
    d.actual = fmt::format("'{}'", m.name);
    d.hint = hint;
    out.add(std::move(d));
  }
}

}  // namespace

void check_naming(const RuleContext& ctx, Diagnostics& out) {
  const NamingPolicy& naming = ctx.policy.naming;
  if (naming.enforcement == EnforcementLevel::off) return;
  Severity severity = naming.enforcement == EnforcementLevel::strict ? Severity::error : Severity::warning;
  if (const NamingConvention* conv = builtin_convention(naming.pattern)) {
    check_builtin(ctx, *conv, severity, out);
  } else if (naming.pattern == "custom") {
    check_custom(ctx, severity, out);
  } else {
    Diagnostic d;
    d.code = codes::C104;
    d.category = "naming";
    d.message = fmt::format("unknown naming pattern '{}', so model names are not checked", naming.pattern);
    d.where = naming.where;
    d.subject = "data_architecture.pattern";
    d.expected = "medallion, kimball, data_vault, or custom";
    std::string guess = closest_match(naming.pattern, {"medallion", "kimball", "data_vault", "custom"});
    if (!guess.empty()) d.hint = fmt::format("did you mean '{}'?", guess);
    out.add(std::move(d));
  }
}

}  // namespace floe::enforce
