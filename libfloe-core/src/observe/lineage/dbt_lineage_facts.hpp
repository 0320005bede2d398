// What lineage needs to know about the nodes of one dbt project beyond the
// run's events: a model's upstream refs and sources and its documented
// columns (target/manifest.json, read by libfloe-dbt), the columns with
// their types as the warehouse has them (target/catalog.json, when `dbt
// docs generate` wrote one), and which model a data test checks.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dbt/dbt_project.hpp"
#include "observe/lineage/openlineage_event.hpp"

namespace floe::observe {

class DbtLineageFacts {
 public:
  // Reads what there is under <project_dir>/target; an unreadable or absent
  // manifest leaves the facts empty (events then carry no upstream datasets).
  explicit DbtLineageFacts(const std::string& project_dir);

  const dbt::DbtModel* model(const std::string& name) const;

  // The columns of a node: the catalog's (typed, in table order) when it has
  // the node, else the model's documented columns (untyped).
  std::vector<Column> columns(const std::string& unique_id, const dbt::DbtModel* model) const;

  struct TestTarget {
    const dbt::DbtModel* model = nullptr;
    const dbt::DbtTest* test = nullptr;
  };
  // The model and test a data test node checks, from the name dbt gives
  // generic tests (<test>_<model>[_<column>][_<arguments>], namespaced tests
  // with "." as "_"); nullopt for a name that fits no test of any model, or
  // that dbt shortened to a hash and that fits more than one.
  std::optional<TestTarget> test_target(const std::string& test_name) const;

 private:
  dbt::DbtProject project_;
  std::map<std::string, std::vector<Column>> catalog_;  // unique_id -> columns
};

}  // namespace floe::observe
