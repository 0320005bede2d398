// Secret references become environment-variable placeholders in compiled
// output: the artifact says which variable holds a secret and where the
// runtime gets it from, never the value.
#pragma once

#include <boost/json/object.hpp>

#include <string>

namespace floe {

// The variable a reference is read from at run time:
//   {secret_ref: warehouse-password} -> FLOE_SECRET_WAREHOUSE_PASSWORD
//   {env: SNOWFLAKE_TOKEN}           -> SNOWFLAKE_TOKEN
//   {file: /run/secrets/key}         -> FLOE_SECRET_FILE_<key name>
//   {k8s: {name, key}}               -> FLOE_SECRET_<NAME>_<KEY>
//   {vault: {path, key}}             -> FLOE_SECRET_VAULT_<key name>
std::string secret_env_var(const std::string& key_name, const boost::json::object& reference);

// "{{ env_var('NAME') }}", dbt's way of reading a variable.
std::string env_var_placeholder(const std::string& variable);

}  // namespace floe
