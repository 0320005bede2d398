#include "contract/contract_diff.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <algorithm>
#include <limits>
#include <map>

#include "contract/data_checks.hpp"
#include "contract/sla_values.hpp"
#include "contract/type_compat.hpp"

namespace floe {
namespace {

namespace json = boost::json;

std::string type_of(const ContractProperty& p) {
  return !p.logical_type.empty() ? p.logical_type : logical_type_of(p.physical_type);
}

// The measured values a quality rule accepts: an interval, or everything but
// one (mustNotBe, mustNotBeBetween).
struct Accepted {
  double lo = -std::numeric_limits<double>::infinity(), hi = std::numeric_limits<double>::infinity();
  bool lo_open = true, hi_open = true;
  bool complement = false;
};

Accepted accepted(const DataCheck& c) {
  Accepted a;
  const std::string& op = c.op;
  if (op == "mustBe" || op == "mustNotBe") {
    a.lo = a.hi = c.low;
    a.lo_open = a.hi_open = false;
  } else if (op == "mustBeGreaterThan" || op == "mustBeGreaterOrEqualTo") {
    a.lo = c.low;
    a.lo_open = op == "mustBeGreaterThan";
  } else if (op == "mustBeLessThan" || op == "mustBeLessOrEqualTo") {
    a.hi = c.low;
    a.hi_open = op == "mustBeLessThan";
  } else {  // mustBeBetween, mustNotBeBetween: bounds inclusive
    a.lo = c.low;
    a.hi = c.high;
    a.lo_open = a.hi_open = false;
  }
  a.complement = op == "mustNotBe" || op == "mustNotBeBetween";
  return a;
}

// The interval [x.lo, x.hi] (with its open ends) holds all of y's.
bool interval_holds(const Accepted& x, const Accepted& y) {
  bool low = x.lo < y.lo || (x.lo == y.lo && (!x.lo_open || y.lo_open));
  bool high = x.hi > y.hi || (x.hi == y.hi && (!x.hi_open || y.hi_open));
  return low && high;
}

bool intervals_disjoint(const Accepted& x, const Accepted& y) {
  auto before = [](const Accepted& p, const Accepted& q) {
    return p.hi < q.lo || (p.hi == q.lo && (p.hi_open || q.lo_open));
  };
  return before(x, y) || before(y, x);
}

// Every value `b` accepts, `a` accepts too.
bool accepts_all_of(const Accepted& a, const Accepted& b) {
  if (!a.complement && !b.complement) return interval_holds(a, b);
  if (a.complement && b.complement) return interval_holds(b, a);  // a excludes less
  if (a.complement) return intervals_disjoint(a, b);              // b never reaches what a excludes
  return false;  // an interval never holds "all but one interval"
}

// "gold_customers.id.nullValues": what a rule change is about.
std::string check_subject(const DataCheck& c) {
  return c.model + (c.column.empty() ? "" : "." + c.column) + "." + c.metric;
}

std::string check_key(const DataCheck& c) {
  return c.model + '\x1f' + c.column + '\x1f' + c.metric + '\x1f' + (c.kind == DataCheck::Kind::sql ? c.query : "");
}

class Differ {
 public:
  explicit Differ(std::vector<ContractChange>& out) : out_(out) {}

  void objects(const DataContract& a, const DataContract& b) {
    for (const auto& o : a.objects) {
      const ContractObject* n = b.find_object(o.name);
      if (n == nullptr) {
        add(true, "table_removed", o.name, fmt::format("table '{}' ({}) removed", o.name, o.model()), o.where, {});
        continue;
      }
      if (n->model() != o.model())
        add(true, "table_renamed", o.name, fmt::format("table '{}' now reads '{}' instead of '{}'", o.name, n->model(), o.model()),
            o.where, n->where);
      if (n->description != o.description)
        add(false, "description_changed", o.name, fmt::format("description of table '{}' changed", o.name), o.where, n->where);
      properties(o, *n);
    }
    for (const auto& n : b.objects)
      if (a.find_object(n.name) == nullptr)
        add(false, "table_added", n.name, fmt::format("table '{}' ({}) added", n.name, n.model()), {}, n.where);
  }

