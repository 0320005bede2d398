// Custom rules from governance.custom_rules, each on the models its
// applies_to glob selects: FLOE-E400 missing tags for a prefix, E401 missing
// meta field, E402 too few columns with a test type, E403 forbidden
// materialization.
#include <fmt/format.h>

#include <algorithm>

#include "enforce/enforce_detail.hpp"
#include "diag/codes.hpp"
#include "core/text.hpp"

namespace floe::enforce {

namespace {

std::string rule_ref(const CustomRule& r) {
  std::string out = fmt::format("custom rule '{}'", r.name.empty() ? r.type : r.name);
  if (!r.where.file.empty()) out += r.where.line > 0 ? fmt::format(" at {}:{}", r.where.file, r.where.line)
                                                     : fmt::format(" at {}", r.where.file);
  return out;
}

Diagnostic custom_finding(const dbt::DbtModel& m, const char* code, const SourceLocation& where) {
  Diagnostic d;
  d.code = code;
  d.category = "custom";
  d.subject = m.name;
  d.where = where;
  return d;
}

void require_tags(const CustomRule& r, const dbt::DbtModel& m, Diagnostics& out) {
  if (m.name.compare(0, r.prefix.size(), r.prefix) != 0) return;
  std::vector<std::string> missing;
  for (const auto& t : r.required_tags)
    if (std::find(m.tags.begin(), m.tags.end(), t) == m.tags.end()) missing.push_back(t);
  if (missing.empty()) return;
  Diagnostic d = custom_finding(m, codes::E400, doc_location(m));
  d.message = fmt::format("'{}' is missing required {} {}", m.name, missing.size() == 1 ? "tag" : "tags",
                          join_list(missing, "and"));
  d.expected = fmt::format("tags {} on every '{}*' model ({})", join_list(r.required_tags, "and"), r.prefix, rule_ref(r));
  d.actual = m.tags.empty() ? std::string("no tags") : fmt::format("tags: {}", join_list(m.tags, "and"));
  std::string list;
  for (const auto& t : missing) list += (list.empty() ? "" : ", ") + t;
  d.hint = fmt::format("add tags: [{}] to its config (config() in the .sql or its schema .yml)", list);
  out.add(std::move(d));
}

void require_meta(const CustomRule& r, const dbt::DbtModel& m, Diagnostics& out) {
  auto it = m.meta.find(r.field);
  // meta values are JSON text: null or "" is as good as absent.
  if (it != m.meta.end() && it->second != "null" && it->second != "\"\"") return;
  Diagnostic d = custom_finding(m, codes::E401, doc_location(m));
  d.message = fmt::format("'{}' has no meta field '{}'", m.name, r.field);
  d.expected = fmt::format("meta.{} set ({})", r.field, rule_ref(r));
  d.actual = it == m.meta.end() ? fmt::format("no meta.{}", r.field) : fmt::format("meta.{}: {}", r.field, it->second);
  d.hint = fmt::format("add meta: {{{}: ...}} to its config in its schema .yml", r.field);
  out.add(std::move(d));
}

void require_test_types(const CustomRule& r, const dbt::DbtModel& m, Diagnostics& out) {
  std::vector<std::string> columns;  // distinct columns (case-insensitive) carrying a wanted test
  for (const auto& t : m.tests) {
    if (t.column_name.empty()) continue;
    bool wanted = std::any_of(r.test_types.begin(), r.test_types.end(),
                              [&](const std::string& type) { return test_type_matches(t.type, type); });
    if (!wanted) continue;
    if (std::any_of(columns.begin(), columns.end(),
                    [&](const std::string& c) { return ascii_iequals(c, t.column_name); }))
      continue;
    columns.push_back(t.column_name);
  }
  std::size_t need = static_cast<std::size_t>(std::max(r.min_columns, 1));
  if (columns.size() >= need) return;
  std::string types = join_list(r.test_types, "or");
  Diagnostic d = custom_finding(m, codes::E402, doc_location(m));
  d.message = fmt::format("'{}' has {} {} with a {} test, fewer than the required {}", m.name, columns.size(),
                          columns.size() == 1 ? "column" : "columns", types, need);
  d.expected = fmt::format("at least {} {} with a {} test ({})", need, need == 1 ? "column" : "columns", types,
                           rule_ref(r));
  d.actual = columns.empty() ? std::string("none") : fmt::format("tested: {}", join_list(columns, "and"));
  std::size_t more = need - columns.size();
  const std::string& first_type = r.test_types.empty() ? std::string() : r.test_types[0];
  d.hint = fmt::format("add a {} test to {} {}column{} in its schema .yml", first_type, more,
                       columns.empty() ? "" : "more ", more == 1 ? "" : "s");
  out.add(std::move(d));
}

void forbid_materialization(const CustomRule& r, const dbt::DbtModel& m, Diagnostics& out) {
  // An unset materialization is dbt's default, a view: forbidding views
  // catches models that never chose.
  const std::string& effective = m.materialized.empty() ? std::string("view") : m.materialized;
  if (std::find(r.materializations.begin(), r.materializations.end(), effective) == r.materializations.end()) return;
  Diagnostic d = custom_finding(m, codes::E403, m.where);
  d.message = fmt::format("'{}' is materialized as '{}'{}, which {} forbids", m.name, effective,
                          m.materialized.empty() ? " (dbt's default)" : "", rule_ref(r));
  d.expected = fmt::format("a materialization other than {}", join_list(r.materializations, "or"));
  d.actual = fmt::format("materialized='{}'", effective);
  std::string alternative;
  for (const char* candidate : {"table", "incremental", "view", "ephemeral"}) {
    if (std::find(r.materializations.begin(), r.materializations.end(), candidate) == r.materializations.end()) {
      alternative = candidate;
      break;
    }
  }
  d.hint = alternative.empty() ? std::string("choose a materialization the rule allows")
                               : fmt::format("set {{{{ config(materialized='{}') }}}} in its .sql", alternative);
  out.add(std::move(d));
}

}  // namespace

void check_custom_rules(const RuleContext& ctx, Diagnostics& out) {
  for (const auto& r : ctx.policy.custom_rules) {
    void (*check)(const CustomRule&, const dbt::DbtModel&, Diagnostics&) = nullptr;
    if (r.type == "require_tags_for_prefix") check = require_tags;
    else if (r.type == "require_meta_field") check = require_meta;
    else if (r.type == "require_tests_of_type") check = require_test_types;
    else if (r.type == "forbid_materialization") check = forbid_materialization;
    if (!check) {
      // The manifest validator rejects these first; a policy built in code
      // still gets told rather than silently ignored.
      const std::vector<std::string> known{"require_tags_for_prefix", "require_meta_field", "require_tests_of_type",
                                           "forbid_materialization"};
      Diagnostic d;
      d.code = codes::C104;
      d.category = "custom";
      d.subject = "governance.custom_rules";
      d.where = r.where;
      d.message = fmt::format("unknown custom rule type '{}', so the rule is not applied", r.type);
      d.expected = join_list(known, "or");
      if (std::string guess = closest_match(r.type, known); !guess.empty()) d.hint = fmt::format("did you mean '{}'?", guess);
      out.add(std::move(d));
      continue;
    }
    bool all = r.applies_to.empty() || r.applies_to == "*";
    for (const dbt::DbtModel& m : ctx.subjects())
      if (all || glob_match(r.applies_to, m.name)) check(r, m, out);
  }
}

}  // namespace floe::enforce
