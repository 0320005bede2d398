#include "iceberg/column_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>

#include "base/utf8_encode.hpp"

namespace floe::iceberg {
namespace {

// Decimals of up to 38 digits (16 bytes), compared and re-encoded exactly.
__extension__ using Int128 = __int128;

// How a column's values compare and serialize.
enum class Kind { none, boolean, int32, int64, float32, float64, decimal, string, binary, fixed };

struct Plan {
  Kind kind = Kind::none;
  std::size_t fixed_length = 0;
};

// The Iceberg type `primitive` stored as the Parquet column `c`: how its
// bounds are read, or Kind::none when the two do not agree exactly.
Plan plan_for(const std::string& primitive, const ParquetColumn& c) {
  using T = ParquetType;
  auto unit = [&](ParquetTimeUnit u) { return c.type == T::int64 && c.time_unit == u; };
  if (primitive == "boolean" && c.type == T::boolean) return {Kind::boolean};
  if ((primitive == "int" || primitive == "date") && c.type == T::int32) return {Kind::int32};
  if (primitive == "long" && c.type == T::int64 && c.time_unit == ParquetTimeUnit::none) return {Kind::int64};
  if ((primitive == "time" || primitive == "timestamp" || primitive == "timestamptz") && unit(ParquetTimeUnit::micros))
    return {Kind::int64};
  if ((primitive == "timestamp_ns" || primitive == "timestamptz_ns") && unit(ParquetTimeUnit::nanos)) return {Kind::int64};
  if (primitive == "float" && c.type == T::float_) return {Kind::float32};
  if (primitive == "double" && c.type == T::double_) return {Kind::float64};
  if (primitive == "string" && c.type == T::byte_array) return {Kind::string};
  if (primitive == "binary" && c.type == T::byte_array) return {Kind::binary};
  if (primitive == "uuid" && c.type == T::fixed && c.type_length == 16) return {Kind::fixed, 16};
  if (primitive.rfind("fixed[", 0) == 0 && c.type == T::fixed &&
      primitive == "fixed[" + std::to_string(c.type_length) + "]" && c.type_length <= 16)
    return {Kind::fixed, static_cast<std::size_t>(c.type_length)};
  if (primitive.rfind("decimal(", 0) == 0) {
    auto comma = primitive.find(',');
    if (comma == std::string::npos) return {};
    int scale = std::atoi(primitive.c_str() + comma + 1);
    if (scale != c.decimal_scale) return {};
    if (c.type == T::int32 || c.type == T::int64 || c.type == T::fixed || c.type == T::byte_array) return {Kind::decimal};
  }
  return {};
}

// A value read from the statistics, in a form that compares: integers
// (booleans, decimals' unscaled values too) as __int128, floats as double,
// the rest as bytes.
struct Value {
  Int128 integer = 0;
  double real = 0;
  std::string bytes;
};

template <class T>
T little_endian(const std::string& raw) {
  T out{};
  std::memcpy(&out, raw.data(), sizeof(T));  // Parquet's plain encoding, like the host (x86-64, aarch64), is little-endian
  return out;
}

std::optional<Value> read_value(const Plan& plan, const ParquetColumn& c, const std::string& raw) {
  Value v;
  switch (plan.kind) {
    case Kind::boolean:
      if (raw.size() != 1) return std::nullopt;
      v.integer = raw[0] != 0;
      return v;
    case Kind::int32:
      if (raw.size() != 4) return std::nullopt;
      v.integer = little_endian<int32_t>(raw);
      return v;
    case Kind::int64:
      if (raw.size() != 8) return std::nullopt;
      v.integer = little_endian<int64_t>(raw);
      return v;
    case Kind::float32:
      if (raw.size() != 4) return std::nullopt;
      v.real = little_endian<float>(raw);
      if (std::isnan(v.real)) return std::nullopt;
      return v;
    case Kind::float64:
      if (raw.size() != 8) return std::nullopt;
      v.real = little_endian<double>(raw);
      if (std::isnan(v.real)) return std::nullopt;
      return v;
    case Kind::decimal:
      if (c.type == ParquetType::int32 || c.type == ParquetType::int64) {
        if (raw.size() != (c.type == ParquetType::int32 ? 4u : 8u)) return std::nullopt;
        v.integer = c.type == ParquetType::int32 ? little_endian<int32_t>(raw) : little_endian<int64_t>(raw);
        return v;
      }
      // Big-endian two's complement of any length up to 16 bytes.
      if (raw.empty() || raw.size() > 16) return std::nullopt;
      v.integer = static_cast<int8_t>(raw[0]);
      for (std::size_t i = 1; i < raw.size(); ++i) v.integer = v.integer * 256 + static_cast<uint8_t>(raw[i]);
      return v;
    case Kind::fixed:
      if (raw.size() != plan.fixed_length) return std::nullopt;
      v.bytes = raw;
      return v;
    case Kind::string:
    case Kind::binary:
      v.bytes = raw;
      return v;
    case Kind::none: break;
  }
  return std::nullopt;
}

bool less(const Plan& plan, const Value& a, const Value& b) {
  switch (plan.kind) {
    case Kind::float32:
    case Kind::float64: return a.real < b.real;
    case Kind::string:
    case Kind::binary:
    case Kind::fixed:
      // Unsigned bytes: UTF-8's order is the code points' order.
      return std::lexicographical_compare(a.bytes.begin(), a.bytes.end(), b.bytes.begin(), b.bytes.end(),
                                          [](char x, char y) { return static_cast<uint8_t>(x) < static_cast<uint8_t>(y); });
    default: return a.integer < b.integer;
  }
}

template <class T>
std::string little_endian_bytes(T value) {
  std::string out(sizeof(T), '\0');
  std::memcpy(out.data(), &value, sizeof(T));
  return out;
}

// The shortest big-endian two's complement of `v` (Iceberg's decimal bound).
std::string decimal_bytes(Int128 v) {
  std::string out;
  for (int i = 0; i < 16; ++i) out.insert(out.begin(), static_cast<char>(static_cast<uint8_t>(v >> (8 * i))));
  while (out.size() > 1 && ((out[0] == '\0' && !(static_cast<uint8_t>(out[1]) & 0x80)) ||
                            (out[0] == '\xff' && (static_cast<uint8_t>(out[1]) & 0x80))))
    out.erase(out.begin());
  return out;
}

// Byte offsets of the first `n` UTF-8 characters' ends ({} when the string
// has n characters or fewer).
std::optional<std::size_t> utf8_cut(const std::string& s, std::size_t n) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < s.size(); ++i)
    if ((static_cast<uint8_t>(s[i]) & 0xC0) != 0x80 && chars++ == n) return i;
  return std::nullopt;
}

