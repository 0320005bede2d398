// The Parquet footer reader and the column statistics taken from it
// (iceberg/parquet_footer.hpp, iceberg/column_metrics.hpp), on files DuckDB
// and pyarrow wrote (tests/fuzz/seeds/iceberg_parquet_footer/): the leaves,
// counts and bounds a manifest gets; what is left out (nested fields, files
// without field ids, all-null columns); and hostile footers (truncated,
// every byte flipped, nested without end, lists longer than the footer),
// which are malformed, never read out of bounds. That pyiceberg reads the
// statistics and prunes by them is tested against the REST server in
// tests/plugins/catalog_rest_test.cpp.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "iceberg/column_metrics.hpp"
#include "iceberg/error.hpp"
#include "iceberg/parquet_footer.hpp"

using namespace floe::iceberg;

namespace {

std::string seed(const std::string& name) {
  std::ifstream in(std::filesystem::path(FLOE_TEST_SOURCE_DIR) / "tests" / "fuzz" / "seeds" / "iceberg_parquet_footer" / name,
                   std::ios::binary);
  REQUIRE(in);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string footer_of(const std::string& file) {
  int64_t length = parquet_footer_length(file, "f.parquet");
  REQUIRE(static_cast<std::size_t>(length) + 8 <= file.size());
  return file.substr(file.size() - 8 - static_cast<std::size_t>(length), static_cast<std::size_t>(length));
}

Schema schema_of(std::initializer_list<std::pair<int, const char*>> fields) {
  Schema s;
  for (auto [id, type] : fields) {
    NestedField f;
    f.id = id;
    f.name = "c" + std::to_string(id);
    f.type.primitive = type;
    s.fields.push_back(f);
  }
  return s;
}

const Schema kTyped = schema_of({{1, "long"}, {2, "string"}, {3, "date"}, {4, "decimal(10,2)"}, {5, "double"},
                                 {6, "boolean"}, {7, "timestamp"}, {8, "float"}, {9, "int"}, {10, "binary"},
                                 {11, "timestamptz"}, {12, "decimal(30,2)"}});

template <class T>
std::string le(T v) {
  std::string out(sizeof(T), '\0');
  std::memcpy(out.data(), &v, sizeof(T));
  return out;
}

const ColumnMetrics& metrics_of(const std::vector<ColumnMetrics>& all, int id) {
  for (const auto& m : all)
    if (m.field_id == id) return m;
  FAIL("no metrics for field " << id);
  return all.front();
}

bool malformed(const std::string& footer) {
  try {
    ParquetFooter f = parse_parquet_footer(footer, "f.parquet");
    (void)column_metrics(f, kTyped);
    return false;
  } catch (const Error& e) {
    return e.kind() == ErrorKind::malformed;
  }
}

}  // namespace

TEST_CASE("parquet footer: DuckDB's file of twelve types gives every column's counts and exact bounds") {
  std::string file = seed("duckdb-typed.parquet");
  ParquetFooter footer = parse_parquet_footer(footer_of(file), "f.parquet");
  CHECK(footer.num_rows == 100);
  REQUIRE(footer.columns.size() == 12);
  for (std::size_t i = 0; i < 12; ++i) {
    CHECK(footer.columns[i].field_id == static_cast<int>(i + 1));
    CHECK(footer.columns[i].top_level);
    CHECK_FALSE(footer.columns[i].repeated);
  }
  CHECK(footer.columns[6].time_unit == ParquetTimeUnit::micros);  // TIMESTAMP
  CHECK(footer.columns[3].decimal_scale == 2);

  std::vector<ColumnMetrics> metrics = column_metrics(footer, kTyped);
  REQUIRE(metrics.size() == 12);
  for (const auto& m : metrics) {
    INFO(m.field_id);
    CHECK(m.value_count == 100);
    CHECK(m.column_size.value_or(0) > 0);
    CHECK(m.lower_bound.has_value());
    CHECK(m.upper_bound.has_value());
  }
  CHECK(metrics_of(metrics, 1).lower_bound == le<int64_t>(0));
  CHECK(metrics_of(metrics, 1).upper_bound == le<int64_t>(99));
  CHECK(metrics_of(metrics, 1).null_value_count == 0);
  CHECK(metrics_of(metrics, 2).null_value_count == 15);  // every 7th of 0..99
  CHECK(metrics_of(metrics, 2).lower_bound == "customer-0000000");
  CHECK(metrics_of(metrics, 2).upper_bound == "customer-0000001");
  CHECK(metrics_of(metrics, 3).lower_bound == le<int32_t>(20454));  // 2026-01-01 in days
  CHECK(metrics_of(metrics, 3).upper_bound == le<int32_t>(20454 + 9));
  CHECK(metrics_of(metrics, 4).lower_bound == std::string("\xFB\x1E", 2));  // -12.50: -1250, big-endian, shortest
  CHECK(metrics_of(metrics, 4).upper_bound == std::string("\x04\xC9", 2));  // 12.25: 1225
  CHECK(metrics_of(metrics, 5).lower_bound == le<double>(-10.0));
  CHECK(metrics_of(metrics, 5).upper_bound == le<double>(99 * 1.5 - 10));
  CHECK(metrics_of(metrics, 6).lower_bound == std::string(1, '\0'));
  CHECK(metrics_of(metrics, 6).upper_bound == std::string(1, '\1'));
  CHECK(metrics_of(metrics, 7).lower_bound == le<int64_t>(int64_t{20454} * 86400 * 1000000));
  CHECK(metrics_of(metrics, 8).upper_bound == le<float>(99 / 8.0f));
  CHECK(metrics_of(metrics, 9).lower_bound == le<int32_t>(-100));
  CHECK(metrics_of(metrics, 10).lower_bound == "b0");
  CHECK(metrics_of(metrics, 10).upper_bound == "b99");
  CHECK(metrics_of(metrics, 12).lower_bound == std::string("\xFD\x44", 2));  // -7.00: -700

  // A column whose Iceberg type the file does not hold as such gets its
  // counts and no bounds (a long read from a string column, a decimal of
  // another scale, a timestamp_ns from microseconds).
  std::vector<ColumnMetrics> other =
      column_metrics(footer, schema_of({{1, "string"}, {4, "decimal(10,3)"}, {7, "timestamp_ns"}, {99, "long"}}));
  REQUIRE(other.size() == 3);
  for (const auto& m : other) {
    CHECK(m.value_count == 100);
    CHECK_FALSE(m.lower_bound);
    CHECK_FALSE(m.upper_bound);
  }
}

TEST_CASE("parquet footer: nested, all-null, empty and id-less files give only what they can say") {
  // id, a list l (element 3) and a struct s (field a, 5): the struct's leaf
  // gets counts and bounds as a top-level column does (as Iceberg's Java
  // writer gives them), the list's element none (any number of values a row).
  ParquetFooter nested = parse_parquet_footer(footer_of(seed("duckdb-nested.parquet")), "f.parquet");
  REQUIRE(nested.columns.size() == 3);
  CHECK(nested.columns[1].repeated);
  CHECK_FALSE(nested.columns[2].top_level);
  Schema nested_schema = schema_of({{1, "long"}});
  NestedField list{2, "l", false, {}, ""};
  list.type.kind = TypeKind::list;
  list.type.element_id = 3;
  list.type.children.resize(1);
  list.type.children[0].primitive = "long";
  NestedField leaf{5, "a", false, {}, ""};
  leaf.type.primitive = "long";
  NestedField record{4, "s", false, {}, ""};
  record.type.kind = TypeKind::struct_type;
  record.type.fields.push_back(leaf);
  nested_schema.fields.push_back(list);
  nested_schema.fields.push_back(record);
  std::vector<ColumnMetrics> m = column_metrics(nested, nested_schema);
  REQUIRE(m.size() == 2);
  CHECK(m[0].field_id == 1);
  CHECK(m[1].field_id == 5);
  CHECK(m[1].value_count == 5);
  CHECK(m[1].null_value_count == 0);
  CHECK(m[1].lower_bound == le<int64_t>(0));
  CHECK(m[1].upper_bound == le<int64_t>(4));
  // The same ids declared where the file does not put them: a leaf of a
  // repeated group never gets any, whatever the table says.
  m = column_metrics(nested, schema_of({{1, "long"}, {3, "long"}, {5, "long"}}));
  REQUIRE(m.size() == 2);
  CHECK(m[0].field_id == 1);
  CHECK(m[1].field_id == 5);

  ParquetFooter all_null = parse_parquet_footer(footer_of(seed("duckdb-all-null.parquet")), "f.parquet");
  m = column_metrics(all_null, schema_of({{1, "long"}}));
  REQUIRE(m.size() == 1);
  CHECK(m[0].value_count == 3);
  CHECK(m[0].null_value_count == 3);
  CHECK_FALSE(m[0].lower_bound);

  ParquetFooter empty = parse_parquet_footer(footer_of(seed("duckdb-empty.parquet")), "f.parquet");
  CHECK(empty.num_rows == 0);

  // pyarrow without Iceberg field ids: counts cannot be tied to a field.
  ParquetFooter no_ids = parse_parquet_footer(footer_of(seed("pyarrow-no-field-ids.parquet")), "f.parquet");
  CHECK(no_ids.num_rows == 3);
  CHECK(column_metrics(no_ids, schema_of({{1, "long"}, {2, "string"}})).empty());
}

TEST_CASE("parquet footer: hostile footers are malformed, never read out of bounds") {
  CHECK_THROWS_AS(parquet_footer_length("not a parquet file", "f.csv"), Error);
  CHECK_THROWS_AS(parquet_footer_length("PAR1", "f.parquet"), Error);

  std::string footer = footer_of(seed("duckdb-typed.parquet"));
  // Every truncation.
  for (std::size_t n = 0; n < footer.size(); ++n) {
    INFO(n);
    REQUIRE(malformed(footer.substr(0, n)));
  }
  // Every byte flipped: parsed or malformed, nothing else.
  for (std::size_t i = 0; i < footer.size(); ++i) {
    std::string flipped = footer;
    flipped[i] = static_cast<char>(flipped[i] ^ 0xFF);
    try {
      ParquetFooter f = parse_parquet_footer(flipped, "f.parquet");
      (void)column_metrics(f, kTyped);
    } catch (const Error& e) {
      INFO(i);
      CHECK(e.kind() == ErrorKind::malformed);
    }
  }
  // Structs nested a million deep in an unknown field, and in a known one.
  CHECK(malformed(std::string(1000000, '\x1C')));
  CHECK(malformed("\x15\x02\x19\x1C" + std::string(1000000, '\x1C')));
  // A list that claims more elements than there are bytes.
  CHECK(malformed("\x19\xFC\xFF\xFF\xFF\xFF\x0F"));
  // Field ids past Thrift's i16: a long id of 2^31-1 (whose next delta
  // would overflow an int, found by the fuzzer under UBSan), and deltas that
  // climb past 32767.
  CHECK(malformed(std::string("\x05\xFE\xFF\xFF\xFF\x0F\x00\x15\x00\x00", 10)));
  CHECK(malformed(std::string("\x05\xFC\xFF\x03\x00", 5) + std::string(300, '\x15')));
  // Whole footers (NUL bytes inside, so lengths given): version 1, a
  // schema of one element (the root, named "r"), num_rows 1.
  auto footer_with = [](std::string root_children, std::string after) {
    return std::string("\x15\x02\x19\x1C\x48\x01r", 7) + root_children + std::string("\x00", 1) +
           std::string("\x16\x02", 2) + after + std::string("\x00", 1);
  };
  // The root with no children parses (no leaves, no row groups) ...
  ParquetFooter bare = parse_parquet_footer(footer_with("", ""), "f.parquet");
  CHECK(bare.num_rows == 1);
  CHECK(bare.columns.empty());
  // ... a root that claims 50 children it does not have is malformed ...
  CHECK(malformed(footer_with(std::string("\x15\x64", 2), "")));
  // ... and so is a row group with a column chunk for a schema of no leaves.
  CHECK(malformed(footer_with("", std::string("\x19\x1C\x19\x1C\x00\x00", 6))));
}

namespace {

ParquetFooter one_column(ParquetType type, std::vector<ParquetChunkStats> chunks) {
  ParquetFooter f;
  ParquetColumn c;
  c.path = "c";
  c.field_id = 1;
  c.top_level = true;
  c.type = type;
  c.chunks = std::move(chunks);
  f.columns.push_back(std::move(c));
  return f;
}

ColumnMetrics only(const ParquetFooter& f, const char* type) {
  std::vector<ColumnMetrics> m = column_metrics(f, schema_of({{1, type}}));
  REQUIRE(m.size() == 1);
  return m[0];
}

}  // namespace

TEST_CASE("parquet footer: a bound is cut to 16 characters and stays a bound, or is left out") {
  auto strings = [](std::string low, std::string high) {
    return one_column(ParquetType::byte_array, {ParquetChunkStats{2, 0, std::move(low), std::move(high)}});
  };
  // The 16th character incremented: U+00E9 becomes U+00EA.
  ColumnMetrics m = only(strings("a", "abcdefghijklmno\xC3\xA9xyz"), "string");
  CHECK(m.lower_bound == "a");
  CHECK(m.upper_bound == "abcdefghijklmno\xC3\xAA");
  // The largest code point cannot grow: dropped, the one before grows.
  m = only(strings("a", "abcdefghijklmno\xF4\x8F\xBF\xBFxyz"), "string");
  CHECK(m.upper_bound == "abcdefghijklmnp");
  // Not UTF-8 where the cut falls: the lower bound is a prefix whatever the
  // bytes, the upper bound would be a guess.
  m = only(strings("abcdefghijklmno\xE2zzzz", "abcdefghijklmno\xE2zzzz"), "string");
  CHECK(m.lower_bound == "abcdefghijklmno\xE2");
  CHECK_FALSE(m.upper_bound);
  // Binary: bytes, the last one below 0xFF incremented.
  m = only(strings(std::string(20, 'a'), std::string(15, 'b') + std::string(5, '\xFF')), "binary");
  CHECK(m.lower_bound == std::string(16, 'a'));
  CHECK(m.upper_bound == std::string(14, 'b') + "c");

  // A row group with values and no statistics, a NaN, a max below the min.
  m = only(one_column(ParquetType::int64, {ParquetChunkStats{3, 0, le<int64_t>(1), le<int64_t>(2)},
                                           ParquetChunkStats{3, 1, std::nullopt, std::nullopt}}),
           "long");
  CHECK(m.value_count == 6);
  CHECK(m.null_value_count == 1);
  CHECK_FALSE(m.lower_bound);
  m = only(one_column(ParquetType::double_, {ParquetChunkStats{3, 0, le<double>(1), le<double>(std::nan(""))}}), "double");
  CHECK_FALSE(m.upper_bound);
  m = only(one_column(ParquetType::int32, {ParquetChunkStats{3, 0, le<int32_t>(5), le<int32_t>(4)}}), "int");
  CHECK_FALSE(m.lower_bound);
  // A row group of nulls only has no bounds and needs none; a missing
  // null count makes the file's unknown.
  m = only(one_column(ParquetType::int32, {ParquetChunkStats{3, 3, std::nullopt, std::nullopt},
                                           ParquetChunkStats{2, std::nullopt, le<int32_t>(-4), le<int32_t>(9)}}),
           "int");
  CHECK(m.lower_bound == le<int32_t>(-4));
  CHECK(m.upper_bound == le<int32_t>(9));
  CHECK_FALSE(m.null_value_count);
  // A 16-byte decimal: its shortest big-endian two's complement.
  std::string minus_one(16, '\xFF'), big(16, '\0');
  big[0] = '\x01';
  ParquetFooter decimals = one_column(ParquetType::fixed, {ParquetChunkStats{2, 0, minus_one, big}});
  decimals.columns[0].type_length = 16;
  decimals.columns[0].decimal_scale = 0;
  m = only(decimals, "decimal(38,0)");
  CHECK(m.lower_bound == "\xFF");
  CHECK(m.upper_bound == big);
}
