// The "file" lineage backend, for local use: the host appends every
// OpenLineage event to a file as one JSON line.
#include <filesystem>

#include "backend_settings.hpp"
#include "config_schemas.hpp"
#include "floe/plugin.hpp"
#include "namespace_mapping.hpp"
#include "reachability.hpp"

namespace floe::lineage_openlineage {
namespace {

class file_backend {
 public:
  static constexpr const char* capabilities[] = {"openlineage:file", nullptr};

  static constexpr floe_plugin_descriptor descriptor = {
      sizeof(floe_plugin_descriptor),
      FLOE_ABI_VERSION,
      FLOE_CATEGORY_LINEAGE_BACKEND,
      0,
      "file",
      "0.1.0",
      "Appends OpenLineage run events to a file, one JSON line each (local use)",
      capabilities,
      nullptr,
      file_config_schema_json,
  };

  file_backend(const boost::json::object& config, floe::sdk::host&) : settings_(parse_file_settings(config)) {}

  boost::json::value get_transport_config(const boost::json::value& request) {
    transport_request r = parse_transport_request(request);
    std::filesystem::path path(settings_.path);
    if (path.is_relative()) path = std::filesystem::path(r.project_dir) / path;
    return boost::json::object{{"type", "file"}, {"path", path.lexically_normal().string()}};
  }

  boost::json::value get_namespace_mapping(const boost::json::value& request) {
    return namespace_mapping(request, settings_.environment);
  }

  boost::json::value get_helm_values(const boost::json::value& request) {
    refuse_unknown_keys(floe::sdk::as_object(request, "get_helm_values request"), {});
    return {{"values", {{"openlineage", {{"transport", "file"}, {"path", settings_.path}}}}}};
  }

  // A relative path is checked against the working directory: the host
  // gives no product directory here.
  boost::json::value validate_connection(const boost::json::value& request) {
    parse_timeout_ms(request);
    return probe_file(settings_.path);
  }

 private:
  file_settings settings_;
};

}  // namespace
}  // namespace floe::lineage_openlineage

FLOE_PLUGIN(floe::lineage_openlineage::file_backend)
