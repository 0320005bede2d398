#include "iceberg/avro_reader.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/string.hpp>
#include <zlib.h>
#include <zstd.h>

#include <array>
#include <climits>
#include <memory>
#include <cstdint>
#include <cstring>
#include <vector>

#include "base/lazy_library.hpp"
#include "iceberg/error.hpp"

namespace floe::iceberg {
namespace json = boost::json;

namespace {

[[noreturn]] void avro_malformed(const std::string& what, const std::string& detail) {
  throw_malformed_file("read Avro file", what, detail);
}

// A bounds-checked cursor over bytes; every read names its offset on failure.
class Cursor {
 public:
  Cursor(std::string_view bytes, const std::string& what) : bytes_(bytes), what_(what) {}

  int64_t read_long() {
    uint64_t n = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= bytes_.size()) fail("a number runs past the end");
      auto b = static_cast<unsigned char>(bytes_[pos_++]);
      n |= static_cast<uint64_t>(b & 0x7F) << shift;
      if ((b & 0x80) == 0) return static_cast<int64_t>(n >> 1) ^ -static_cast<int64_t>(n & 1);
    }
    fail("a number is longer than 10 bytes");
  }
  std::string_view read_fixed(std::size_t size) {
    if (size > bytes_.size() - pos_) fail("a value of " + std::to_string(size) + " bytes runs past the end");
    std::string_view out = bytes_.substr(pos_, size);
    pos_ += size;
    return out;
  }
  std::string_view read_bytes() {
    int64_t size = read_long();
    if (size < 0) fail("a negative length");
    return read_fixed(static_cast<std::size_t>(size));
  }
  bool at_end() const { return pos_ == bytes_.size(); }

  [[noreturn]] void fail(const std::string& detail) const {
    avro_malformed(what_, detail + " at byte " + std::to_string(pos_));
  }

 private:
  std::string_view bytes_;
  const std::string& what_;
  std::size_t pos_ = 0;
};

// A map's or array's next block count; a negative count is followed by the
// block's size in bytes, which a reader may ignore.
int64_t block_count(Cursor& in) {
  int64_t count = in.read_long();
  if (count < 0) {
    if (count == INT64_MIN) in.fail("a block count out of range");
    count = -count;
    in.read_long();
  }
  return count;
}

enum class Type { null, boolean, int_, long_, float_, double_, bytes, string, record, enum_, array, map, union_, fixed };

// One node of the compiled writer schema; children are indexes into the
// schema's node table, so named types can be referenced (and recursive).
struct Node {
  Type type = Type::null;
  std::vector<std::pair<std::string, std::size_t>> fields;  // record
  std::vector<std::size_t> branches;                          // union
  std::size_t items = 0;                                      // array items, map values
  std::size_t size = 0;                                       // fixed
  std::vector<std::string> symbols;                           // enum
};

class AvroSchema {
 public:
  AvroSchema(const json::value& schema, const std::string& what, std::vector<std::string> projection)
      : what_(what), projection_(std::move(projection)) {
    root_ = compile(schema, "", 0);
  }

  json::value decode(Cursor& in) const { return decode(root_, in, 0, ""); }

 private:
  [[noreturn]] void bad(const std::string& detail) const { avro_malformed(what_, "its schema: " + detail); }

  std::size_t add(Node node) {
    nodes_.push_back(std::move(node));
    return nodes_.size() - 1;
  }

  static std::string full_name(const json::object& o, const std::string& space) {
    std::string name = o.contains("name") && o.at("name").is_string() ? std::string(o.at("name").get_string()) : "";
    if (name.find('.') != std::string::npos) return name;
    std::string ns = o.contains("namespace") && o.at("namespace").is_string()
                         ? std::string(o.at("namespace").get_string())
                         : space;
    return ns.empty() ? name : ns + "." + name;
  }

