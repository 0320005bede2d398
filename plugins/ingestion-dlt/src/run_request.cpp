#include "run_request.hpp"

#include <algorithm>

#include "floe/plugin.hpp"
#include "request_checks.hpp"

namespace floe::ingestion_dlt {
namespace {

bool is_environment_name(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  });
}

destination_spec parse_destination(const boost::json::value& value) {
  const auto& object = object_at(value, "key 'options.destination'");
  refuse_unknown_keys(object, "options.destination.", {"type", "database", "credentials"});
  destination_spec destination;
  destination.type = choice(required_text(object, "options.destination.", "type"), "options.destination.", "type", {"duckdb"});
  if (object.contains("credentials"))
    invalid("options.destination.", "credentials", "a duckdb destination takes no credentials");
  destination.database = absolute_path(object, "options.destination.", "database", true);
  return destination;
}

std::vector<std::pair<std::string, std::string>> parse_env(const boost::json::value& value) {
  if (!value.is_object()) invalid("options.", "env", "expected an object of NAME: value");
  std::vector<std::pair<std::string, std::string>> env;
  for (const auto& [name, item] : value.get_object()) {
    if (!is_environment_name(name)) invalid("options.env.", name, "not an environment variable name ([A-Za-z_][A-Za-z0-9_]*)");
    if (!item.is_string()) invalid("options.env.", name, "expected a string");
    const auto& text = item.get_string();
    if (std::find(text.begin(), text.end(), '\0') != text.end()) invalid("options.env.", name, "must not contain NUL bytes");
    env.emplace_back(std::string(name), std::string(text));
  }
  std::sort(env.begin(), env.end());
  return env;
}

}  // namespace

run_request parse_run_request(const boost::json::value& value) {
  const auto& request = object_at(value, "run request");
  refuse_unknown_keys(request, "", {"pipeline_id", "options"});
  run_request run;
  run.pipeline_id = required_text(request, "", "pipeline_id");
  const boost::json::value* options_value = request.if_contains("options");
  if (options_value == nullptr)
    throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT,
                           "missing required key 'options' (at least options.destination, from the compute's "
                           "get_ingestion_destination)");
  const auto& options = object_at(*options_value, "key 'options'");
  refuse_unknown_keys(options, "options.", {"destination", "dataset", "env", "project_dir", "timeout_seconds"});
  const boost::json::value* destination = options.if_contains("destination");
  if (destination == nullptr) throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT, "missing required key 'options.destination'");
  run.destination = parse_destination(*destination);
  if (auto dataset = optional_text(options, "options.", "dataset")) {
    if (!is_plain_name(*dataset) || dataset->starts_with("_dlt"))
      invalid("options.", "dataset", "'" + *dataset + "' is not a plain schema name ([a-z_][a-z0-9_]*, at most 63 characters)");
    run.dataset = *dataset;
  }
  if (const auto* env = options.if_contains("env")) run.env = parse_env(*env);
  if (auto dir = absolute_path(options, "options.", "project_dir", false); !dir.empty()) run.project_dir = dir;
  if (const auto* timeout = options.if_contains("timeout_seconds")) {
    if (!timeout->is_int64() || timeout->get_int64() < 1 || timeout->get_int64() > 86400)
      invalid("options.", "timeout_seconds", "expected an integer from 1 to 86400");
    run.timeout_seconds = timeout->get_int64();
  }
  return run;
}

}  // namespace floe::ingestion_dlt
