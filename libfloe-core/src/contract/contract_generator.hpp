// The ODCS contract `floe contract init PORT` writes: the dbt model behind
// the port as the schema (columns, types from the model's YAML or dbt's
// catalog.json, descriptions), what its tests guarantee (not_null ->
// required, unique, unique + not_null -> primary key, every test also as a
// quality rule), owner and domain from the product, SLAs from its `slas`,
// classifications from the platform's rules.
#pragma once

#include <boost/json/value.hpp>

#include <optional>
#include <string>

#include "contract/catalog_types.hpp"
#include "contract/contract_policy.hpp"
#include "dbt/dbt_project.hpp"

namespace floe {

struct ContractSeed {
  std::string product, version, domain, owner;
  std::string port, port_description;
  std::string freshness;               // the product's slas.freshness (ISO-8601), "" = none
  std::optional<double> availability;  // slas.availability, percent
};

// An ODCS document (apiVersion kOdcsApiVersionWritten), keys in the order
// people read them. `policy` may be null (no platform classification).
boost::json::value generate_contract(const ContractSeed& seed, const dbt::DbtModel& model, const CatalogTypes& catalog,
                                     const ContractPolicy* policy);

}  // namespace floe
