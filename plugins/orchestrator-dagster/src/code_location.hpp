// A product's Dagster code location: the data floe_product.json holds
// (read by the template definitions.py beside it), built from the product's
// compiled artifacts.
#pragma once

#include <boost/json/object.hpp>

#include <string>

namespace floe::orchestrator_dagster {

struct location_request {
  boost::json::object artifacts;  // compiled_artifacts.json
  std::string product_file;       // the product's floe.yaml, absolute
  std::string floe_command;       // what the ingestion assets run ("floe" on PATH by default)
  std::string default_schedule;   // cron (UTC) for a product without a schedule; "" = none
};

// floe_product.json's content. Throws floe::sdk::error INVALID_ARGUMENT
// naming the artifact key at fault (a schedule timezone Dagster does not
// support, no product name), NOT_FOUND without a product file or dbt project.
boost::json::object code_location(const location_request& request);

// The ScheduleDefinition's inputs checked: INVALID_ARGUMENT for a timezone
// outside the IANA database or a cron without five fields.
void check_schedule(const std::string& cron, const std::string& timezone, const std::string& where);

}  // namespace floe::orchestrator_dagster
