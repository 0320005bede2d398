// libfloe-iceberg's Parquet footer reader and the column statistics taken
// from it (what commit_data_files reads of each data file before it
// commits): the input as a whole file and as bare footer bytes. Broken
// input must be an floe::iceberg::Error of kind malformed, never another
// exception, a crash, an out-of-bounds read or an unbounded loop; what
// reads as a footer must plan an overwrite whose manifest reads back.
#include <cstdlib>
#include <string>
#include <string_view>

#include "iceberg/avro_reader.hpp"
#include "iceberg/column_metrics.hpp"
#include "iceberg/error.hpp"
#include "iceberg_fuzz_support.hpp"
#include "iceberg/overwrite.hpp"
#include "iceberg/parquet_footer.hpp"

namespace {

// One field of each primitive type the statistics know, ids 1-12 (the seeds'
// field ids).
floe::iceberg::TableMetadata table() {
  floe::iceberg::TableMetadata t;
  t.format_version = 2;
  t.location = "s3://lake/t";
  floe::iceberg::Schema schema;
  int id = 0;
  for (const char* type : {"long", "string", "date", "decimal(10,2)", "double", "boolean", "timestamp", "float", "int",
                           "binary", "timestamptz", "decimal(30,2)"}) {
    floe::iceberg::NestedField f;
    f.id = ++id;
    f.name = "c" + std::to_string(id);
    f.type.primitive = type;
    schema.fields.push_back(f);
  }
  t.schemas.push_back(schema);
  t.partition_specs.push_back(floe::iceberg::PartitionSpec{});
  return t;
}

void plan_with(const floe::iceberg::ParquetFooter& footer, std::size_t size) {
  static const floe::iceberg::TableMetadata t = table();
  floe::iceberg::DataFile file{"s3://lake/t/data/fuzz.parquet", footer.num_rows, static_cast<int64_t>(size),
                               floe::iceberg::column_metrics(footer, t.schemas[0])};
  floe::iceberg::OverwritePlan plan = floe::iceberg::plan_overwrite(t, {file}, floe::iceberg::OverwriteOptions{});
  if (!plan.commit) std::abort();
  // The manifest with the statistics reads back as one entry.
  if (floe::iceberg::read_avro(plan.files[0].second, plan.files[0].first).records.size() != 1) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::string uri = "s3://lake/t/data/fuzz.parquet";
  floe::fuzz::expect_malformed_or_ok([&] {
    int64_t length = floe::iceberg::parquet_footer_length(bytes, uri);
    if (static_cast<uint64_t>(length) + 8 > size) return;
    plan_with(floe::iceberg::parse_parquet_footer(bytes.substr(size - 8 - length, length), uri), size);
  });
  floe::fuzz::expect_malformed_or_ok([&] { plan_with(floe::iceberg::parse_parquet_footer(bytes, uri), size); });
  return 0;
}
