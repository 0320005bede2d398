#include "iceberg/parquet_footer.hpp"

#include <cstdint>
#include <utility>

#include "iceberg/error.hpp"

namespace floe::iceberg {
namespace {

constexpr const char* kFooterOperation = "read Parquet footer";
// FileMetaData > RowGroup > ColumnChunk > ColumnMetaData > Statistics is 5
// levels; LogicalType > TimeUnit is 7 from the top. Anything deeper is not
// a Parquet footer.
constexpr int kMaxDepth = 16;

// The Thrift compact protocol's field and element types.
enum Compact : int {
  kStop = 0, kTrue = 1, kFalse = 2, kByte = 3, kI16 = 4, kI32 = 5, kI64 = 6, kDouble = 7, kBinary = 8,
  kList = 9, kSet = 10, kMap = 11, kStruct = 12
};

class CompactReader {
 public:
  CompactReader(std::string_view bytes, const std::string& uri) : bytes_(bytes), uri_(uri) {}

  [[noreturn]] void fail(const std::string& why) const {
    throw_malformed_file(kFooterOperation, uri_, why + " at byte " + std::to_string(at_));
  }

  uint8_t byte() {
    if (at_ >= bytes_.size()) fail("the footer ends early");
    return static_cast<uint8_t>(bytes_[at_++]);
  }
  uint64_t varint() {
    uint64_t out = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      uint8_t b = byte();
      out |= static_cast<uint64_t>(b & 0x7F) << shift;
      if ((b & 0x80) == 0) return out;
    }
    fail("a variable-length integer is too long");
  }
  int64_t zigzag() {
    uint64_t v = varint();
    return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
  }
  std::string_view binary() {
    uint64_t n = varint();
    if (n > bytes_.size() - at_) fail("a string runs past the footer");
    std::string_view out = bytes_.substr(at_, n);
    at_ += n;
    return out;
  }

  // A field header: false at the struct's end. `last` is the previous
  // field's id in this struct (the compact protocol sends deltas).
  bool field(int& id, int& type, int& last) {
    uint8_t header = byte();
    if (header == kStop) return false;
    type = header & 0x0F;
    int delta = header >> 4;
    // Thrift field ids are i16: a long id or a run of deltas past that is
    // not a footer (and would overflow `last + delta` in the next field).
    int64_t next = delta != 0 ? int64_t{last} + delta : zigzag();
    if (next < INT16_MIN || next > INT16_MAX) fail("a field id is out of Thrift's range");
    id = static_cast<int>(next);
    last = id;
    return true;
  }
  // A list's element type and size.
  std::pair<int, uint64_t> list_header() {
    uint8_t header = byte();
    uint64_t size = header >> 4;
    if (size == 15) size = varint();
    if (size > bytes_.size() - at_) fail("a list is longer than the footer");  // each element takes a byte or more
    return {header & 0x0F, size};
  }

  int64_t integer(int type) {
    if (type != kByte && type != kI16 && type != kI32 && type != kI64) fail("expected an integer");
    if (type == kByte) return static_cast<int8_t>(byte());
    return zigzag();
  }
  bool boolean(int type) {
    if (type == kTrue) return true;
    if (type == kFalse) return false;
    fail("expected a boolean");
  }

  // Skips a value of `type`, at most kMaxDepth containers deep.
  void skip(int type, int depth) {
    if (depth > kMaxDepth) fail("the footer nests deeper than Parquet's");
    switch (type) {
      case kTrue: case kFalse: return;
      case kByte: byte(); return;
      case kI16: case kI32: case kI64: varint(); return;
      case kDouble:
        if (bytes_.size() - at_ < 8) fail("the footer ends early");
        at_ += 8;
        return;
      case kBinary: binary(); return;
      case kList: case kSet: {
        auto [element, size] = list_header();
        for (uint64_t i = 0; i < size; ++i) skip_element(element, depth + 1);
        return;
      }
      case kMap: {
        uint64_t size = varint();
        if (size == 0) return;
        if (size > bytes_.size() - at_) fail("a map is longer than the footer");
        uint8_t types = byte();
        for (uint64_t i = 0; i < size; ++i) {
          skip_element(types >> 4, depth + 1);
          skip_element(types & 0x0F, depth + 1);
        }
        return;
      }
      case kStruct: {
        int id = 0, t = 0, last = 0;
        while (field(id, t, last)) skip(t, depth + 1);
        return;
      }
      default: fail("unknown Thrift type " + std::to_string(type));
    }
  }
  // In a collection a boolean is a byte of its own.
  void skip_element(int type, int depth) {
    if (type == kTrue || type == kFalse) byte();
    else skip(type, depth);
  }

