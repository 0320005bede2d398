// catalog.fast_forward_branches on an Iceberg REST catalog: publishing what
// an engine staged on a branch (write-audit-publish, docs/iceberg.md#staging).
#ifndef FLOE_CATALOG_REST_BRANCH_PUBLISH_HPP
#define FLOE_CATALOG_REST_BRANCH_PUBLISH_HPP

#include <boost/json.hpp>

#include "iceberg/catalog_client.hpp"

namespace floe::catalog_rest {

// Loads every table, plans each fast-forward of `target` (main) to the head
// of `branch`, and commits them: one multi-table commit when the catalog
// lists the transactions endpoint, else one commit per table. A table
// without the branch is NOT_FOUND; another writer's commit on `target`
// (found while planning, or the catalog's 409) is CONFLICT, naming the table
// and whether any table changed.
boost::json::object fast_forward_branches(iceberg::RestCatalog& catalog, const boost::json::object& request);

}  // namespace floe::catalog_rest

#endif  // FLOE_CATALOG_REST_BRANCH_PUBLISH_HPP