  std::size_t compile(const json::value& v, const std::string& space, int depth) {
    if (depth > kMaxAvroDepth) bad("nested deeper than " + std::to_string(kMaxAvroDepth));
    if (v.is_array()) {
      Node u;
      u.type = Type::union_;
      for (const auto& branch : v.get_array()) u.branches.push_back(compile(branch, space, depth + 1));
      if (u.branches.empty()) bad("an empty union");
      return add(std::move(u));
    }
    if (v.is_string()) return named(std::string(v.get_string()), space);
    if (!v.is_object() || !v.get_object().contains("type")) bad("a type that is neither a name, a union nor an object");
    const json::object& o = v.get_object();
    const json::value& type = o.at("type");
    if (!type.is_string()) return compile(type, space, depth + 1);  // {"type": {...}} or {"type": [...]}
    const std::string t(type.get_string());
    Node node;
    if (t == "record" || t == "error") {
      std::string name = full_name(o, space);
      std::string inner = name.rfind('.') == std::string::npos ? space : name.substr(0, name.rfind('.'));
      std::size_t index = add(Node{Type::record, {}, {}, 0, 0, {}});
      if (!name.empty()) names_[name] = index;
      if (!o.contains("fields") || !o.at("fields").is_array()) bad("record " + name + " has no field list");
      for (const auto& f : o.at("fields").get_array()) {
        if (!f.is_object() || !f.get_object().contains("name") || !f.get_object().at("name").is_string() ||
            !f.get_object().contains("type"))
          bad("record " + name + " has a field without a name or a type");
        std::size_t child = compile(f.get_object().at("type"), inner, depth + 1);
        nodes_[index].fields.emplace_back(std::string(f.get_object().at("name").get_string()), child);
      }
      return index;
    }
    if (t == "enum" || t == "fixed") {
      std::string name = full_name(o, space);
      if (t == "enum") {
        node.type = Type::enum_;
        if (!o.contains("symbols") || !o.at("symbols").is_array()) bad("enum " + name + " has no symbols");
        for (const auto& s : o.at("symbols").get_array())
          node.symbols.push_back(s.is_string() ? std::string(s.get_string()) : std::string());
      } else {
        node.type = Type::fixed;
        if (!o.contains("size") || !o.at("size").is_int64() || o.at("size").get_int64() < 0)
          bad("fixed " + name + " has no size");
        node.size = static_cast<std::size_t>(o.at("size").get_int64());
      }
      std::size_t index = add(std::move(node));
      if (!name.empty()) names_[name] = index;
      return index;
    }
    if (t == "array" || t == "map") {
      const char* key = t == "array" ? "items" : "values";
      if (!o.contains(key)) bad(t + " without " + key);
      std::size_t child = compile(o.at(key), space, depth + 1);
      node.type = t == "array" ? Type::array : Type::map;
      node.items = child;
      return add(std::move(node));
    }
    return primitive(t, space);  // {"type": "long", "logicalType": ...}
  }

  std::size_t primitive(const std::string& t, const std::string& space) {
    static const std::pair<const char*, Type> kPrimitives[] = {
        {"null", Type::null},     {"boolean", Type::boolean}, {"int", Type::int_},     {"long", Type::long_},
        {"float", Type::float_},  {"double", Type::double_},  {"bytes", Type::bytes},  {"string", Type::string}};
    for (const auto& [name, type] : kPrimitives)
      if (t == name) return add(Node{type, {}, {}, 0, 0, {}});
    return named(t, space);
  }

  std::size_t named(const std::string& name, const std::string& space) {
    for (const char* p : {"null", "boolean", "int", "long", "float", "double", "bytes", "string"})
      if (name == p) return primitive(name, space);
    auto it = names_.find(name);
    if (it == names_.end() && !space.empty()) it = names_.find(space + "." + name);
    if (it == names_.end()) bad("the type '" + name + "' is not defined before its use");
    return it->second;
  }

