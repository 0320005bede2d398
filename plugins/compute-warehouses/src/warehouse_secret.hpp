// Secrets in a warehouse configuration and in the profiles made from it.
// The configuration holds references only (env:NAME or file:/path, or the
// manifest's {env: NAME} / {file: /path}); a profile reads each secret with
// dbt's env_var() and the answer's `env` says which variable to set from
// which reference. compute-duckdb's secret_reference does the parsing, so
// both plugins accept exactly the same references.
#ifndef FLOE_COMPUTE_WAREHOUSES_WAREHOUSE_SECRET_HPP
#define FLOE_COMPUTE_WAREHOUSES_WAREHOUSE_SECRET_HPP

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "secret_reference.hpp"
#include "warehouse_config.hpp"

namespace floe::compute_warehouses {

using compute_duckdb::secret_reference;

// The reference at `key` of `reader`, or nullopt when absent. Anything that
// is not a well-formed reference is refused without being repeated (it may
// be the secret itself).
std::optional<secret_reference> optional_secret(const config_reader& reader, std::string_view key);
secret_reference required_secret(const config_reader& reader, std::string_view key, std::string_view needed_by);

// The path of a file reference, for the adapter settings that take a path
// (a key file, a private key file); other references are refused naming
// `key`.
std::string secret_file_path(const secret_reference& reference, std::string_view key);

// Collects the environment variables a profile reads secrets from.
class profile_secrets {
 public:
  // `engine` names the variables made for file references:
  // DBT_ENV_SECRET_<ENGINE>_<FIELD> (dbt scrubs DBT_ENV_SECRET_* values from
  // its logs).
  explicit profile_secrets(std::string_view engine);

  // "{{ env_var('NAME') }}" (with " | filter" inside the braces when given)
  // for the reference, recorded in env().
  std::string placeholder(const secret_reference& reference, std::string_view field, std::string_view filter = "");

  // {NAME: reference}, as generate_dbt_profile answers it.
  const boost::json::object& env() const { return env_; }

 private:
  std::string engine_;
  boost::json::object env_;
};

}  // namespace floe::compute_warehouses

#endif  // FLOE_COMPUTE_WAREHOUSES_WAREHOUSE_SECRET_HPP
