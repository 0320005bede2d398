// health_check of a dbt runtime: healthy when its get_runtime_metadata
// finds the runtime where a run would look.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <functional>
#include <string>

namespace floe::dbt_common {

// {"state": "healthy", "message": "<runtime> <version> at <executable>", "details": metadata}
// or {"state": "unhealthy", "message": why} when `metadata` throws floe::sdk::error.
boost::json::value runtime_health(const std::function<boost::json::object()>& metadata, const std::string& runtime);

}  // namespace floe::dbt_common
