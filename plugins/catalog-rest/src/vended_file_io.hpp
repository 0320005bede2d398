// The FileIO of each table a commit writes when the catalog vends the
// storage's keys (Polaris' usual setup: the storage names no keys of its
// own). Each table's keys are the ones the catalog handed out with that
// table, scoped to its location, so each table gets its own FileIo.
#pragma once

#include <string>

#include "iceberg/catalog_client.hpp"
#include "table_file_io.hpp"

namespace floe::catalog_rest {

// `base` with what the catalog vended with `loaded` for `location`: the
// keys of the storage-credential whose prefix is the longest one
// `location` starts with (the most specific grant), else the table
// config's; the endpoint, region and path style the config and that grant
// name. `base` unchanged when no keys were vended. Secret values go into
// the FileIo only, never into an error.
FileIo vended_file_io(const FileIo& base, const iceberg::LoadTableResult& loaded, const std::string& location);

}  // namespace floe::catalog_rest