// The smallest string with `prefix` that is greater than every string
// starting with it: its last character incremented (dropped, and the one
// before incremented, when it is the largest code point).
std::optional<std::string> string_upper(std::string prefix) {
  while (!prefix.empty()) {
    std::size_t start = prefix.size() - 1;
    while (start > 0 && (static_cast<uint8_t>(prefix[start]) & 0xC0) == 0x80) --start;
    // Decode the last character, add one, encode it again.
    const auto* p = reinterpret_cast<const unsigned char*>(prefix.data() + start);
    std::size_t len = prefix.size() - start;
    // A character its lead byte does not announce (not UTF-8): incrementing
    // a misread code point could give a smaller string, so no bound.
    std::size_t announced = p[0] < 0x80 ? 1 : p[0] >= 0xC2 && p[0] < 0xE0 ? 2 : p[0] >= 0xE0 && p[0] < 0xF0 ? 3
                                                                     : p[0] >= 0xF0 && p[0] < 0xF5 ? 4 : 0;
    if (announced != len) return std::nullopt;
    uint32_t cp = len == 1 ? p[0] : len == 2 ? ((p[0] & 0x1F) << 6) | (p[1] & 0x3F)
                                  : len == 3 ? ((p[0] & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F)
                                             : ((p[0] & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
    prefix.resize(start);
    uint32_t next = cp + 1 == 0xD800 ? 0xE000 : cp + 1;
    if (next > 0x10FFFF) continue;
    base::append_utf8(prefix, next);
    return prefix;
  }
  return std::nullopt;
}

std::optional<std::string> binary_upper(std::string prefix) {
  while (!prefix.empty()) {
    auto last = static_cast<uint8_t>(prefix.back());
    prefix.pop_back();
    if (last != 0xFF) return prefix + static_cast<char>(last + 1);
  }
  return std::nullopt;
}

void set_bounds(const Plan& plan, const Value& low, const Value& high, ColumnMetrics& m) {
  switch (plan.kind) {
    case Kind::boolean:
      m.lower_bound = std::string(1, static_cast<char>(low.integer != 0));
      m.upper_bound = std::string(1, static_cast<char>(high.integer != 0));
      return;
    case Kind::int32:
      m.lower_bound = little_endian_bytes(static_cast<int32_t>(low.integer));
      m.upper_bound = little_endian_bytes(static_cast<int32_t>(high.integer));
      return;
    case Kind::int64:
      m.lower_bound = little_endian_bytes(static_cast<int64_t>(low.integer));
      m.upper_bound = little_endian_bytes(static_cast<int64_t>(high.integer));
      return;
    case Kind::float32:
      m.lower_bound = little_endian_bytes(static_cast<float>(low.real));
      m.upper_bound = little_endian_bytes(static_cast<float>(high.real));
      return;
    case Kind::float64:
      m.lower_bound = little_endian_bytes(low.real);
      m.upper_bound = little_endian_bytes(high.real);
      return;
    case Kind::decimal:
      m.lower_bound = decimal_bytes(low.integer);
      m.upper_bound = decimal_bytes(high.integer);
      return;
    case Kind::fixed:
      m.lower_bound = low.bytes;
      m.upper_bound = high.bytes;
      return;
    case Kind::string: {
      auto low_cut = utf8_cut(low.bytes, kBoundTruncateLength);
      m.lower_bound = low_cut ? low.bytes.substr(0, *low_cut) : low.bytes;
      auto high_cut = utf8_cut(high.bytes, kBoundTruncateLength);
      m.upper_bound = high_cut ? string_upper(high.bytes.substr(0, *high_cut)) : std::optional(high.bytes);
      return;
    }
    case Kind::binary: {
      m.lower_bound = low.bytes.substr(0, std::min(low.bytes.size(), kBoundTruncateLength));
      m.upper_bound = high.bytes.size() > kBoundTruncateLength ? binary_upper(high.bytes.substr(0, kBoundTruncateLength))
                                                               : std::optional(high.bytes);
      return;
    }
    case Kind::none: return;
  }
}

// The bounds over every row group, or none when one with values has none.
void bounds(const Plan& plan, const ParquetColumn& c, ColumnMetrics& m) {
  if (plan.kind == Kind::none) return;
  std::optional<Value> low, high;
  for (const auto& chunk : c.chunks) {
    bool all_null = chunk.nulls && *chunk.nulls == chunk.values;
    if (all_null) continue;
    if (!chunk.min || !chunk.max) return;
    auto min = read_value(plan, c, *chunk.min);
    auto max = read_value(plan, c, *chunk.max);
    if (!min || !max || less(plan, *max, *min)) return;
    if (!low || less(plan, *min, *low)) low = std::move(min);
    if (!high || less(plan, *high, *max)) high = std::move(max);
  }
  if (low && high) set_bounds(plan, *low, *high, m);
}

// The fields a column's statistics may be stated for: the top-level ones and,
// as Iceberg's Java writer does, those inside structs (a struct's leaf is a
// Parquet column of its own, one value per row); never one inside a list or
// a map, whose leaf holds any number of values per row. Walked with a stack:
// a schema nests as deep as its writer made it.
std::map<int, const NestedField*> fields_outside_lists(const Schema& schema) {
  std::map<int, const NestedField*> fields;
  std::vector<const NestedField*> pending;
  for (const auto& f : schema.fields) pending.push_back(&f);
  while (!pending.empty()) {
    const NestedField* f = pending.back();
    pending.pop_back();
    fields[f->id] = f;
    if (f->type.kind == TypeKind::struct_type)
      for (const auto& child : f->type.fields) pending.push_back(&child);
  }
  return fields;
}

}  // namespace

std::vector<ColumnMetrics> column_metrics(const ParquetFooter& footer, const Schema& schema) {
  std::map<int, const NestedField*> fields = fields_outside_lists(schema);
  std::vector<ColumnMetrics> out;
  for (const auto& c : footer.columns) {
    if (c.repeated || !c.field_id) continue;
    auto field = fields.find(*c.field_id);
    if (field == fields.end() || field->second->type.kind != TypeKind::primitive) continue;
    const std::string type = field->second->type.primitive;
    fields.erase(field);  // a second column with the same id (a broken writer) gets none
    ColumnMetrics m;
    m.field_id = *c.field_id;
    m.column_size = c.compressed_size;
    int64_t values = 0, nulls = 0;
    bool nulls_known = true;
    for (const auto& chunk : c.chunks) {
      values += chunk.values;
      if (chunk.nulls) nulls += *chunk.nulls;
      else nulls_known = false;
    }
    m.value_count = values;
    if (nulls_known) m.null_value_count = nulls;
    bounds(plan_for(type, c), c, m);
    out.push_back(std::move(m));
  }
  std::sort(out.begin(), out.end(), [](const ColumnMetrics& a, const ColumnMetrics& b) { return a.field_id < b.field_id; });
  return out;
}

}  // namespace floe::iceberg
