// A product for orchestrators whose tasks run floe (Airflow, Prefect): the
// data floe_product.json holds (read by the plugin's template beside it,
// with floe_layers.py), built from the product's compiled artifacts and the
// platform's orchestrator config.
#pragma once

#include <boost/json/object.hpp>

#include <string>

namespace floe::orchestrator_common {

struct run_settings {                 // plugins.orchestrator.config
  std::string floe_command = "floe";  // what the tasks run
  int retries = 2;                    // per task
  int retry_delay_seconds = 300;
  bool local = false;  // the tasks run floe run --local (no Iceberg catalog)
};

// The config's keys (floe_command, retries, retry_delay_seconds, local) as a JSON
// Schema's "properties" body, for the plugin's descriptor.
#define FLOE_RUN_SETTINGS_SCHEMA_PROPERTIES                                                                 \
  R"json("floe_command": {"type": "string", "default": "floe", "description": "The floe executable the tasks )json"    \
  R"json(run (floe run --select ...): a command on the worker's PATH or an absolute path; FLOE_COMMAND in )json"     \
  R"json(the worker's environment overrides it."}, )json"                                                           \
  R"json("retries": {"type": "integer", "minimum": 0, "maximum": 100, "default": 2, "description": "How often )json" \
  R"json(the orchestrator retries a failed task (an ingestion source or a dbt layer)."}, )json"                    \
  R"json("retry_delay_seconds": {"type": "integer", "minimum": 0, "maximum": 86400, "default": 300, )json"         \
  R"json("description": "Seconds between a task's failure and its retry."}, )json"                                 \
  R"json("local": {"type": "boolean", "default": false, "description": "The tasks run floe run --local: the )json"  \
  R"json(product builds into the compute's local database only, not the platform's Iceberg catalog."})json"

// The whole config schema of such a plugin.
inline constexpr char run_settings_schema[] =
    R"json({"type": "object", "additionalProperties": false, "properties": {)json" FLOE_RUN_SETTINGS_SCHEMA_PROPERTIES "}}";

// Throws floe::sdk::error INVALID_CONFIG for an unknown key or a value out of range.
run_settings read_run_settings(const boost::json::object& config);

// `text` in the characters Airflow and Prefect allow in ids ([A-Za-z0-9_.-]):
// any other becomes '_'.
std::string run_name(const std::string& text);

// <domain>__<product> (<product> for a 2-tier product), as run_name: the
// products of many domains coexist in one orchestrator.
std::string run_id_of(const std::string& domain, const std::string& product);

// The schedule's inputs checked and the cron returned as five fields (@daily
// and the other macros spelled out): INVALID_ARGUMENT naming `where` for a
// timezone `service` does not support or a cron that is neither.
std::string run_cron(const std::string& cron, const std::string& timezone, const std::string& where,
                     const std::string& service);

// floe_product.json's content ("id" the DAG or flow id). Throws INVALID_ARGUMENT naming the artifact key at
// fault (a schedule timezone `service` does not support, no product name),
// NOT_FOUND without a product file or dbt project.
boost::json::object run_product(const boost::json::object& artifacts, const std::string& product_file,
                                const run_settings& settings, const std::string& service);

}  // namespace floe::orchestrator_common