  // Quality rules (ODCS `quality` of type library and sql) from the
  // consumer's side, as datacontract-cli's `breaking` judges them: a rule
  // removed, loosened, made a warning, or its valid values widened is a
  // guarantee lost (breaking); added, tightened or narrowed is not.
  void quality(const DataContract& a, const DataContract& b) {
    std::multimap<std::string, DataCheck> added;
    for (auto& c : data_checks(b))
      if (c.kind != DataCheck::Kind::freshness) added.emplace(check_key(c), std::move(c));
    for (const auto& o : data_checks(a)) {
      if (o.kind == DataCheck::Kind::freshness) continue;  // an SLA: slas() judges it
      std::string subject = check_subject(o);
      auto it = added.find(check_key(o));
      if (it == added.end()) {
        add(true, "quality_rule_removed", subject, fmt::format("quality rule '{}' removed", o.name), o.where, {});
        continue;
      }
      const DataCheck n = std::move(it->second);
      added.erase(it);
      rule_changes(o, n, subject);
    }
    for (const auto& [key, n] : added)
      add(false, "quality_rule_added", check_subject(n),
          fmt::format("quality rule '{}' added", n.name), {}, n.where);
  }

  void slas(const DataContract& a, const DataContract& b) {
    for (const auto& s : a.slas) {
      const ContractSla* n = b.find_sla(s.property);
      std::string subject = "sla." + s.property;
      if (n == nullptr) {
        add(true, "sla_removed", subject, fmt::format("SLA '{}' removed", s.property), s.where, {});
        continue;
      }
      if (s.property == "availability") {
        auto before = percent_value(s.value), after = percent_value(n->value);
        if (before && after && *after != *before)
          add(*after < *before, *after < *before ? "sla_weakened" : "sla_strengthened", subject,
              fmt::format("availability {}% -> {}%", *before, *after), s.where, n->where);
        continue;
      }
      auto before = sla_seconds(s.value, s.unit), after = sla_seconds(n->value, n->unit);
      if (before && after && *after != *before) {
        // Durations (latency, freshness, retention...): a longer latency or
        // freshness is weaker; a shorter retention is weaker.
        bool longer_is_weaker = s.property != "retention";
        bool weaker = longer_is_weaker ? *after > *before : *after < *before;
        add(weaker, weaker ? "sla_weakened" : "sla_strengthened", subject,
            fmt::format("SLA '{}' {}{} -> {}{}", s.property, s.value, s.unit.empty() ? "" : " " + s.unit, n->value,
                        n->unit.empty() ? "" : " " + n->unit),
            s.where, n->where);
      } else if ((!before || !after) && (s.value != n->value || s.unit != n->unit)) {
        add(true, "sla_changed", subject, fmt::format("SLA '{}' {} -> {}", s.property, s.value, n->value), s.where, n->where);
      }
    }
    for (const auto& n : b.slas)
      if (a.find_sla(n.property) == nullptr)
        add(false, "sla_added", "sla." + n.property, fmt::format("SLA '{}' added", n.property), {}, n.where);
  }

 private:
  void rule_changes(const DataCheck& o, const DataCheck& n, const std::string& subject) {
    if (o.blocking != n.blocking)
      add(o.blocking, o.blocking ? "quality_rule_severity_lowered" : "quality_rule_severity_raised", subject,
          fmt::format("quality rule '{}' {}", o.name,
                      o.blocking ? "is now only a warning: a failing run no longer stops" : "now blocks (severity error)"),
          o.where, n.where);
    if (o.values != n.values) {
      auto holds_all = [](const std::vector<json::value>& big, const std::vector<json::value>& small) {
        return std::all_of(small.begin(), small.end(),
                           [&](const json::value& v) { return std::find(big.begin(), big.end(), v) != big.end(); });
      };
      bool widened = holds_all(n.values, o.values), narrowed = holds_all(o.values, n.values);
      if (o.metric == "invalidValues" && widened)
        add(true, "valid_values_widened", subject,
            fmt::format("quality rule '{}' accepts more values ({} -> {})", o.name, o.values.size(), n.values.size()),
            o.where, n.where);
      else if (o.metric == "invalidValues" && narrowed)
        add(false, "valid_values_narrowed", subject,
            fmt::format("quality rule '{}' accepts fewer values ({} -> {})", o.name, o.values.size(), n.values.size()),
            o.where, n.where);
      else
        add(true, "quality_rule_changed", subject, fmt::format("quality rule '{}' counts other values", o.name), o.where,
            n.where);
    }
    if (o.percent != n.percent || o.columns != n.columns) {
      add(true, "quality_rule_changed", subject,
          fmt::format("quality rule '{}' measures something else now ({} -> {})", o.name, o.percent ? "percent" : "rows",
                      n.percent ? "percent" : "rows"),
          o.where, n.where);
      return;
    }
    auto same_number = [](double x, double y) { return x == y || (x != x && y != y); };  // NaN: the same rule
    if (o.op == n.op && same_number(o.low, n.low) && same_number(o.high, n.high)) return;
    Accepted before = accepted(o), after = accepted(n);
    bool looser = accepts_all_of(after, before), tighter = accepts_all_of(before, after);
    if (looser && tighter) return;  // the same values pass
    std::string change = fmt::format("{} -> {}", threshold_text(o), threshold_text(n));
    if (looser)
      add(true, "quality_rule_loosened", subject, fmt::format("quality rule '{}' loosened: {}", o.name, change), o.where,
          n.where);
    else if (tighter)
      add(false, "quality_rule_tightened", subject, fmt::format("quality rule '{}' tightened: {}", o.name, change),
          o.where, n.where);
    else
      add(true, "quality_rule_changed", subject, fmt::format("quality rule '{}' changed: {}", o.name, change), o.where,
          n.where);
  }

