// An Avro object container file writer (Apache Avro 1.11 specification,
// "Object Container Files"), for the two Avro files an Iceberg commit needs:
// a manifest and a manifest list. Uncompressed ("avro.codec": "null"), one
// data block: Iceberg's files are small (one entry per data file), and the
// null codec is the one every reader must support.
//
//   AvroWriter w(schema_json, {{"format-version", "2"}});
//   w.write_int(1); w.write_string("s3://..."); ...   // one record's fields, in schema order
//   w.end_record();
//   std::string bytes = w.finish();
//
// The caller writes each record's fields in the schema's order with the
// encoding the schema declares; the writer does not check them against the
// schema (the schema is a constant of the caller's).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace floe::iceberg {

class AvroWriter {
 public:
  // `schema`: the writer schema's JSON text; `metadata`: further header
  // entries (Iceberg puts the table schema, the partition spec and the format
  // version there).
  AvroWriter(std::string schema, const std::map<std::string, std::string>& metadata);

  void write_null() {}
  void write_boolean(bool value) { block_.push_back(value ? '\1' : '\0'); }
  void write_int(int32_t value) { write_long(value); }
  void write_long(int64_t value);
  void write_string(std::string_view value) { write_bytes(value); }
  void write_bytes(std::string_view value);
  // A union's branch index, before the branch's value.
  void write_union_index(int64_t index) { write_long(index); }
  // Arrays and maps: write_block_count(n) then n items, then write_block_count(0).
  void write_block_count(int64_t count) { write_long(count); }

  void end_record() { ++records_; }
  // The whole file: header, one data block (none when there are no records).
  std::string finish();

 private:
  std::string header_;
  std::string block_;
  std::string sync_;
  int64_t records_ = 0;
};

// Avro's zig-zag variable-length encoding of a long, appended to `out`.
void append_avro_long(std::string& out, int64_t value);

}  // namespace floe::iceberg
