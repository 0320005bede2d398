// A product's Airflow DAG: the data floe_product.json holds (read by the
// template floe_dag.py beside it), built from the product's compiled
// artifacts and the platform's orchestrator config.
#pragma once

#include <boost/json/object.hpp>

#include <string>

namespace floe::orchestrator_airflow {

struct dag_settings {               // plugins.orchestrator.config
  std::string floe_command = "floe";  // what the tasks run
  int retries = 2;                    // per task
  int retry_delay_seconds = 300;
};

struct dag_request {
  boost::json::object artifacts;  // compiled_artifacts.json
  std::string product_file;       // the product's floe.yaml, absolute
  dag_settings settings;
};

// <domain>__<product> (<product> for a 2-tier product) in the characters
// Airflow allows in a DAG id ([A-Za-z0-9_.-]; any other becomes '_'), so the
// products of many domains coexist in one Airflow.
std::string dag_id_of(const std::string& domain, const std::string& product);

// A name in the characters Airflow allows in task and DAG ids.
std::string task_id_of(const std::string& name);

// floe_product.json's content. Throws floe::sdk::error INVALID_ARGUMENT
// naming the artifact key at fault (a schedule timezone Airflow does not
// support, no product name), NOT_FOUND without a product file or dbt project.
boost::json::object dag_product(const dag_request& request);

// The timetable's inputs checked and the cron returned as five fields
// (@daily and the other macros spelled out): INVALID_ARGUMENT naming
// `where` for a timezone Airflow does not support or a cron that is neither.
std::string airflow_cron(const std::string& cron, const std::string& timezone, const std::string& where);

}  // namespace floe::orchestrator_airflow
