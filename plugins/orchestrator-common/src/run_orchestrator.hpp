// The orchestrator plugins whose tasks run floe (Airflow, Prefect): the
// methods they answer alike from a product's run_product data. A plugin
// class derives from it and adds its descriptor and get_helm_values.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string>

#include "file_orchestrator.hpp"
#include "run_product.hpp"

namespace floe::orchestrator_common {

class run_orchestrator : public file_orchestrator {
 public:
  // The template, floe_layers.py and floe_product.json; the location is the
  // DAG or flow id, the asset prefix [domain,] product.
  boost::json::value create_definitions(const boost::json::value& request) const;
  // Ids of the transforms in the orchestrator's characters.
  boost::json::value create_assets_from_transforms(const boost::json::value& request) const;

 protected:
  // service "Airflow" (named in refusals), entry "floe_dag.py"; the config.
  run_orchestrator(std::string service, std::string entry, const boost::json::object& config);

 private:
  std::string service_;
  run_settings settings_;
};

}  // namespace floe::orchestrator_common
