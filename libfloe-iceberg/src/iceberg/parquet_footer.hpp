// Reading a Parquet file's footer (Apache Parquet format, parquet.thrift's
// FileMetaData in the Thrift compact protocol): what an Iceberg manifest
// says of a data file — its rows and, per column, its size, value and null
// counts and the bounds of its values — without reading the data.
//
// Pure: the caller fetches the file's last bytes. Errors throw
// Error(malformed) naming the file. The decoder is depth-bounded (a footer
// nests a handful of levels; a hostile one cannot exhaust the stack) and
// never reads past the bytes it is given.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace floe::iceberg {

// Parquet's physical types (parquet.thrift's Type).
enum class ParquetType { boolean = 0, int32 = 1, int64 = 2, int96 = 3, float_ = 4, double_ = 5, byte_array = 6, fixed = 7 };
enum class ParquetTimeUnit { none, millis, micros, nanos };

// One row group's statistics of a column: min_value/max_value (the exact
// order the column's logical type sorts by; the deprecated min/max fields,
// which sort strings as signed bytes, are not used).
struct ParquetChunkStats {
  int64_t values = 0;                    // num_values, nulls included
  std::optional<int64_t> nulls;          // null_count, when written
  std::optional<std::string> min, max;   // plain-encoded, when written
};

// A leaf column of the file's schema, with its chunks' statistics summed
// over the row groups.
struct ParquetColumn {
  std::string path;                  // dotted, as path_in_schema
  std::optional<int> field_id;       // the Iceberg field id the writer put there
  bool top_level = false;            // a direct child of the schema root
  bool repeated = false;             // inside a list or map (or itself repeated)
  ParquetType type = ParquetType::byte_array;
  int type_length = 0;               // fixed
  ParquetTimeUnit time_unit = ParquetTimeUnit::none;  // TIME / TIMESTAMP
  int decimal_scale = -1;            // DECIMAL
  int64_t compressed_size = 0;       // total_compressed_size over the row groups
  std::vector<ParquetChunkStats> chunks;  // one per row group
};

struct ParquetFooter {
  int64_t num_rows = 0;
  std::vector<ParquetColumn> columns;  // the schema's leaves, in order
};

// The footer's length from the file's last 8 bytes (little-endian length,
// then "PAR1"); throws when `tail` does not end like a Parquet file.
int64_t parquet_footer_length(std::string_view tail, const std::string& uri);

// Parses `footer` (the FileMetaData bytes, without the length and magic).
ParquetFooter parse_parquet_footer(std::string_view footer, const std::string& uri);

}  // namespace floe::iceberg