  void properties(const ContractObject& a, const ContractObject& b) {
    for (const auto& p : a.properties) {
      std::string subject = a.name + "." + p.name;
      const ContractProperty* n = b.find(p.name);
      if (n == nullptr) {
        add(true, "column_removed", subject, fmt::format("column '{}' removed from '{}'", p.name, a.name), p.where, b.where);
        continue;
      }
      std::string before = type_of(p), after = type_of(*n);
      if (before != after) {
        bool narrows = logical_type_narrows(before, after);
        add(narrows, narrows ? "type_changed" : "type_widened", subject,
            fmt::format("column '{}' type {} -> {}", p.name, before.empty() ? "(unset)" : before, after.empty() ? "(unset)" : after),
            p.where, n->where);
      } else if (p.physical_type != n->physical_type) {
        add(false, "physical_type_changed", subject,
            fmt::format("column '{}' physical type {} -> {} (same logical type {})", p.name, p.physical_type, n->physical_type, after),
            p.where, n->where);
      }
      if (p.required != n->required)
        add(true, p.required ? "column_made_optional" : "column_made_required", subject,
            p.required ? fmt::format("column '{}' is no longer required: consumers may get nulls", p.name)
                       : fmt::format("column '{}' is now required (nullable -> required)", p.name),
            p.where, n->where);
      if (p.primary_key && !n->primary_key)
        add(true, "primary_key_dropped", subject, fmt::format("column '{}' is no longer the primary key", p.name), p.where, n->where);
      if (!p.primary_key && n->primary_key)
        add(true, "primary_key_changed", subject, fmt::format("column '{}' became the primary key", p.name), p.where, n->where);
      if (p.unique && !n->unique)
        add(true, "unique_dropped", subject, fmt::format("column '{}' is no longer unique", p.name), p.where, n->where);
      if (p.classification != n->classification)
        add(true, "classification_changed", subject,
            fmt::format("column '{}' classification {} -> {}", p.name, p.classification.empty() ? "(unset)" : p.classification,
                        n->classification.empty() ? "(unset)" : n->classification),
            p.where, n->where);
      if (p.description != n->description)
        add(false, "description_changed", subject, fmt::format("description of column '{}' changed", p.name), p.where, n->where);
    }
    for (const auto& n : b.properties)
      if (a.find(n.name) == nullptr)
        add(false, "column_added", a.name + "." + n.name, fmt::format("column '{}' added to '{}'", n.name, a.name), a.where,
            n.where);
  }

  void add(bool breaking, std::string kind, std::string subject, std::string message, SourceLocation old_where,
           SourceLocation new_where) {
    out_.push_back({breaking, std::move(kind), std::move(subject), std::move(message), std::move(old_where), std::move(new_where)});
  }

  std::vector<ContractChange>& out_;
};

json::value location(const SourceLocation& w) {
  if (w.file.empty()) return nullptr;
  json::object o{{"file", w.file}};
  if (w.line > 0) o["line"] = w.line;
  if (w.column > 0) o["column"] = w.column;
  return o;
}

}  // namespace

std::vector<ContractChange> diff_contracts(const DataContract& old_contract, const DataContract& new_contract) {
  std::vector<ContractChange> out;
  Differ differ(out);
  differ.objects(old_contract, new_contract);
  differ.quality(old_contract, new_contract);
  differ.slas(old_contract, new_contract);
  // Breaking first: what a reviewer must look at.
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.breaking && !b.breaking; });
  return out;
}

bool has_breaking_change(const std::vector<ContractChange>& changes) {
  return std::any_of(changes.begin(), changes.end(), [](const auto& c) { return c.breaking; });
}

json::value contract_changes_to_json(const std::vector<ContractChange>& changes) {
  json::array list;
  std::size_t breaking = 0;
  for (const auto& c : changes) {
    breaking += c.breaking ? 1 : 0;
    list.push_back(json::object{{"breaking", c.breaking}, {"kind", c.kind},        {"subject", c.subject},
                                {"message", c.message},   {"old", location(c.old_where)}, {"new", location(c.new_where)}});
  }
  return json::object{{"breaking", breaking}, {"non_breaking", changes.size() - breaking}, {"changes", std::move(list)}};
}

}  // namespace floe
