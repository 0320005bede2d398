// The methods an orchestrator plugin that writes files for its orchestrator
// (and talks to no orchestrator service) answers alike; a plugin class
// derives from it and adds create_definitions and the rest.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <utility>
#include <vector>

namespace floe::orchestrator_common {

class file_orchestrator {
 public:
  // No validate_connection or schedule_job (optional since ABI 1.7): these
  // plugins write the orchestrator's code, schedule included, and talk to no
  // orchestrator service, so there is nothing to reach or register.
  // The small / medium / large presets.
  boost::json::value get_resource_requirements(const boost::json::value& request) const;
  // No emit_lineage_event (optional since ABI 1.7): floe's OpenLineage events
  // go through the lineage_backend plugin, and these orchestrators add none.
  // The template file, installed beside the plugin.
  boost::json::value generate_entry_point_code(const boost::json::value& request) const;

 protected:
  // create_definitions' request: the artifacts and the product file (the
  // request's, else the artifacts' inheritance chain's).
  struct definitions_request {
    boost::json::object artifacts;
    std::string product_file;
  };
  static definitions_request read_definitions_request(const boost::json::value& request);
  // create_definitions' answer: the template (and also_write's files) and floe_product.json (`product`).
  boost::json::value definitions_answer(const boost::json::object& product, boost::json::value location,
                                        boost::json::value asset_prefix) const;
  // create_assets_from_transforms' answer, keys and dependencies made names by `name`.
  static boost::json::value assets_from_transforms(const boost::json::value& request,
                                                   std::string (*name)(const std::string&));

  // entry: the template the location is built around ("definitions.py").
  explicit file_orchestrator(std::string entry) : entry_(std::move(entry)) {}

  const std::string& entry_file() const { return entry_; }
  // Another file of the runner directory every location gets (floe_layers.py).
  void also_write(std::string file) { extra_.push_back(std::move(file)); }

 private:
  std::string entry_;
  std::vector<std::string> extra_;
};

}  // namespace floe::orchestrator_common
