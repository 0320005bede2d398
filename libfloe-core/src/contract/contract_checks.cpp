#include "contract/contract_checks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "contract/sla_values.hpp"
#include "contract/type_compat.hpp"
#include "diag/codes.hpp"
#include "enforce/enforce_detail.hpp"
#include "core/text.hpp"

namespace floe {
namespace {

class PortChecker {
 public:
  PortChecker(const PortContract& port, const dbt::DbtProject& project, const CatalogTypes& catalog,
              const ContractPolicy& policy, ContractCheckResult& result)
      : port_(port), project_(project), catalog_(catalog), policy_(policy), result_(result) {}

  void run() {
    const DataContract& c = port_.contract;
    if (!port_.table.empty() && c.find_object(port_.table) == nullptr)
      add_error(codes::K101, fmt::format("output port '{}' publishes table '{}', which its contract does not describe",
                                         port_.port, port_.table),
                port_.port_where, {{port_.reference_where, "the port's contract"}},
                fmt::format("a schema object named (or with physicalName) '{}' in {}", port_.table, port_.file),
                fmt::format("add the table to {}, or point the port at the contract that describes it", port_.file));
    for (const auto& object : c.objects) check_object(object);
    check_slas();
  }

 private:
  void check_object(const ContractObject& object) {
    const dbt::DbtModel* model = find_model(object.model());
    if (model == nullptr) {
      std::vector<std::string> names;
      for (const auto& m : project_.models) names.push_back(m.name);
      std::string close = closest_match(object.model(), names);
      add_error(codes::K101,
                fmt::format("contract object '{}' names model '{}', which the dbt project '{}' does not have", object.name,
                            object.model(), project_.name),
                object.where, {{port_.port_where, fmt::format("output port '{}'", port_.port)}},
                "a model of the product's dbt project",
                close.empty() ? "set physicalName to the dbt model the port publishes"
                              : fmt::format("did you mean '{}'?", close));
      return;
    }
    auto catalog_model = catalog_.find(model->name);
    bool columns_known = !model->columns.empty() || catalog_model != catalog_.end();
    if (!columns_known && !object.properties.empty()) {
      Diagnostic d = make_diagnostic(
          codes::K109, "contract",
          fmt::format("the columns of model '{}' are not known, so contract '{}' cannot be checked against them",
                      model->name, port_.contract.name.empty() ? port_.file : port_.contract.name),
          object.where, "the model's columns in its YAML, or target/catalog.json",
          "document the model's columns in its .yml, or run `dbt docs generate` before compiling");
      d.severity = Severity::note;
      d.subject = model->name;
      d.related.push_back(model_location(*model));
      result_.findings.add(std::move(d));
      return;
    }
    for (const auto& property : object.properties) {
      ++result_.properties;
      check_property(property, *model, catalog_model == catalog_.end() ? nullptr : &catalog_model->second);
    }
  }