  // `path`: the dotted field path of this value ("" at the top); a record
  // field outside the projection is skipped, not built.
  json::value decode(std::size_t index, Cursor& in, int depth, const std::string& path) const {
    if (depth > kMaxAvroDepth) in.fail("a value nested deeper than " + std::to_string(kMaxAvroDepth));
    count_value(in);
    // Every built value spends one unit: the budget bounds the memory a
    // forged file can make this allocate.
    if (++built_ > kMaxBuilt) in.fail("more than " + std::to_string(kMaxBuilt) + " values to keep");
    const Node& node = nodes_[index];
    switch (node.type) {
      case Type::record: {
        json::object out;
        for (const auto& [name, child] : node.fields) {
          std::string field = path.empty() ? name : path + "." + name;
          if (wanted(field)) out[name] = decode(child, in, depth + 1, field);
          else skip(child, in, depth + 1);
        }
        return out;
      }
      case Type::union_: return decode(node.branches[branch(node, in)], in, depth + 1, path);
      case Type::array:
      case Type::map: {
        json::array items;
        json::object entries;
        for (int64_t count = block_count(in); count != 0; count = block_count(in))
          for (int64_t i = 0; i < count; ++i) {
            if (node.type == Type::array) {
              items.push_back(decode(node.items, in, depth + 1, path));
            } else {
              std::string key(in.read_bytes());
              entries[key] = decode(node.items, in, depth + 1, path);
            }
          }
        if (node.type == Type::array) return items;
        return entries;
      }
      default: return scalar(node, in);
    }
  }

  // Reads past a value without building it.
  void skip(std::size_t index, Cursor& in, int depth) const {
    if (depth > kMaxAvroDepth) in.fail("a value nested deeper than " + std::to_string(kMaxAvroDepth));
    count_value(in);
    const Node& node = nodes_[index];
    switch (node.type) {
      case Type::record:
        for (const auto& field : node.fields) skip(field.second, in, depth + 1);
        return;
      case Type::union_: skip(node.branches[branch(node, in)], in, depth + 1); return;
      case Type::array:
      case Type::map:
        for (int64_t count = block_count(in); count != 0; count = block_count(in))
          for (int64_t i = 0; i < count; ++i) {
            if (node.type == Type::map) in.read_bytes();
            skip(node.items, in, depth + 1);
          }
        return;
      case Type::null: return;
      case Type::boolean: in.read_fixed(1); return;
      case Type::int_:
      case Type::long_:
      case Type::enum_: in.read_long(); return;
      case Type::float_: in.read_fixed(4); return;
      case Type::double_: in.read_fixed(8); return;
      case Type::bytes:
      case Type::string: in.read_bytes(); return;
      case Type::fixed: in.read_fixed(node.size); return;
    }
  }

  json::value scalar(const Node& node, Cursor& in) const {
    switch (node.type) {
      case Type::boolean: return in.read_fixed(1)[0] != 0;
      case Type::int_:
      case Type::long_: return in.read_long();
      case Type::float_: {
        float f;
        uint32_t bits = static_cast<uint32_t>(little_endian(in.read_fixed(4)));
        std::memcpy(&f, &bits, sizeof f);
        return static_cast<double>(f);
      }
      case Type::double_: {
        double d;
        uint64_t bits = little_endian(in.read_fixed(8));
        std::memcpy(&d, &bits, sizeof d);
        return d;
      }
      case Type::bytes:
      case Type::string: return json::string(in.read_bytes());
      case Type::fixed: return json::string(in.read_fixed(node.size));
      case Type::enum_: {
        int64_t i = in.read_long();
        if (i < 0 || static_cast<std::size_t>(i) >= node.symbols.size()) in.fail("an enum index out of range");
        return json::string(node.symbols[static_cast<std::size_t>(i)]);
      }
      default: return nullptr;
    }
  }

