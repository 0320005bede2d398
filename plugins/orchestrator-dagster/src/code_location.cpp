#include "code_location.hpp"

#include <boost/json.hpp>

#include <cmath>

#include "dagster_names.hpp"
#include "floe/plugin.hpp"
#include "product_artifacts.hpp"
#include "tz_database.hpp"

namespace floe::orchestrator_dagster {

namespace json = boost::json;
using floe::sdk::error;
using orchestrator_common::text;

namespace {

// An ISO-8601 duration (floe validated its form) in seconds: weeks, days,
// hours, minutes, seconds. Years and months have no fixed length, which a
// Dagster freshness window needs.
double duration_seconds(const std::string& text, const std::string& where) {
  double total = 0;
  bool in_time = false;
  std::size_t i = 1;
  while (i < text.size()) {
    if (text[i] == 'T') {
      in_time = true;
      ++i;
      continue;
    }
    std::size_t used = 0;
    std::string rest = text.substr(i);
    for (char& c : rest)
      if (c == ',') c = '.';
    double amount = std::stod(rest, &used);
    i += used;
    char unit = i < text.size() ? text[i++] : '?';
    if (!in_time && unit == 'W') total += amount * 7 * 86400;
    else if (!in_time && unit == 'D') total += amount * 86400;
    else if (in_time && unit == 'H') total += amount * 3600;
    else if (in_time && unit == 'M') total += amount * 60;
    else if (in_time && unit == 'S') total += amount;
    else
      throw error(FLOE_ERR_INVALID_ARGUMENT, where + " '" + text +
                                                 "': years and months have no fixed length; a Dagster freshness "
                                                 "window takes weeks, days, hours, minutes or seconds (e.g. P30D)");
  }
  return total;
}

}  // namespace

void check_schedule(const std::string& cron, const std::string& timezone, const std::string& where) {
  if (!orchestrator_common::is_tz_database_zone(timezone))
    throw error(FLOE_ERR_INVALID_ARGUMENT,
                where + ".timezone '" + timezone +
                    "' is not a time zone Dagster supports: Dagster runs schedules in IANA time zones (the tz "
                    "database), e.g. Europe/Amsterdam, America/New_York or UTC");
  int count = orchestrator_common::cron_field_count(cron);
  if (count != 5)
    throw error(FLOE_ERR_INVALID_ARGUMENT,
                where + ".cron '" + cron + "' has " + std::to_string(count) +
                    " field(s); Dagster schedules take five (minute hour day-of-month month day-of-week)");
}

json::object code_location(const location_request& request) {
  const json::object& a = request.artifacts;
  std::string product = text(a, {"product", "name"});
  if (product.empty()) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'artifacts.product.name': missing");
  orchestrator_common::dbt_paths dbt = orchestrator_common::dbt_paths_of(a, request.product_file);
  product_names names = names_of(text(a, {"product", "domain"}), product);
  std::string owner = text(a, {"product", "owner"});

  json::object location{
      {"product", product},
      {"product_file", request.product_file},
      {"floe_command", request.floe_command},
      {"asset_prefix", json::value_from(names.asset_prefix)},
      {"group", names.group},
      {"owners", owner.empty() ? json::array{} : json::array{dagster_owner(owner)}},
      {"dbt", json::object{{"project_dir", dbt.project_dir},
                           {"manifest_path", dbt.manifest_path},
                           {"profiles_dir", dbt.profiles_dir},
                           {"target", dbt.target}}},
      {"secret_env", orchestrator_common::secret_env_names(a)},
      {"ingestion", orchestrator_common::ingestion_sources(a)}};

  // The product's freshness SLA, on the tables its output ports offer.
  if (std::string freshness = text(a, {"slas", "freshness"}); !freshness.empty()) {
    json::array tables = orchestrator_common::output_port_tables(a);
    double seconds = duration_seconds(freshness, "slas.freshness");
    json::value window = seconds == std::floor(seconds) ? json::value(static_cast<std::int64_t>(seconds)) : json::value(seconds);
    location["freshness"] = json::object{{"sla", freshness}, {"fail_window_seconds", window}, {"tables", std::move(tables)}};
  }

  if (orchestrator_common::product_schedule s = orchestrator_common::schedule_of(a); s.declared) {
    check_schedule(s.cron, s.timezone, "schedule");
    location["schedule"] = json::object{{"cron", s.cron}, {"timezone", s.timezone}, {"enabled", s.enabled}};
  } else if (!request.default_schedule.empty()) {
    check_schedule(request.default_schedule, "UTC", "plugins.orchestrator.config.default_schedule");
    location["schedule"] = json::object{{"cron", request.default_schedule}, {"timezone", "UTC"}, {"enabled", true}};
  }
  return location;
}

}  // namespace floe::orchestrator_dagster
