// What an orchestrator plugin reads from a product's compiled artifacts
// (compiled_artifacts.json): the product file, the dbt project and profile,
// the ingestion sources and the environment variables the platform's
// secrets come from (names only: an orchestrator never holds a value).
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <initializer_list>
#include <string>

namespace floe::orchestrator_common {

// The value at a path of object keys, or nullptr.
const boost::json::value* at(const boost::json::object& o, std::initializer_list<const char*> path);
// The string at a path, or "".
std::string text(const boost::json::object& o, std::initializer_list<const char*> path);

// Throws floe::sdk::error INVALID_ARGUMENT for a request key not in `keys`.
void only_keys(const boost::json::object& o, std::initializer_list<const char*> keys);

// The product's floe.yaml when the request does not name it: the last link
// of the compiled inheritance chain ("" when there is none).
std::string product_file_of(const boost::json::object& artifacts);

// [{"plugin", "secret", "env_var"}] for each platform secret read from an
// environment variable.
boost::json::array secret_env_names(const boost::json::object& artifacts);

struct dbt_paths {
  std::string project_dir;    // absolute, normalised
  std::string manifest_path;  // <project_dir>/target/manifest.json
  std::string profiles_dir;   // where floe writes the product's profiles.yml
  std::string target;         // the profile's target ("floe" by default)
};

// The product's dbt project resolved against its (absolute) product file.
// Throws NOT_FOUND without a product file or dbt project, INVALID_ARGUMENT
// for a relative product file.
dbt_paths dbt_paths_of(const boost::json::object& artifacts, const std::string& product_file);

// [{"name", "path", "table", "schema", "write_mode"}]: floe's ingestion step
// loads every source into the schema raw.
boost::json::array ingestion_sources(const boost::json::object& artifacts);

// The tables the product's output ports offer, each once (two ports may
// offer one table).
boost::json::array output_port_tables(const boost::json::object& artifacts);

struct product_schedule {
  bool declared = false;  // the product has a schedule
  std::string cron, timezone;  // timezone "UTC" when the product names none
  bool enabled = true;
};
product_schedule schedule_of(const boost::json::object& artifacts);

// A file of the plugin's runner directory (the template installed beside
// the library); NOT_FOUND naming it when it is missing.
std::string template_text(const std::string& file);

// get_resource_requirements' presets: small, medium, large (INVALID_ARGUMENT otherwise).
boost::json::value resource_preset(const std::string& workload_size);

}  // namespace floe::orchestrator_common
