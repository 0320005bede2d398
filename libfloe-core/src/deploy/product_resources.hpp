// The requests and limits of a product's run pod: the preset of the compute
// plugin the product runs on (get_resource_requirements, by workload size),
// checked as Kubernetes quantities; a compute plugin that has no presets
// gives the host's small default, said in a note.
#pragma once

#include <boost/json/object.hpp>

#include <string>
#include <vector>

#include "base/result.hpp"
#include "deploy/workload.hpp"
#include "plugin/registry.hpp"

namespace floe {

// What a run pod gets when the compute plugin has no preset (the reference
// DuckDB plugin's "small").
extern const WorkloadResources kDefaultRunResources;

// `artifacts`: the product's compiled artifacts (its plugins.compute
// selection). `size`: "small", "medium", "large" (the plugin decides which
// it knows). FLOE_ERR_PLUGIN_FAILED when the plugin answers a value that is
// not a Kubernetes quantity, FLOE_ERR_INVALID_ARGUMENT when it knows no such
// size; `notes` gets a line when the default is used.
Result<WorkloadResources> product_resources(Registry& registry, const boost::json::object& artifacts, const std::string& size,
                                            std::vector<std::string>& notes);

}  // namespace floe
