// A data file's column statistics as an Iceberg manifest holds them
// (table spec, "Manifests": column_sizes, value_counts, null_value_counts,
// lower_bounds, upper_bounds; bounds in the spec's single-value
// serialization, "Appendix D"), taken from its Parquet footer. Readers skip
// a file whose bounds exclude a filter (pyiceberg's plan_files, Trino,
// Spark); a bound floe cannot state exactly is left out, never guessed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "iceberg/metadata.hpp"
#include "iceberg/parquet_footer.hpp"

namespace floe::iceberg {

struct ColumnMetrics {
  int field_id = 0;
  std::optional<int64_t> column_size;       // bytes of the column's chunks, compressed
  std::optional<int64_t> value_count;       // values, nulls included
  std::optional<int64_t> null_value_count;
  std::optional<std::string> lower_bound;   // single-value serialization
  std::optional<std::string> upper_bound;
};

// String and binary bounds are cut to this many characters (bytes), as
// Iceberg's default metrics mode, truncate(16), does: a lower bound to its
// prefix, an upper bound to its prefix with the last character incremented.
constexpr std::size_t kBoundTruncateLength = 16;

// The metrics of each primitive column of `footer` whose field id is a field
// of `schema` at its top level or inside structs (never inside a list or a
// map: such a leaf holds any number of values a row), in field-id order. Counts for every such column;
// bounds where the Parquet type and the Iceberg type agree (a long stored
// as INT64, a timestamp in microseconds, a decimal of the same scale, ...)
// and every row group with values has them.
std::vector<ColumnMetrics> column_metrics(const ParquetFooter& footer, const Schema& schema);

}  // namespace floe::iceberg
