#include "run_product.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <utility>
#include <vector>

#include "floe/plugin.hpp"
#include "product_artifacts.hpp"
#include "tz_database.hpp"

namespace floe::orchestrator_common {

namespace json = boost::json;
using floe::sdk::error;

namespace {

std::string id_name(const std::string& text) {
  std::string out;
  for (char c : text) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
                c == '.';
    out.push_back(keep ? c : '_');
  }
  return out;
}

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// The dbt layers before dbt has parsed the project (no manifest.json for
// the DAG to read): each model's directory under the model path (as in its
// fqn), ordered as the product's data architecture lists its layers (then
// by name), each after the one before. The manifest, when there is one,
// replaces this with the models' real dependencies.
json::object file_layers(const json::object& artifacts) {
  std::map<std::string, json::array> members;
  if (const json::value* projects = at(artifacts, {"dbt", "projects"});
      projects != nullptr && projects->is_array())
    for (const auto& project : projects->as_array()) {
      const json::value* models = project.is_object() ? project.as_object().if_contains("models") : nullptr;
      if (models == nullptr || !models->is_array()) continue;
      for (const auto& m : models->as_array()) {
        if (!m.is_object()) continue;
        std::vector<std::string> parts;
        for (const auto& part : std::filesystem::path(text(m.as_object(), {"path"}))) parts.push_back(part.string());
        std::string layer = parts.size() > 2 ? parts[1] : parts.empty() ? "models" : parts[0];
        members[layer].push_back(json::string(text(m.as_object(), {"name"})));
      }
    }
  std::vector<std::string> order;
  if (const json::value* declared = at(artifacts, {"data_architecture", "layers"});
      declared != nullptr && declared->is_array())
    for (const auto& l : declared->as_array())
      if (l.is_string() && members.count(std::string(l.as_string())) != 0) order.emplace_back(l.as_string());
  for (const auto& [layer, names] : members)
    if (std::find(order.begin(), order.end(), layer) == order.end()) order.push_back(layer);
  json::object out{{"order", json::value_from(order)}, {"members", json::object{}}, {"upstream", json::object{}}};
  for (std::size_t i = 0; i < order.size(); ++i) {
    out["members"].as_object()[order[i]] = members[order[i]];
    out["upstream"].as_object()[order[i]] = i == 0 ? json::array{} : json::array{json::string(order[i - 1])};
  }
  return out;
}

}  // namespace

run_settings read_run_settings(const json::object& config) {
  only_keys(config, {"floe_command", "retries", "retry_delay_seconds", "local"});
  run_settings settings;
  if (auto command = floe::sdk::optional_string(config, "floe_command")) {
    if (command->empty()) throw error(FLOE_ERR_INVALID_CONFIG, "key 'floe_command': expected a non-empty string");
    settings.floe_command = *command;
  }
  auto bounded = [&](const char* key, int fallback, int max) {
    const json::value* v = config.if_contains(key);
    if (v == nullptr) return fallback;
    if (!v->is_int64() || v->as_int64() < 0 || v->as_int64() > max)
      throw error(FLOE_ERR_INVALID_CONFIG, std::string("key '") + key + "': expected an integer from 0 to " + std::to_string(max));
    return static_cast<int>(v->as_int64());
  };
  settings.retries = bounded("retries", settings.retries, 100);
  settings.retry_delay_seconds = bounded("retry_delay_seconds", settings.retry_delay_seconds, 86400);
  if (const json::value* local = config.if_contains("local")) {
    if (!local->is_bool()) throw error(FLOE_ERR_INVALID_CONFIG, "key 'local': expected true or false");
    settings.local = local->as_bool();
  }
  return settings;
}

std::string run_name(const std::string& text) { return id_name(text); }

std::string run_id_of(const std::string& domain, const std::string& product) {
  return domain.empty() ? id_name(product) : id_name(domain) + "__" + id_name(product);
}

std::string run_cron(const std::string& cron, const std::string& timezone, const std::string& where,
                     const std::string& service) {
  // Airflow resolves a zone with pendulum from its own dependency tzdata
  // (and the machine's database if there is one): the copies of zones under
  // right/ and posix/, localtime and posixrules exist only in some machines'
  // databases, so a DAG naming them imports on one worker and not another.
  // Prefect's schedules take the names zoneinfo.available_timezones() lists,
  // which leaves out right/ and posix/ (and posixrules) too.
  if (!is_tz_database_zone(timezone) || starts_with(timezone, "right/") ||
      starts_with(timezone, "posix/"))
    throw error(FLOE_ERR_INVALID_ARGUMENT,
                where + ".timezone '" + timezone +
                    "' is not a time zone " + service + " supports: " + service +
                    " takes the zones of the tz database Python's tzdata package carries, e.g. Europe/Amsterdam, "
                    "America/New_York or UTC (not right/, posix/, localtime, posixrules or Factory)");
  static const std::pair<const char*, const char*> macros[] = {
      {"@yearly", "0 0 1 1 *"}, {"@annually", "0 0 1 1 *"}, {"@monthly", "0 0 1 * *"}, {"@weekly", "0 0 * * 0"},
      {"@daily", "0 0 * * *"},  {"@midnight", "0 0 * * *"}, {"@hourly", "0 * * * *"}};
  for (const auto& [macro, fields] : macros)
    if (cron == macro) return fields;
  int count = cron_field_count(cron);
  if (count != 5)
    throw error(FLOE_ERR_INVALID_ARGUMENT,
                where + ".cron '" + cron + "' has " + std::to_string(count) +
                    " field(s); a " + service + " cron schedule takes five (minute hour day-of-month month day-of-week) "
                    "or @daily, @hourly, @weekly, @monthly, @yearly");
  return cron;
}

json::object run_product(const json::object& a, const std::string& product_file, const run_settings& settings,
                         const std::string& service) {
  std::string product = text(a, {"product", "name"});
  if (product.empty()) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'artifacts.product.name': missing");
  dbt_paths dbt = dbt_paths_of(a, product_file);
  std::string domain = text(a, {"product", "domain"});
  std::string id = run_id_of(domain, product);

  json::array tags;
  if (!domain.empty()) tags.push_back(json::string(domain));
  tags.push_back(json::string(product));
  tags.push_back("floe");
  json::object out{
      {"product", product},
      {"product_file", product_file},
      {"floe_command", settings.floe_command},
      {"id", id},
      {"owner", text(a, {"product", "owner"})},
      {"tags", std::move(tags)},
      {"asset_uri_prefix", "floe://" + (domain.empty() ? product : domain + "/" + product)},
      {"output_tables", output_port_tables(a)},
      {"retries", settings.retries},
      {"retry_delay_seconds", settings.retry_delay_seconds},
      {"local", settings.local},
      {"dbt", json::object{{"project_dir", dbt.project_dir}, {"manifest_path", dbt.manifest_path}}},
      {"file_layers", file_layers(a)},
      {"ingestion", ingestion_sources(a)},
      {"secret_env", secret_env_names(a)},
      {"schedule", nullptr}};
  if (product_schedule s = schedule_of(a); s.declared)
    out["schedule"] = json::object{{"cron", run_cron(s.cron, s.timezone, "schedule", service)},
                                   {"timezone", s.timezone},
                                   {"enabled", s.enabled}};
  return out;
}

}  // namespace floe::orchestrator_common