  std::size_t at() const { return at_; }
  bool done() const { return at_ == bytes_.size(); }

 private:
  std::string_view bytes_;
  const std::string& uri_;
  std::size_t at_ = 0;
};

// A schema element as the leaves need it.
struct SchemaElement {
  std::string name;
  std::optional<ParquetType> type;  // leaves have one
  int type_length = 0;
  int repetition = 0;  // 0 required, 1 optional, 2 repeated
  int num_children = 0;
  int converted_type = -1;
  std::optional<int> field_id;
  ParquetTimeUnit unit = ParquetTimeUnit::none;
  int scale = -1;
};

// LogicalType's TIME/TIMESTAMP { 1: isAdjustedToUTC, 2: unit (TimeUnit) }.
ParquetTimeUnit time_unit(CompactReader& in, int depth) {
  ParquetTimeUnit unit = ParquetTimeUnit::none;
  int id = 0, type = 0, last = 0;
  while (in.field(id, type, last)) {
    if (id == 2 && type == kStruct) {
      int uid = 0, utype = 0, ulast = 0;
      while (in.field(uid, utype, ulast)) {
        if (uid == 1) unit = ParquetTimeUnit::millis;
        else if (uid == 2) unit = ParquetTimeUnit::micros;
        else if (uid == 3) unit = ParquetTimeUnit::nanos;
        in.skip(utype, depth + 2);
      }
    } else {
      in.skip(type, depth + 1);
    }
  }
  return unit;
}

void logical_type(CompactReader& in, SchemaElement& e, int depth) {
  int id = 0, type = 0, last = 0;
  while (in.field(id, type, last)) {
    if ((id == 7 || id == 8) && type == kStruct) {
      e.unit = time_unit(in, depth + 1);
    } else if (id == 5 && type == kStruct) {  // DECIMAL { 1: scale, 2: precision }
      int did = 0, dtype = 0, dlast = 0;
      while (in.field(did, dtype, dlast)) {
        if (did == 1) e.scale = static_cast<int>(in.integer(dtype));
        else in.skip(dtype, depth + 2);
      }
    } else {
      in.skip(type, depth + 1);
    }
  }
}

SchemaElement schema_element(CompactReader& in) {
  SchemaElement e;
  int id = 0, type = 0, last = 0;
  while (in.field(id, type, last)) {
    switch (id) {
      case 1: {
        int64_t t = in.integer(type);
        if (t < 0 || t > 7) in.fail("unknown physical type " + std::to_string(t));
        e.type = static_cast<ParquetType>(t);
        break;
      }
      case 2: e.type_length = static_cast<int>(in.integer(type)); break;
      case 3: e.repetition = static_cast<int>(in.integer(type)); break;
      case 4:
        if (type != kBinary) in.fail("a schema element's name is not a string");
        e.name = std::string(in.binary());
        break;
      case 5: e.num_children = static_cast<int>(in.integer(type)); break;
      case 6: e.converted_type = static_cast<int>(in.integer(type)); break;
      case 7:
        if (e.scale < 0) e.scale = static_cast<int>(in.integer(type));
        else in.skip(type, 3);
        break;
      case 9: e.field_id = static_cast<int>(in.integer(type)); break;
      case 10:
        if (type != kStruct) in.fail("a logical type is not a struct");
        logical_type(in, e, 3);
        break;
      default: in.skip(type, 3);
    }
  }
  // Before logical types: the converted types of the same meaning.
  if (e.unit == ParquetTimeUnit::none) {
    if (e.converted_type == 7 || e.converted_type == 9) e.unit = ParquetTimeUnit::millis;   // TIME_MILLIS, TIMESTAMP_MILLIS
    if (e.converted_type == 8 || e.converted_type == 10) e.unit = ParquetTimeUnit::micros;  // TIME_MICROS, TIMESTAMP_MICROS
  }
  return e;
}

// The leaves of the flattened schema (depth-first, each group followed by
// its num_children children), walked with a stack, not recursion.
std::vector<ParquetColumn> leaves(const std::vector<SchemaElement>& schema, CompactReader& in) {
  std::vector<ParquetColumn> out;
  if (schema.empty()) in.fail("the schema is empty");
  struct Open {
    int remaining;
    std::string path;
    bool repeated;
  };
  std::vector<Open> open{{schema[0].num_children, "", false}};
  for (std::size_t i = 1; i < schema.size(); ++i) {
    while (!open.empty() && open.back().remaining == 0) open.pop_back();
    if (open.empty()) in.fail("the schema has more elements than its groups hold");
    if (open.size() > static_cast<std::size_t>(kMaxDepth) * 8) in.fail("the schema nests too deep");
    Open& parent = open.back();
    --parent.remaining;
    const SchemaElement& e = schema[i];
    std::string path = parent.path.empty() ? e.name : parent.path + "." + e.name;
    bool repeated = parent.repeated || e.repetition == 2;
    if (e.num_children > 0) {
      open.push_back({e.num_children, std::move(path), repeated});
      continue;
    }
    if (!e.type) in.fail("the schema's leaf " + path + " has no physical type");
    ParquetColumn c;
    c.path = std::move(path);
    c.field_id = e.field_id;
    c.top_level = open.size() == 1;
    c.repeated = repeated;
    c.type = *e.type;
    c.type_length = e.type_length;
    c.time_unit = e.unit;
    c.decimal_scale = e.scale;
    out.push_back(std::move(c));
  }
  for (const auto& group : open)
    if (group.remaining > 0) in.fail("the schema's groups claim more elements than it has");
  return out;
}

ParquetChunkStats statistics(CompactReader& in, ParquetChunkStats chunk) {
  int id = 0, type = 0, last = 0;
  while (in.field(id, type, last)) {
    if (id == 3) chunk.nulls = in.integer(type);
    else if (id == 5 && type == kBinary) chunk.max = std::string(in.binary());
    else if (id == 6 && type == kBinary) chunk.min = std::string(in.binary());
    else in.skip(type, 5);
  }
  return chunk;
}

// ColumnMetaData: 5 num_values, 7 total_compressed_size, 12 statistics.
void column_meta_data(CompactReader& in, ParquetColumn& column) {
  ParquetChunkStats chunk;
  int id = 0, type = 0, last = 0;
  while (in.field(id, type, last)) {
    if (id == 5) chunk.values = in.integer(type);
    else if (id == 7) column.compressed_size += in.integer(type);
    else if (id == 12 && type == kStruct) chunk = statistics(in, std::move(chunk));
    else in.skip(type, 4);
  }
  column.chunks.push_back(std::move(chunk));
}

void row_group(CompactReader& in, std::vector<ParquetColumn>& columns) {
  int id = 0, type = 0, last = 0;
  while (in.field(id, type, last)) {
    if (id != 1 || type != kList) {
      in.skip(type, 2);
      continue;
    }
    auto [element, size] = in.list_header();
    if (element != kStruct || size != columns.size())
      in.fail("a row group has " + std::to_string(size) + " column chunks for " + std::to_string(columns.size()) +
              " leaf columns");
    for (auto& column : columns) {
      int cid = 0, ctype = 0, clast = 0;
      bool described = false;
      while (in.field(cid, ctype, clast)) {
        if (cid == 3 && ctype == kStruct) {
          column_meta_data(in, column);
          described = true;
        } else {
          in.skip(ctype, 3);
        }
      }
      if (!described) in.fail("a column chunk of " + column.path + " has no metadata (in another file)");
    }
  }
}

}  // namespace