  void check_property(const ContractProperty& p, const dbt::DbtModel& model,
                      const std::map<std::string, std::string>* catalog_columns) {
    const dbt::DbtColumn* column = nullptr;
    for (const auto& c : model.columns)
      if (ascii_iequals(c.name, p.name)) column = &c;
    std::string catalog_type;
    if (catalog_columns != nullptr)
      if (auto it = catalog_columns->find(ascii_lower(p.name)); it != catalog_columns->end()) catalog_type = it->second;
    if (column == nullptr && catalog_type.empty()) {
      std::vector<std::string> names;
      for (const auto& c : model.columns) names.push_back(c.name);
      if (catalog_columns != nullptr)
        for (const auto& [name, unused] : *catalog_columns) names.push_back(name);
      std::string close = closest_match(p.name, names);
      add_error(codes::K102, fmt::format("contract column '{}' is not a column of model '{}'", p.name, model.name),
                p.where, {model_location(model)}, fmt::format("a column of '{}'", model.name),
                close.empty() ? fmt::format("add '{}' to the model (and its YAML), or remove it from the contract", p.name)
                              : fmt::format("did you mean '{}'?", close));
      return;
    }
    RelatedLocation in_model = column != nullptr ? RelatedLocation{dbt::column_location(model, *column), fmt::format("column '{}' of model '{}'", column->name, model.name)}
                                                 : model_location(model);
    std::string model_type = column != nullptr && !column->data_type.empty() ? column->data_type : catalog_type;
    std::string promised = !p.logical_type.empty() ? p.logical_type : logical_type_of(p.physical_type);
    std::string actual = logical_type_of(model_type);
    if (!model_type.empty() && !logical_type_satisfies(actual, promised))
      add_policy(codes::K103,
                 fmt::format("contract column '{}' promises {} but model '{}' has {} ({})", p.name, promised, model.name,
                             model_type, actual.empty() ? "a type floe does not know" : actual),
                 p, in_model, fmt::format("a {} column", promised),
                 fmt::format("cast the column to a {} type in the model, or change the contract's logicalType "
                             "(a breaking change for consumers)",
                             promised));
    if (p.required && !has_test(model, p.name, "not_null"))
      add_policy(codes::K104,
                 fmt::format("contract column '{}' is required, but model '{}' has no not_null test on it", p.name, model.name),
                 p, in_model, "a not_null test on the column",
                 fmt::format("add `data_tests: [not_null]` to column '{}' in the model's YAML", p.name));
    if (p.primary_key) {
      std::vector<std::string> missing;
      for (const char* t : {"unique", "not_null"})
        if (!has_test(model, p.name, t)) missing.emplace_back(t);
      if (!missing.empty())
        add_policy(codes::K105,
                   fmt::format("contract column '{}' is a primary key, but model '{}' lacks {} on it", p.name, model.name,
                               enforce::join_list(missing, "and")),
                   p, in_model, "unique and not_null tests on the primary key",
                   fmt::format("add `data_tests: [unique, not_null]` to column '{}' in the model's YAML", p.name));
    }
    check_pii(p, in_model);
  }

  void check_pii(const ContractProperty& p, const RelatedLocation& in_model) {
    const ClassificationRule* rule = nullptr;
    std::string platform_class = policy_.classification_of(p.name, &rule);
    if (platform_class == "pii" && p.classification != "pii") {
      Diagnostic& d = add_policy(
          codes::K106,
          fmt::format("contract column '{}' is classified '{}', but the platform classifies it pii (pattern '{}')", p.name,
                      p.classification.empty() ? "(unset)" : p.classification, rule->pattern),
          p, in_model, "classification: pii", "set classification: pii on the column (and publish it encrypted)");
      if (d.code == codes::K106) d.related.push_back({rule->where, "the platform's classification rule"});
    }
    bool pii = p.classification == "pii" || platform_class == "pii";
    if (pii && policy_.pii_encryption_required && !p.encrypted) {
      Diagnostic& d = add_policy(
          codes::K106,
          fmt::format("contract column '{}' publishes PII unencrypted, but the platform requires pii_encryption", p.name), p,
          in_model, "encryptedName naming the encrypted column, or no PII column in the contract",
          "publish the encrypted column (encryptedName: <column>_encrypted) or leave the PII column out of the port");
      if (d.code == codes::K106) d.related.push_back({policy_.pii_where, "governance.pii_encryption: required"});
    }
  }