  static uint64_t little_endian(std::string_view b) {
    uint64_t bits = 0;
    for (std::size_t i = b.size(); i-- > 0;) bits = (bits << 8) | static_cast<unsigned char>(b[i]);
    return bits;
  }

  static std::size_t branch(const Node& node, Cursor& in) {
    int64_t i = in.read_long();
    if (i < 0 || static_cast<std::size_t>(i) >= node.branches.size()) in.fail("a union branch out of range");
    return static_cast<std::size_t>(i);
  }

  // A null or an empty record takes no bytes: without a bound, a forged
  // count of them would spin.
  void count_value(Cursor& in) const {
    if (++seen_ > kMaxSeen) in.fail("more than " + std::to_string(kMaxSeen) + " values");
  }

  bool wanted(const std::string& field) const {
    if (projection_.empty()) return true;
    for (const auto& p : projection_)
      if (p == field || (p.size() > field.size() && p.compare(0, field.size(), field) == 0 && p[field.size()] == '.') ||
          (field.size() > p.size() && field.compare(0, p.size(), p) == 0 && field[p.size()] == '.'))
        return true;
    return false;
  }

  // 2 M values built: a projected manifest entry is about a dozen, so a
  // manifest of 150,000 entries (Java rolls them at 8 MiB, a few tens of
  // thousands) fits, and a forged file of empty records costs at most about
  // 150 MB.
  static constexpr std::size_t kMaxBuilt = std::size_t{2} << 20;
  static constexpr std::size_t kMaxSeen = std::size_t{256} << 20;
  const std::string& what_;
  std::vector<std::string> projection_;
  mutable std::size_t built_ = 0;
  mutable std::size_t seen_ = 0;
  std::vector<Node> nodes_;
  std::map<std::string, std::size_t> names_;
  std::size_t root_ = 0;
};

std::string inflate_raw(std::string_view in, std::size_t limit, const std::string& what) {
  z_stream z{};
  if (inflateInit2(&z, -15) != Z_OK) avro_malformed(what, "cannot start a deflate decoder");
  std::string out;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  int rc = Z_OK;
  char buffer[1 << 16];
  while (rc != Z_STREAM_END) {
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof buffer;
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&z);
      avro_malformed(what, "a deflate block does not decompress");
    }
    out.append(buffer, sizeof buffer - z.avail_out);
    if (out.size() > limit) {
      inflateEnd(&z);
      avro_malformed(what, "it decompresses to more than " + std::to_string(kMaxAvroBytes >> 20) + " MiB");
    }
    if (rc == Z_OK && z.avail_in == 0 && z.avail_out != 0) {
      inflateEnd(&z);
      avro_malformed(what, "a deflate block is truncated");
    }
  }
  inflateEnd(&z);
  return out;
}

// libzstd, opened on first use (base/lazy_library.hpp): only a table whose
// manifests another writer compressed with zstd needs it (Java's
// write.avro.compression-codec=zstd, pyiceberg's too), and the catalog
// plugins that carry this reader load at every compile.
struct Zstd {
  decltype(&::ZSTD_createDStream) create = nullptr;
  decltype(&::ZSTD_freeDStream) free = nullptr;
  decltype(&::ZSTD_decompressStream) decompress = nullptr;
  decltype(&::ZSTD_isError) is_error = nullptr;
  std::string problem;  // why it cannot be used; "" when it can
};

const Zstd& zstd() {
  static const Zstd opened = [] {
    Zstd z;
    const std::array symbols{base::LazySymbol{"ZSTD_createDStream", &z.create},
                             base::LazySymbol{"ZSTD_freeDStream", &z.free},
                             base::LazySymbol{"ZSTD_decompressStream", &z.decompress},
                             base::LazySymbol{"ZSTD_isError", &z.is_error}};
    z.problem = base::describe(base::open_lazy_library("libzstd.so.1", symbols), "libzstd.so.1", "libzstd1");
    return z;
  }();
  return opened;
}

