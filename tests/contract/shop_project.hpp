// A dbt project built in memory for the contract tests: "shop" with one
// documented model, gold_customers, its columns and tests located in
// models/gold/gold.yml.
#pragma once

#include "dbt/dbt_project.hpp"

namespace floe::test {

inline dbt::DbtProject shop_project() {
  dbt::DbtProject p;
  p.name = "shop";
  dbt::DbtModel m;
  m.name = "gold_customers";
  m.yml_where = {"models/gold/gold.yml", 3, 5};
  m.where = {"models/gold/gold_customers.sql", 1, 1};
  auto column = [](const char* name, const char* type, int line) {
    dbt::DbtColumn c;
    c.name = name;
    c.data_type = type;
    c.line = line;  // in models/gold/gold.yml, the model's properties file
    c.column = 11;
    return c;
  };
  m.columns = {column("customer_id", "integer", 7), column("email", "varchar", 10), column("lifetime_value", "double", 12),
               column("segment", "", 14)};
  m.tests = {dbt::DbtTest{"unique", "customer_id"}, dbt::DbtTest{"not_null", "customer_id"},
             dbt::DbtTest{"not_null", "email"}};
  p.models.push_back(m);
  return p;
}

}  // namespace floe::test