  void check_slas() {
    for (const auto& sla : port_.contract.slas) {
      std::string property = ascii_lower(sla.property);
      if ((property == "freshness" || property == "latency") && policy_.min_freshness_seconds) {
        auto seconds = sla_seconds(sla.value, sla.unit);
        if (seconds && *seconds < *policy_.min_freshness_seconds)
          add_sla(sla, fmt::format("the contract promises {} {}{} but the platform allows no fresher promise than {}",
                                   sla.property, sla.value, sla.unit.empty() ? "" : " " + sla.unit, policy_.min_freshness),
                  fmt::format("{} of at least {}", sla.property, policy_.min_freshness), policy_.min_freshness_where,
                  "governance.data_contracts.min_freshness");
      }
      if (property == "availability" && policy_.max_availability) {
        auto percent = percent_value(sla.value);
        if (percent && *percent > *policy_.max_availability)
          add_sla(sla, fmt::format("the contract promises availability {}% but the platform offers at most {}%",
                                   *percent, *policy_.max_availability),
                  fmt::format("availability of at most {}%", *policy_.max_availability), policy_.max_availability_where,
                  "governance.data_contracts.max_availability");
      }
    }
  }

  void add_sla(const ContractSla& sla, std::string message, std::string expected, const SourceLocation& limit_where,
               const char* limit) {
    if (policy_.level == EnforcementLevel::off) return;
    Diagnostic d = make_diagnostic(codes::K107, "contract", std::move(message), sla.where, std::move(expected),
                                   "promise what the platform can keep, or ask the platform team to raise the limit");
    d.severity = policy_.level == EnforcementLevel::strict ? Severity::error : Severity::warning;
    d.subject = port_.port;
    d.related.push_back({limit_where, limit});
    if (d.severity == Severity::error) result_.passed = false;
    result_.findings.add(std::move(d));
  }

  const dbt::DbtModel* find_model(const std::string& name) const { return project_.find_model(name); }

  static bool has_test(const dbt::DbtModel& m, const std::string& column, const char* type) {
    return std::any_of(m.tests.begin(), m.tests.end(), [&](const dbt::DbtTest& t) {
      return ascii_iequals(t.column_name, column) && enforce::test_type_matches(t.type, type);
    });
  }

  static RelatedLocation model_location(const dbt::DbtModel& m) {
    return {m.yml_where.file.empty() ? m.where : m.yml_where, fmt::format("model '{}'", m.name)};
  }

  void add_error(const char* code, std::string message, SourceLocation where, std::vector<RelatedLocation> related,
                 std::string expected, std::string hint) {
    Diagnostic d = make_diagnostic(code, "contract", std::move(message), std::move(where), std::move(expected), std::move(hint));
    d.subject = port_.port;
    d.related = std::move(related);
    result_.passed = false;
    result_.findings.add(std::move(d));
  }

  // A finding whose weight the governance level decides; returns it so the
  // caller can add related places (a dummy when the level is off).
  Diagnostic& add_policy(const char* code, std::string message, const ContractProperty& p, const RelatedLocation& in_model,
                         std::string expected, std::string hint) {
    if (policy_.level == EnforcementLevel::off) return ignored_;
    Diagnostic d = make_diagnostic(code, "contract", std::move(message), p.where, std::move(expected), std::move(hint));
    d.severity = policy_.level == EnforcementLevel::strict ? Severity::error : Severity::warning;
    d.subject = port_.port;
    d.related.push_back(in_model);
    if (d.severity == Severity::error) result_.passed = false;
    result_.findings.add(std::move(d));
    return result_.findings.items().back();
  }

  const PortContract& port_;
  const dbt::DbtProject& project_;
  const CatalogTypes& catalog_;
  const ContractPolicy& policy_;
  ContractCheckResult& result_;
  Diagnostic ignored_;
};

}  // namespace

ContractCheckResult check_port_contracts(const std::vector<PortContract>& ports, const dbt::DbtProject& project,
                                         const CatalogTypes& catalog, const ContractPolicy& policy) {
  ContractCheckResult result;
  for (const auto& port : ports) {
    ++result.ports;
    PortChecker(port, project, catalog, policy, result).run();
  }
  return result;
}

ContractCheckResult check_port_contract(const PortContract& port, const dbt::DbtProject& project, const CatalogTypes& catalog,
                                        const ContractPolicy& policy) {
  ContractCheckResult result;
  ++result.ports;
  PortChecker(port, project, catalog, policy, result).run();
  return result;
}

}  // namespace floe
