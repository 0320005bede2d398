#include "runtime_health.hpp"

#include "floe/plugin.hpp"

namespace floe::dbt_common {

boost::json::value runtime_health(const std::function<boost::json::object()>& metadata, const std::string& runtime) {
  try {
    boost::json::object meta = metadata();
    std::string version = meta.at("dbt_version").is_string() ? std::string(meta.at("dbt_version").as_string()) : "?";
    std::string where = meta.at("executable").is_string() ? std::string(meta.at("executable").as_string()) : "?";
    return {{"state", "healthy"}, {"message", runtime + " " + version + " at " + where}, {"details", meta}};
  } catch (const floe::sdk::error& e) {
    return {{"state", "unhealthy"}, {"message", e.what()}, {"details", boost::json::object()}};
  }
}

}  // namespace floe::dbt_common
