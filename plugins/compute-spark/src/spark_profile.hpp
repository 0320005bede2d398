// The dbt-spark output (one target of profiles.yml) for a configuration and
// a generate_dbt_profile request, with exactly the fields dbt-spark's
// SparkCredentials takes for the method.
#ifndef FLOE_COMPUTE_SPARK_SPARK_PROFILE_HPP
#define FLOE_COMPUTE_SPARK_SPARK_PROFILE_HPP

#include <boost/json.hpp>

#include <optional>
#include <string>

#include "catalog_attachment.hpp"
#include "spark_config.hpp"

namespace floe::compute_spark {

struct spark_profile_request {
  std::string profile_name, target;
  std::optional<std::string> schema;  // overrides the configured one
  std::optional<compute_duckdb::iceberg_catalog> catalog;
};

// Throws FLOE_ERR_INVALID_ARGUMENT naming the key.
spark_profile_request parse_spark_profile_request(const boost::json::value& request);

// {"output": {...}, "env": {NAME: reference}}; keys in a fixed order, so
// equal inputs give byte-identical JSON. A catalog needs method session
// (the other methods reach a server whose catalogs are its own
// configuration): otherwise FLOE_ERR_INVALID_ARGUMENT saying so, which the
// host reports as "no lake target" (FLOE-P608).
boost::json::object spark_profile(const spark_config& config, const spark_profile_request& request);

// The pip requirements of the method's dbt-spark extra, pinned to the
// releases the tests run.
boost::json::array spark_packages(const spark_config& config);

}  // namespace floe::compute_spark

#endif  // FLOE_COMPUTE_SPARK_SPARK_PROFILE_HPP
