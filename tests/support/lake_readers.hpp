// Independent readers of the Iceberg lake the run tests write: pyiceberg
// (the project virtualenv's) and DuckDB's iceberg extension, each in its own
// process, against the REST catalog and the S3 store of the tests (versitygw,
// the S3Server keys). What floe wrote is judged by clients that are not floe.
#pragma once

#include <boost/json.hpp>

#include <string>
#include <vector>

namespace floe::test {

struct LakeEndpoints {
  std::string venv;         // the virtualenv with pyiceberg and duckdb
  std::string catalog_uri;  // the REST catalog
  std::string s3_endpoint;  // the S3 store behind it
};

// pyiceberg's view of a table as JSON: {"tables": [identifiers of its
// namespace]} when it does not exist, else also "rows" (sorted), "columns",
// "properties", "snapshots" (count), "operations" (each snapshot's, oldest
// first), "refs" (the names of its branches and tags), "metadata_versions"
// "current" (the current snapshot id), "removed" (the paths the current
// snapshot's manifests list as DELETED) and "summary" (its summary's
// entries other than the operation).
boost::json::value pyiceberg_table(const LakeEndpoints& lake, const std::string& identifier);

// The rows DuckDB's iceberg extension reads from a table through the
// catalog (`select` with T for the table), as Python prints the list.
// Another writer: appends the table's first row again through pyiceberg
// (a commit on main).
void pyiceberg_append_first_row(const LakeEndpoints& lake, const std::string& identifier);

std::string duckdb_iceberg_rows(const LakeEndpoints& lake, const std::string& identifier, const std::string& select);

// A copy of `from` as `to` (same schema and rows, one pyiceberg append)
// whose manifest has no column statistics (write.metadata.metrics.default
// none): a file no reader can skip by its bounds. {"from": [data files of
// from's current snapshot], "to": [to's]}, as s3:// URIs.
boost::json::value pyiceberg_copy_without_bounds(const LakeEndpoints& lake, const std::string& from,
                                                 const std::string& to);

// Another engine creates `identifier` partitioned from the start: bigint
// columns, identity(`by`) its partition spec, no snapshot yet.
void pyiceberg_create_partitioned(const LakeEndpoints& lake, const std::string& identifier,
                                  const std::vector<std::string>& long_columns, const std::string& by);

// Makes `identifier` (one bigint column `id`) with two snapshots dated
// `days` + 1 and `days` days ago, each a real append (files, manifests and
// manifest lists in the store), then overwrites it now through pyiceberg
// (two snapshots: a delete, an append).
// {"old_files", "old_lists" (the two old snapshots'), "files" (the current
// snapshot's), "snapshots" (count)}.
boost::json::value pyiceberg_aged_table(const LakeEndpoints& lake, const std::string& identifier, int days);

// The same, read by Spark (local mode, .cache/spark-venv's pyspark with the
// Iceberg runtime and AWS bundle of .cache/spark-jars) through the catalog.
std::string spark_iceberg_rows(const LakeEndpoints& lake, const std::string& identifier, const std::string& select);

// Iceberg's core snapshot expiry (Java's Table.expireSnapshots(), which
// Trino's and Flink's expire run; Spark's expire_snapshots procedure finds
// the files to delete by reachability instead), keeping the current
// snapshot only, with its files deleted: its incremental cleanup deletes the
// files that the expired snapshots' manifests list as DELETED. Returns the
// count of snapshots left, as printed.
std::string java_expire_snapshots(const LakeEndpoints& lake, const std::string& identifier);

}  // namespace floe::test
