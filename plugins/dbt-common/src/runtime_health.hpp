// health_check of a dbt runtime: healthy when its get_runtime_metadata
// finds the runtime where a run would look.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <functional>
#include <string>

namespace floe::dbt_common {

// {"state": "healthy", "message": describe(metadata), "details": metadata},
// or {"state": "unhealthy", "message": why} when `metadata` throws
// floe::sdk::error.
boost::json::value runtime_health(const std::function<boost::json::object()>& metadata,
                                  const std::function<std::string(const boost::json::object&)>& describe);

// "<runtime> <dbt_version> at <executable>", a local runtime's description.
std::string installed_at(const std::string& runtime, const boost::json::object& metadata);

}  // namespace floe::dbt_common
