#include "contract/data_checks.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <array>
#include <cmath>

#include "contract/sla_values.hpp"

namespace floe {
namespace {

namespace json = boost::json;

constexpr std::array kOperators{"mustBe",          "mustNotBe",          "mustBeGreaterThan", "mustBeGreaterOrEqualTo",
                                "mustBeLessThan",  "mustBeLessOrEqualTo", "mustBeBetween",     "mustNotBeBetween"};
constexpr std::array kMetrics{"rowCount", "nullValues", "missingValues", "invalidValues", "duplicateValues"};

std::string text_of(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::optional<double> number_of(const json::value& v) {
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  if (v.is_double()) return v.get_double();
  return std::nullopt;
}

bool contains(const auto& list, const std::string& item) {
  for (const auto& x : list)
    if (item == x) return true;
  return false;
}

// The rule's comparison: its one operator and bound(s). A rule without one
// (the schema allows it for text rules only) or with a bound that is not a
// number cannot be judged.
void read_comparison(const json::object& rule, DataCheck& check) {
  for (const char* op : kOperators) {
    const json::value* v = rule.if_contains(op);
    if (v == nullptr) continue;
    check.op = op;
    if (check.op == "mustBeBetween" || check.op == "mustNotBeBetween") {
      const json::array* pair = v->if_array();
      auto lo = pair != nullptr && pair->size() == 2 ? number_of((*pair)[0]) : std::nullopt;
      auto hi = pair != nullptr && pair->size() == 2 ? number_of((*pair)[1]) : std::nullopt;
      if (!lo || !hi) {
        check.unsupported = fmt::format("{} needs two numbers", op);
        return;
      }
      check.low = std::min(*lo, *hi);
      check.high = std::max(*lo, *hi);
    } else if (auto n = number_of(*v)) {
      check.low = *n;
    } else {
      check.unsupported = fmt::format("{} compares with '{}', and floe compares numbers only", op,
                                      v->is_string() ? std::string(v->get_string()) : json::serialize(*v));
    }
    return;
  }
  check.unsupported = "the rule has no comparison (mustBe, mustBeGreaterThan, mustBeBetween, ...)";
}

// The measure a check names, for messages: "gold_orders.status invalidValues".
std::string subject(const DataCheck& c) {
  std::string what = c.column.empty() ? c.model : c.model + "." + c.column;
  return c.kind == DataCheck::Kind::sql ? what + " sql" : what + " " + c.metric;
}

void read_rules(const DataContract& contract, const json::value* rules, const std::string& base,
                const std::string& model, const std::string& column, std::vector<DataCheck>& out) {
  if (rules == nullptr || !rules->is_array()) return;
  for (std::size_t i = 0; i < rules->get_array().size(); ++i) {
    const json::value& item = rules->get_array()[i];
    if (!item.is_object()) continue;
    const json::object& rule = item.get_object();
    std::string type = text_of(rule, "type");
    std::string metric = text_of(rule, "metric");
    if (metric.empty()) metric = text_of(rule, "rule");  // ODCS 3.0's spelling
    if (type.empty()) type = metric.empty() ? "text" : "library";
    if (type != "library" && type != "sql") continue;  // prose, or another engine's rule

    DataCheck check;
    check.path = index_path(join_path(base, "quality"), i);
    check.where = contract.doc.at(check.path);
    check.model = model;
    check.column = column;
    check.kind = type == "sql" ? DataCheck::Kind::sql : DataCheck::Kind::metric;
    check.metric = type == "sql" ? "sql" : metric;
    check.query = text_of(rule, "query");
    check.percent = text_of(rule, "unit") == "percent";
    std::string severity = text_of(rule, "severity");
    check.blocking = severity.empty() || severity == "error";
    read_comparison(rule, check);
    if (type == "library" && !contains(kMetrics, metric))
      check.unsupported = fmt::format("metric '{}' is not one of ODCS's library metrics", metric);
    if (type == "library" && metric != "rowCount" && column.empty() && metric != "duplicateValues")
      check.unsupported = fmt::format("metric '{}' needs a column: put the rule under the property", metric);
    if (const json::object* args = rule.if_contains("arguments") ? rule.at("arguments").if_object() : nullptr) {
      for (const char* key : {"validValues", "missingValues"})
        if (const json::value* v = args->if_contains(key); v != nullptr && v->is_array())
          for (const auto& x : v->get_array()) check.values.push_back(x);
      if (const json::value* v = args->if_contains("properties"); v != nullptr && v->is_array())
        for (const auto& x : v->get_array())
          if (x.is_string()) check.columns.emplace_back(x.get_string());
      if (args->contains("pattern") && check.unsupported.empty())
        check.unsupported = "arguments.pattern needs a regular expression in the engine's dialect; floe runs validValues only";
    }
    if (metric == "invalidValues" && check.values.empty() && check.unsupported.empty())
      check.unsupported = "invalidValues needs arguments.validValues";
    if (metric == "duplicateValues" && column.empty() && check.columns.empty() && check.unsupported.empty())
      check.unsupported = "duplicateValues of a table needs arguments.properties (the columns that must be unique together)";
    if (check.kind == DataCheck::Kind::sql && check.query.empty() && check.unsupported.empty())
      check.unsupported = "a sql rule needs a query";
    std::string own = text_of(rule, "name");
    check.name = own.empty() ? fmt::format("{} {}", subject(check), threshold_text(check)) : own;
    out.push_back(std::move(check));
  }
}

// "gold_orders.updated_at", "customer_profile" or "": the object (and
// column) a freshness SLA is about.
void read_freshness(const DataContract& contract, const ContractSla& sla, std::vector<DataCheck>& out) {
  DataCheck check;
  check.kind = DataCheck::Kind::freshness;
  check.metric = "freshness";
  check.path = sla.path;
  check.where = sla.where;
  check.op = "mustBeLessOrEqualTo";
  std::string element = sla.element;
  std::string object_name = element.substr(0, element.find('.'));
  if (element.find('.') != std::string::npos) check.column = element.substr(element.find('.') + 1);
  const ContractObject* object = object_name.empty() ? nullptr : contract.find_object(object_name);
  if (object == nullptr && object_name.empty() && contract.objects.size() == 1) object = &contract.objects.front();
  if (object != nullptr) check.model = object->model();
  if (object == nullptr)
    check.unsupported = object_name.empty()
                            ? "the SLA names no element, and the contract has more than one table"
                            : fmt::format("element '{}' names no table of the contract", element);
  if (auto seconds = sla_seconds(sla.value, sla.unit)) {
    check.low = *seconds;
  } else if (check.unsupported.empty()) {
    check.unsupported = fmt::format("'{}{}' is not a duration", sla.value, sla.unit.empty() ? "" : " " + sla.unit);
  }
  check.name = fmt::format("{} freshness <= {}{}", check.column.empty() ? check.model : check.model + "." + check.column,
                           sla.value, sla.unit.empty() ? "" : " " + sla.unit);
  out.push_back(std::move(check));
}

}  // namespace

std::vector<DataCheck> data_checks(const DataContract& contract) {
  std::vector<DataCheck> out;
  const json::value* schema =
      contract.doc.root.is_object() ? contract.doc.root.get_object().if_contains("schema") : nullptr;
  for (const auto& object : contract.objects) {
    // object.path is "schema[i]": the rules are read from the document itself
    std::size_t i = std::stoul(object.path.substr(object.path.find('[') + 1));
    if (schema == nullptr || !schema->is_array() || i >= schema->get_array().size()) continue;
    const json::value& item = schema->get_array()[i];
    if (!item.is_object()) continue;
    read_rules(contract, item.get_object().if_contains("quality"), object.path, object.model(), "", out);
    const json::value* props = item.get_object().if_contains("properties");
    if (props == nullptr || !props->is_array()) continue;
    for (std::size_t j = 0; j < props->get_array().size(); ++j) {
      const json::value& p = props->get_array()[j];
      if (!p.is_object()) continue;
      read_rules(contract, p.get_object().if_contains("quality"), index_path(join_path(object.path, "properties"), j),
                 object.model(), text_of(p.get_object(), "name"), out);
    }
  }
  for (const auto& sla : contract.slas)
    if (sla.property == "latency" || sla.property == "freshness") read_freshness(contract, sla, out);
  return out;
}

bool check_passes(const DataCheck& c, double v) {
  const std::string& op = c.op;
  if (op == "mustBe") return v == c.low;
  if (op == "mustNotBe") return v != c.low;
  if (op == "mustBeGreaterThan") return v > c.low;
  if (op == "mustBeGreaterOrEqualTo") return v >= c.low;
  if (op == "mustBeLessThan") return v < c.low;
  if (op == "mustBeLessOrEqualTo") return v <= c.low;
  if (op == "mustBeBetween") return v >= c.low && v <= c.high;
  if (op == "mustNotBeBetween") return v < c.low || v > c.high;
  return false;
}

std::string threshold_text(const DataCheck& c) {
  auto n = [](double x) { return std::floor(x) == x && std::fabs(x) < 1e15 ? fmt::format("{}", static_cast<long long>(x)) : fmt::format("{}", x); };
  std::string unit = c.percent ? " %" : "";
  const std::string& op = c.op;
  if (op == "mustBe") return "= " + n(c.low) + unit;
  if (op == "mustNotBe") return "!= " + n(c.low) + unit;
  if (op == "mustBeGreaterThan") return "> " + n(c.low) + unit;
  if (op == "mustBeGreaterOrEqualTo") return ">= " + n(c.low) + unit;
  if (op == "mustBeLessThan") return "< " + n(c.low) + unit;
  if (op == "mustBeLessOrEqualTo") return "<= " + n(c.low) + unit;
  if (op == "mustBeBetween") return fmt::format("between {} and {}{}", n(c.low), n(c.high), unit);
  if (op == "mustNotBeBetween") return fmt::format("not between {} and {}{}", n(c.low), n(c.high), unit);
  return "(no comparison)";
}

}  // namespace floe
