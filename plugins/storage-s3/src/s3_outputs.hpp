// What storage-s3 answers, computed from its configuration and the
// request's secret references: the neutral binding, Iceberg FileIO
// properties, the DuckDB (dbt-duckdb) settings, Helm values and the
// properties an Iceberg REST catalog server needs. No secret value is ever
// in them: secrets stay references (or dbt env_var placeholders).
#ifndef FLOE_STORAGE_S3_S3_OUTPUTS_HPP
#define FLOE_STORAGE_S3_S3_OUTPUTS_HPP

#include <boost/json.hpp>

#include <map>
#include <string>

#include "s3_config.hpp"

namespace floe::storage_s3 {

using secret_refs = std::map<std::string, std::string>;  // plugins.storage.secrets key -> reference

// The request's secrets, checked against the credential mode: static keys
// come in pairs, and the other modes take none (INVALID_ARGUMENT otherwise).
secret_refs checked_secrets(const s3_config& config, const boost::json::object& request);

boost::json::object deployment_binding(const s3_config& config, const secret_refs& secrets);
boost::json::object fileio_config(const s3_config& config, const secret_refs& secrets);
boost::json::object warehouse_uri(const s3_config& config, const std::string& ns);
boost::json::object dbt_profile_config(const s3_config& config, const secret_refs& secrets);
boost::json::object helm_values(const s3_config& config, const secret_refs& secrets);
boost::json::object catalog_config(const s3_config& config, const secret_refs& secrets);

}  // namespace floe::storage_s3

#endif  // FLOE_STORAGE_S3_S3_OUTPUTS_HPP