int64_t parquet_footer_length(std::string_view tail, const std::string& uri) {
  if (tail.size() < 8 || tail.substr(tail.size() - 4) != "PAR1")
    throw_malformed_file(kFooterOperation, uri, "the file does not end with Parquet's magic number (PAR1)");
  uint32_t length = 0;
  for (int i = 3; i >= 0; --i) length = (length << 8) | static_cast<uint8_t>(tail[tail.size() - 8 + i]);
  return length;
}

ParquetFooter parse_parquet_footer(std::string_view footer, const std::string& uri) {
  CompactReader in(footer, uri);
  ParquetFooter out;
  std::vector<SchemaElement> schema;
  bool have_schema = false, have_rows = false;
  int id = 0, type = 0, last = 0;
  // FileMetaData: 2 schema, 3 num_rows, 4 row_groups (after the schema, as
  // every writer orders them; row groups before a schema are refused).
  while (in.field(id, type, last)) {
    if (id == 2 && type == kList) {
      auto [element, size] = in.list_header();
      if (element != kStruct) in.fail("the schema is not a list of elements");
      for (uint64_t i = 0; i < size; ++i) schema.push_back(schema_element(in));
      out.columns = leaves(schema, in);
      have_schema = true;
    } else if (id == 3) {
      out.num_rows = in.integer(type);
      have_rows = true;
    } else if (id == 4 && type == kList) {
      if (!have_schema) in.fail("the row groups come before the schema");
      auto [element, size] = in.list_header();
      if (element != kStruct) in.fail("the row groups are not a list of structs");
      for (uint64_t i = 0; i < size; ++i) row_group(in, out.columns);
    } else {
      in.skip(type, 1);
    }
  }
  if (!have_schema || !have_rows) in.fail("the footer has no schema or no row count");
  if (out.num_rows < 0) in.fail("the row count is negative");
  return out;
}

}  // namespace floe::iceberg
