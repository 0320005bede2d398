// What `floe iceberg show` reports of a table, from the Iceberg metadata a
// catalog plugin's load_table answers (the table spec's JSON, read without
// libfloe-iceberg: the core talks to catalogs only through plugins).
#pragma once

#include <boost/json/object.hpp>

namespace floe::tables {

// {"format_version", "table_uuid", "location", "metadata_location",
//  "schema": [{"id", "name", "type", "required"}], "partition_fields": [...],
//  "snapshot_count", "current_snapshot_id", "snapshots": the newest 10
//  [{"snapshot_id", "timestamp_ms", "operation"}], "refs": {name: {"type",
//  "snapshot_id"}}, "properties"}. Absent or malformed members are left out
// rather than failing: the plugin already checked the document.
boost::json::object table_summary(const boost::json::object& load_table_answer);

}  // namespace floe::tables