std::string unzstd(std::string_view in, std::size_t limit, const std::string& what) {
  const Zstd& z = zstd();
  if (!z.problem.empty()) avro_malformed(what, "it is compressed with zstandard, and " + z.problem);
  std::unique_ptr<ZSTD_DStream, decltype(z.free)> stream(z.create(), z.free);
  if (!stream) avro_malformed(what, "cannot start a zstandard decoder");
  std::string out;
  char buffer[1 << 16];
  ZSTD_inBuffer input{in.data(), in.size(), 0};
  for (;;) {
    ZSTD_outBuffer output{buffer, sizeof buffer, 0};
    std::size_t rc = z.decompress(stream.get(), &output, &input);
    if (z.is_error(rc)) avro_malformed(what, "a zstandard block does not decompress");
    out.append(buffer, output.pos);
    if (out.size() > limit)
      avro_malformed(what, "it decompresses to more than " + std::to_string(kMaxAvroBytes >> 20) + " MiB");
    if (rc == 0 && input.pos == input.size) return out;  // a frame ended and the block is used up
    if (input.pos == input.size && output.pos < sizeof buffer)
      avro_malformed(what, "a zstandard block is truncated");
  }
}

}  // namespace

AvroFile read_avro(std::string_view bytes, const std::string& what, const std::vector<std::string>& projection) {
  if (bytes.size() < 4 || bytes.substr(0, 4) != std::string_view("Obj\x01", 4))
    avro_malformed(what, "it does not start with Avro's magic bytes (Obj 1)");
  Cursor in(bytes.substr(4), what);
  AvroFile file;
  for (int64_t count = block_count(in); count != 0; count = block_count(in)) {
    for (int64_t i = 0; i < count; ++i) {
      std::string key(in.read_bytes());
      file.metadata[key] = std::string(in.read_bytes());
    }
  }
  std::string_view sync = in.read_fixed(16);
  auto schema_text = file.metadata.find("avro.schema");
  if (schema_text == file.metadata.end()) avro_malformed(what, "its header has no avro.schema");
  json::value schema_json;
  try {
    // Deeper than the schema bound, so that one says what is wrong.
    json::parse_options options;
    options.max_depth = 4 * kMaxAvroDepth;
    schema_json = json::parse(schema_text->second, {}, options);
  } catch (const std::exception&) {
    avro_malformed(what, "its avro.schema is not JSON (or nests deeper than " + std::to_string(4 * kMaxAvroDepth) + ")");
  }
  AvroSchema schema(schema_json, what, projection);
  std::string codec = file.metadata.count("avro.codec") ? file.metadata["avro.codec"] : "null";
  if (codec != "null" && codec != "deflate" && codec != "zstandard")
    avro_malformed(what, "it is compressed with the Avro codec '" + codec + "'; floe reads 'null', 'deflate' and "
                         "'zstandard'");

  std::size_t decoded = 0;
  while (!in.at_end()) {
    int64_t records = in.read_long();
    int64_t size = in.read_long();
    if (records < 0 || size < 0) in.fail("a block with a negative count or size");
    std::string_view block = in.read_fixed(static_cast<std::size_t>(size));
    if (in.read_fixed(16) != sync) in.fail("a block that does not end with the file's sync marker");
    std::string inflated;
    if (codec == "deflate") {
      inflated = inflate_raw(block, kMaxAvroBytes - decoded, what);
      block = inflated;
    } else if (codec == "zstandard") {
      inflated = unzstd(block, kMaxAvroBytes - decoded, what);
      block = inflated;
    }
    decoded += block.size();
    if (decoded > kMaxAvroBytes) avro_malformed(what, "its blocks hold more than 256 MiB");
    Cursor records_in(block, what);
    for (int64_t r = 0; r < records; ++r) file.records.push_back(schema.decode(records_in));
    if (!records_in.at_end()) records_in.fail("a block with bytes after its last record");
  }
  return file;
}

}  // namespace floe::iceberg
