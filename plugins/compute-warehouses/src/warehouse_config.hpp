// Reading a warehouse plugin's configuration (plugins.compute.config in the
// platform manifest): every problem is FLOE_ERR_INVALID_CONFIG with a
// message that starts with the key, as the manifest spells it
// ("key 'auth.password': ..."), and never repeats a value that may be a
// secret. What all four engines share (threads, preset, timeout_ms) is read
// here too.
#ifndef FLOE_COMPUTE_WAREHOUSES_WAREHOUSE_CONFIG_HPP
#define FLOE_COMPUTE_WAREHOUSES_WAREHOUSE_CONFIG_HPP

#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace floe::compute_warehouses {

[[noreturn]] void invalid_config(std::string_view key, std::string_view problem);

// One object of the configuration (the root or a nested block such as
// `auth`), with the prefix its keys carry in messages ("auth.").
class config_reader {
 public:
  // Refuses keys outside `known`; `prefix` is "" for the root.
  config_reader(const boost::json::value& value, std::string prefix, std::initializer_list<std::string_view> known);

  bool has(std::string_view key) const;
  std::string path(std::string_view key) const { return prefix_ + std::string(key); }
  const boost::json::value* find(std::string_view key) const;

  std::string required_string(std::string_view key) const;
  // The value at `key`; when absent, the dbt placeholder that reads the
  // adapter's standard environment variable `variable` ("{{
  // env_var('SNOWFLAKE_ACCOUNT') }}"), recorded in `from_env`: a bare
  // `compute: snowflake` connects the way dbt-snowflake's own docs do.
  std::string string_or_env(std::string_view key, std::string_view variable, std::vector<std::string>& from_env) const;
  std::optional<std::string> optional_string(std::string_view key) const;
  // A string that must be one of `allowed`.
  std::optional<std::string> optional_choice(std::string_view key,
                                             std::initializer_list<std::string_view> allowed) const;
  std::optional<std::int64_t> optional_int(std::string_view key, std::int64_t min, std::int64_t max) const;
  std::optional<bool> optional_bool(std::string_view key) const;
  // An object whose values are strings, numbers or booleans (session
  // properties and the like), in key order.
  std::optional<boost::json::object> optional_scalar_map(std::string_view key) const;

 private:
  const boost::json::object* object_ = nullptr;
  std::string prefix_;
};

// What every warehouse configuration has besides its engine's keys.
struct common_settings {
  // dbt threads: explicit, else the preset's, else the engine's default.
  std::int64_t threads = 4;
  std::optional<std::string> preset;
  // Budget of a connection check when the request gives none.
  std::chrono::milliseconds check_timeout{10000};
  // The standard environment variables the profile reads for keys the
  // configuration left out (string_or_env); floe run names each one unset
  // before dbt starts (generate_dbt_profile's `env`).
  std::vector<std::string> from_env;
};

inline constexpr std::int64_t default_timeout_ms = 10000;

// "{{ env_var('NAME') }}", the profile's read of a standard variable.
std::string env_placeholder(std::string_view variable);

// `text` with every env_var placeholder replaced by the variable's value
// from this process's environment (the connection check needs the real
// endpoint); the names of unset variables go to `missing`.
std::string expand_env_placeholders(const std::string& text, std::vector<std::string>& missing);

// Reads threads, preset and timeout_ms from the root reader.
common_settings read_common_settings(const config_reader& root);

}  // namespace floe::compute_warehouses

#endif  // FLOE_COMPUTE_WAREHOUSES_WAREHOUSE_CONFIG_HPP
