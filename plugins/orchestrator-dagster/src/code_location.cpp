#include "code_location.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include <cmath>
#include <filesystem>
#include <sstream>

#include "dagster_names.hpp"
#include "floe/plugin.hpp"

namespace floe::orchestrator_dagster {

namespace json = boost::json;
namespace fs = std::filesystem;
using floe::sdk::error;

namespace {

const json::value* at(const json::object& o, std::initializer_list<const char*> path) {
  const json::value* v = nullptr;
  const json::object* cur = &o;
  for (const char* key : path) {
    if (cur == nullptr) return nullptr;
    v = cur->if_contains(key);
    if (v == nullptr) return nullptr;
    cur = v->is_object() ? &v->as_object() : nullptr;
  }
  return v;
}

std::string text(const json::object& o, std::initializer_list<const char*> path) {
  const json::value* v = at(o, path);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

// The environment variables the platform's secrets are read from: the
// deployment must provide them; their values never appear here.
json::array secret_env_names(const json::object& artifacts) {
  json::array names;
  const json::value* plugins = at(artifacts, {"plugins"});
  if (plugins == nullptr || !plugins->is_object()) return names;
  for (const auto& [category, selection] : plugins->as_object()) {
    const json::value* secrets = selection.is_object() ? selection.as_object().if_contains("secrets") : nullptr;
    if (secrets == nullptr || !secrets->is_object()) continue;
    for (const auto& [key, ref] : secrets->as_object())
      if (ref.is_object())
        if (std::string name = text(ref.as_object(), {"env_var"}); !name.empty())
          names.push_back(json::object{{"plugin", category}, {"secret", key}, {"env_var", name}});
  }
  return names;
}

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
  if (!is_iana_timezone(timezone))
    throw error(FLOE_ERR_INVALID_ARGUMENT,
                where + ".timezone '" + timezone +
                    "' is not a time zone Dagster supports: Dagster runs schedules in IANA time zones (the tz "
                    "database), e.g. Europe/Amsterdam, America/New_York or UTC");
  std::istringstream fields(cron);
  std::string field;
  int count = 0;
  while (fields >> field) ++count;
  if (count != 5)
    throw error(FLOE_ERR_INVALID_ARGUMENT,
                where + ".cron '" + cron + "' has " + std::to_string(count) +
                    " field(s); Dagster schedules take five (minute hour day-of-month month day-of-week)");
}

json::object code_location(const location_request& request) {
  const json::object& a = request.artifacts;
  std::string product = text(a, {"product", "name"});
  if (product.empty()) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'artifacts.product.name': missing");
  // What the location runs must exist: the product's file and its dbt project.
  if (request.product_file.empty())
    throw error(FLOE_ERR_NOT_FOUND, "the product's floe.yaml is unknown: give product_file, or artifacts whose "
                                    "inheritance chain ends with the product's source");
  if (!fs::path(request.product_file).is_absolute())
    throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'product_file': must be an absolute path, got '" + request.product_file + "'");
  const json::value* projects = at(a, {"dbt", "projects"});
  if (projects == nullptr || !projects->is_array() || projects->as_array().empty() || !projects->as_array()[0].is_object())
    throw error(FLOE_ERR_NOT_FOUND, "key 'artifacts.dbt.projects': the compiled artifacts name no dbt project");

  product_names names = names_of(text(a, {"product", "domain"}), product);
  fs::path product_dir = fs::path(request.product_file).parent_path();
  fs::path project_dir = (product_dir / text(projects->as_array()[0].as_object(), {"path"})).lexically_normal();
  if (!project_dir.has_filename()) project_dir = project_dir.parent_path();  // "dir/." normalises to "dir/"
  fs::path profiles = (product_dir / text(a, {"dbt", "profiles_path"})).lexically_normal();
  std::string owner = text(a, {"product", "owner"});

  json::object location{
      {"product", product},
      {"product_file", request.product_file},
      {"floe_command", request.floe_command},
      {"asset_prefix", json::value_from(names.asset_prefix)},
      {"group", names.group},
      {"owners", owner.empty() ? json::array{} : json::array{dagster_owner(owner)}},
      {"dbt", json::object{{"project_dir", project_dir.string()},
                           {"manifest_path", (project_dir / "target" / "manifest.json").string()},
                           {"profiles_dir", profiles.parent_path().string()},
                           {"target", text(a, {"dbt", "target"}).empty() ? "floe" : text(a, {"dbt", "target"})}}},
      {"secret_env", secret_env_names(a)}};

  json::array sources;
  if (const json::value* list = at(a, {"ingestion", "sources"}); list != nullptr && list->is_array())
    for (const auto& s : list->as_array()) {
      if (!s.is_object()) continue;
      const json::object& source = s.as_object();
      std::string name = text(source, {"name"});
      std::string table = text(source, {"destination"}).empty() ? name : text(source, {"destination"});
      // floe's ingestion step loads every source into the schema raw.
      sources.push_back(json::object{{"name", name}, {"path", text(source, {"path"})}, {"table", table},
                                     {"schema", "raw"}, {"write_mode", text(source, {"write_mode"})}});
    }
  location["ingestion"] = std::move(sources);

  // The product's freshness SLA, on the tables its output ports offer.
  if (std::string freshness = text(a, {"slas", "freshness"}); !freshness.empty()) {
    json::array tables;
    if (const json::value* ports = at(a, {"ports", "output"}); ports != nullptr && ports->is_array())
      for (const auto& port : ports->as_array())
        if (port.is_object())
          if (std::string table = text(port.as_object(), {"table"});
              !table.empty() && std::find(tables.begin(), tables.end(), json::value(table)) == tables.end())
            tables.push_back(json::string(table));  // two ports may offer one table
    double seconds = duration_seconds(freshness, "slas.freshness");
    json::value window = seconds == std::floor(seconds) ? json::value(static_cast<std::int64_t>(seconds)) : json::value(seconds);
    location["freshness"] = json::object{{"sla", freshness}, {"fail_window_seconds", window}, {"tables", std::move(tables)}};
  }

  if (const json::value* schedule = at(a, {"schedule"}); schedule != nullptr && schedule->is_object()) {
    const json::object& s = schedule->as_object();
    std::string cron = text(s, {"cron"}), timezone = text(s, {"timezone"}).empty() ? "UTC" : text(s, {"timezone"});
    check_schedule(cron, timezone, "schedule");
    const json::value* enabled = s.if_contains("enabled");
    location["schedule"] = json::object{{"cron", cron}, {"timezone", timezone},
                                        {"enabled", enabled == nullptr || !enabled->is_bool() || enabled->as_bool()}};
  } else if (!request.default_schedule.empty()) {
    check_schedule(request.default_schedule, "UTC", "plugins.orchestrator.config.default_schedule");
    location["schedule"] = json::object{{"cron", request.default_schedule}, {"timezone", "UTC"}, {"enabled", true}};
  }
  return location;
}

}  // namespace floe::orchestrator_dagster
