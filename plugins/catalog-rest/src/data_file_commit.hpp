// catalog.commit_data_files on an Iceberg REST catalog: the rows of each
// table replaced by data files an engine already wrote into the table's
// data directory, in one snapshot per table ("overwrite": the new files and
// nothing else), every table in one multi-table commit where the catalog
// offers it. The plugin writes the two Avro files of each snapshot (the
// manifest and the manifest list) through the request's FileIO properties
// (S3: a signed PUT), then commits; nothing is committed when a write fails.
#ifndef FLOE_CATALOG_REST_DATA_FILE_COMMIT_HPP
#define FLOE_CATALOG_REST_DATA_FILE_COMMIT_HPP

#include <boost/json.hpp>

#include <cstdint>

#include "iceberg/catalog_client.hpp"

namespace floe::sdk {
class host;
}

namespace floe::catalog_rest {

// Where the request's FileIO has no keys, each table's files go through
// the keys the catalog vends with it (vended_file_io.hpp).
boost::json::object commit_data_files(iceberg::RestCatalog& catalog, const boost::json::object& request,
                                      const floe::sdk::host& host, int64_t now_ms);

}  // namespace floe::catalog_rest

#endif  // FLOE_CATALOG_REST_DATA_FILE_COMMIT_HPP
