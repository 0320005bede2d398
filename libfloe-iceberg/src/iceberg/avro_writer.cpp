#include "iceberg/avro_writer.hpp"

#include <random>

namespace floe::iceberg {

void append_avro_long(std::string& out, int64_t value) {
  uint64_t n = (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
  while (n >= 0x80) {
    out.push_back(static_cast<char>((n & 0x7F) | 0x80));
    n >>= 7;
  }
  out.push_back(static_cast<char>(n));
}

namespace {

void append_avro_bytes(std::string& out, std::string_view value) {
  append_avro_long(out, static_cast<int64_t>(value.size()));
  out.append(value);
}

// 16 random bytes that end every block: a reader resynchronises on them, so
// they must not be predictable from the file's content.
std::string sync_marker() {
  std::random_device device;
  std::string marker(16, '\0');
  for (std::size_t i = 0; i < marker.size(); i += 4) {
    uint32_t word = device();
    for (std::size_t j = 0; j < 4; ++j) marker[i + j] = static_cast<char>((word >> (8 * j)) & 0xFF);
  }
  return marker;
}

}  // namespace

AvroWriter::AvroWriter(std::string schema, const std::map<std::string, std::string>& metadata) : sync_(sync_marker()) {
  header_.append("Obj\x01", 4);
  std::map<std::string, std::string> all = metadata;
  all["avro.schema"] = std::move(schema);
  all["avro.codec"] = "null";
  // The header's metadata is a map<bytes>: one block of every entry, then
  // the empty block that ends the map.
  append_avro_long(header_, static_cast<int64_t>(all.size()));
  for (const auto& [key, value] : all) {
    append_avro_bytes(header_, key);
    append_avro_bytes(header_, value);
  }
  append_avro_long(header_, 0);
  header_.append(sync_);
}

void AvroWriter::write_long(int64_t value) { append_avro_long(block_, value); }

void AvroWriter::write_bytes(std::string_view value) { append_avro_bytes(block_, value); }

std::string AvroWriter::finish() {
  std::string out = header_;
  if (records_ > 0) {
    append_avro_long(out, records_);
    append_avro_long(out, static_cast<int64_t>(block_.size()));
    out.append(block_);
    out.append(sync_);
  }
  return out;
}

}  // namespace floe::iceberg
