#include "runtime_health.hpp"

#include "floe/plugin.hpp"
#include "json_fields.hpp"

namespace floe::dbt_common {

boost::json::value runtime_health(const std::function<boost::json::object()>& metadata,
                                  const std::function<std::string(const boost::json::object&)>& describe) {
  try {
    boost::json::object meta = metadata();
    return {{"state", "healthy"}, {"message", describe(meta)}, {"details", meta}};
  } catch (const floe::sdk::error& e) {
    return {{"state", "unhealthy"}, {"message", e.what()}, {"details", boost::json::object()}};
  }
}

std::string installed_at(const std::string& runtime, const boost::json::object& metadata) {
  return runtime + " " + str(metadata, "dbt_version") + " at " + str(metadata, "executable");
}

}  // namespace floe::dbt_common
