#include "contract/contract_generator.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <algorithm>
#include <cctype>
#include <cmath>

#include "contract/odcs_schema.hpp"
#include "contract/sla_values.hpp"
#include "contract/type_compat.hpp"
#include "enforce/enforce_detail.hpp"
#include "core/text.hpp"

namespace floe {
namespace {

namespace json = boost::json;

// Folded YAML descriptions end in a newline that means nothing in a contract.
std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

bool tested(const dbt::DbtModel& m, const std::string& column, const char* type) {
  return std::any_of(m.tests.begin(), m.tests.end(), [&](const dbt::DbtTest& t) {
    return ascii_lower(t.column_name) == ascii_lower(column) && enforce::test_type_matches(t.type, type);
  });
}

// dbt's generic tests as ODCS quality rules: the ones ODCS has a metric for
// as library rules (datacontract-cli runs them), the others as text.
json::array quality_of(const dbt::DbtModel& m, const std::string& column) {
  json::array rules;
  for (const auto& t : m.tests) {
    if (ascii_lower(t.column_name) != ascii_lower(column)) continue;
    if (enforce::test_type_matches(t.type, "not_null"))
      rules.push_back(json::object{{"type", "library"}, {"metric", "nullValues"}, {"mustBe", 0}, {"description", "dbt test not_null"}});
    else if (enforce::test_type_matches(t.type, "unique"))
      rules.push_back(json::object{{"type", "library"}, {"metric", "duplicateValues"}, {"mustBe", 0}, {"description", "dbt test unique"}});
    else
      rules.push_back(json::object{{"type", "text"}, {"description", fmt::format("dbt test {}", t.type)}});
  }
  return rules;
}

}  // namespace

json::value generate_contract(const ContractSeed& seed, const dbt::DbtModel& model, const CatalogTypes& catalog,
                              const ContractPolicy* policy) {
  json::object doc;
  doc["apiVersion"] = std::string(kOdcsApiVersionWritten);
  doc["kind"] = "DataContract";
  doc["id"] = fmt::format("urn:floe:{}:{}:{}", seed.domain.empty() ? "default" : seed.domain, seed.product, seed.port);
  doc["name"] = seed.port;
  doc["version"] = seed.version.empty() ? "1.0.0" : seed.version;
  doc["status"] = "active";
  if (!seed.domain.empty()) doc["domain"] = seed.domain;
  doc["dataProduct"] = seed.product;
  std::string purpose = trimmed(!seed.port_description.empty() ? seed.port_description : model.description);
  if (!purpose.empty()) doc["description"] = json::object{{"purpose", purpose}};
  if (!seed.owner.empty())
    doc["team"] = json::object{{"name", seed.product}, {"members", json::array{json::object{{"username", seed.owner}, {"role", "owner"}}}}};

  const auto catalog_model = catalog.find(model.name);
  json::array properties;
  bool key_given = false;
  for (const auto& c : model.columns) {
    json::object p;
    p["name"] = c.name;
    std::string type = c.data_type;
    if (type.empty() && catalog_model != catalog.end())
      if (auto it = catalog_model->second.find(ascii_lower(c.name)); it != catalog_model->second.end())
        type = it->second;
    std::string logical = logical_type_of(type);
    if (!logical.empty()) p["logicalType"] = logical;
    if (!type.empty()) p["physicalType"] = type;
    bool not_null = tested(model, c.name, "not_null"), unique = tested(model, c.name, "unique");
    p["required"] = not_null;
    if (not_null && unique && !key_given) {
      p["primaryKey"] = true;  // the first column dbt tests unique and not_null: the key
      key_given = true;
    } else if (unique) {
      p["unique"] = true;
    }
    if (policy != nullptr) {
      std::string classification = policy->classification_of(c.name);
      if (!classification.empty()) p["classification"] = classification;
    }
    if (!c.description.empty()) p["description"] = trimmed(c.description);
    json::array quality = quality_of(model, c.name);
    if (!quality.empty()) p["quality"] = std::move(quality);
    properties.push_back(std::move(p));
  }
  json::object object;
  object["name"] = seed.port;
  object["physicalName"] = model.name;
  object["logicalType"] = "object";
  object["physicalType"] = model.materialized == "view" ? "view" : "table";
  if (!model.description.empty()) object["description"] = trimmed(model.description);
  object["properties"] = std::move(properties);
  doc["schema"] = json::array{std::move(object)};

  json::array slas;
  if (auto seconds = seed.freshness.empty() ? std::nullopt : duration_seconds(seed.freshness)) {
    double hours = *seconds / 3600;
    json::object latency{{"property", "latency"}, {"unit", "h"}, {"element", model.name}};
    if (hours == std::floor(hours)) latency["value"] = static_cast<std::int64_t>(hours);
    else latency["value"] = hours;
    latency["description"] = fmt::format("Data at most {} old (the product's slas.freshness)", seed.freshness);
    slas.push_back(std::move(latency));
  }
  if (seed.availability)
    slas.push_back(json::object{{"property", "availability"}, {"value", fmt::format("{}%", *seed.availability)}});
  if (!slas.empty()) doc["slaProperties"] = std::move(slas);
  return doc;
}

}  // namespace floe
