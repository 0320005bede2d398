// How a product's runs are named in OpenLineage, the same for every backend:
// in a mesh (3-tier) the job namespace is domain-qualified, <domain>.<product>,
// so lineage from many domains federates without collisions; on a 2-tier
// platform it is the platform's observability.lineage.namespace, else the
// product name. Job names start with the product name, so products sharing
// a platform namespace stay apart.
#ifndef FLOE_LINEAGE_OPENLINEAGE_NAMESPACE_MAPPING_HPP
#define FLOE_LINEAGE_OPENLINEAGE_NAMESPACE_MAPPING_HPP

#include <boost/json.hpp>

#include <string>

namespace floe::lineage_openlineage {

// The get_namespace_mapping response for `request`; `environment` (from the
// backend's config, may be empty) is appended to the namespace.
boost::json::object namespace_mapping(const boost::json::value& request, const std::string& environment);

}  // namespace floe::lineage_openlineage

#endif  // FLOE_LINEAGE_OPENLINEAGE_NAMESPACE_MAPPING_HPP
