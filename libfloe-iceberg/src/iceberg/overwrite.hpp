// Replacing a table's rows with data files a writer already put in its
// location: one Iceberg snapshot (operation "overwrite") whose manifest list
// names one new manifest of exactly those files, so the table's current
// snapshot holds the new files and nothing else. Pure: the caller writes the
// two Avro files this plans (the manifest, then the manifest list) and then
// sends the commit.
//
// Why floe writes this itself: DuckDB's Iceberg writer replaces rows with
// positional delete files only, so a table DuckDB replaces keeps every data
// file it ever had in its current snapshot (docs/iceberg.md, "How models
// reach the catalog").
//
// Covered: format version 2, unpartitioned tables (what DuckDB creates). A
// table of another format version or with a partitioned default spec gets
// `problem` and no plan. Given the files the table held
// (`replaced_files`, read with manifest_files.hpp), the snapshot lists each
// as DELETED, with its own sequence numbers, so Iceberg's snapshot expiry
// deletes them once no snapshot needs them; without them it cannot, and the
// summary's deleted-* figures come from the parent's totals instead.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "iceberg/catalog_client.hpp"
#include "iceberg/column_metrics.hpp"
#include "iceberg/manifest_files.hpp"
#include "iceberg/metadata.hpp"

namespace floe::iceberg {

struct DataFile {
  std::string path;  // absolute, as readers open it (s3://bucket/...)
  int64_t record_count = 0;
  int64_t file_size_in_bytes = 0;
  // From the file's Parquet footer (column_metrics.hpp); none: the manifest
  // says nothing of its columns.
  std::vector<ColumnMetrics> metrics;
};

struct OverwritePlan {
  // (uri, bytes) to write before the commit, in this order.
  std::vector<std::pair<std::string, std::string>> files;
  std::optional<CommitRequest> commit;  // empty when `problem` says why
  int64_t snapshot_id = 0;
  std::optional<int64_t> replaced_snapshot;  // main before the commit
  std::string problem;
};

struct OverwriteOptions {
  int schema_id = 0;        // the schema the files were written with (asserted)
  Properties properties;    // set in the same commit (governance)
  std::string file_tag;     // part of the Avro files' names (a run id)
  int64_t now_ms = 0;
  // The live files of the snapshot being replaced (all of its manifests'),
  // or nullopt when they could not be read.
  std::optional<std::vector<LiveFile>> replaced_files;
};

// The directory data files of `table` go to: write.data.path, else
// <location>/data.
std::string data_directory(const TableMetadata& table);

OverwritePlan plan_overwrite(const TableMetadata& table, const std::vector<DataFile>& files,
                             const OverwriteOptions& options);

}  // namespace floe::iceberg
