// expire_snapshots' second half: deleting the files the expired snapshots
// leave unreferenced (iceberg::plan_file_cleanup decides which), through
// the storage's FileIO the host passes. Without it an expiry only edits the
// table's metadata and every byte of the "expired" data stays in the store.
#pragma once

#include <boost/json/object.hpp>

#include "iceberg/expiry.hpp"
#include "table_file_io.hpp"

namespace floe::catalog_rest {

// The answer's "files": what the expiry freed and, unless dry_run, deleted.
// Deletes only after the expiry committed (a file is never deleted while a
// snapshot of the table lists it); data and delete files first, then
// manifests, then manifest lists. A delete that fails does not stop the
// others and is reported (the file is unreferenced and stays behind).
boost::json::object clean_up_files(const iceberg::ExpireResult& expired, const FileIo& io, bool dry_run);

}  // namespace floe::catalog_rest
