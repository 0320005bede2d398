#include "base/json_text.hpp"

#include <cstdint>
#include <cstring>

#include <boost/json/serialize.hpp>
#include <boost/json/serializer.hpp>
#include <boost/json/stream_parser.hpp>
#include <fmt/format.h>

#include "base/input_file.hpp"

namespace floe {

Result<boost::json::value> parse_json(std::string_view text, std::string_view where, floe_status code_on_error) {
  boost::json::stream_parser parser;
  boost::system::error_code ec;
  size_t consumed = parser.write_some(text.data(), text.size(), ec);
  if (!ec && consumed < text.size()) ec = boost::json::error::extra_data;
  if (!ec) parser.finish(ec);
  if (!ec) return parser.release();
  // Position of the first byte the parser did not accept.
  size_t line = 1, column = 1;
  for (size_t i = 0; i < consumed && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return make_error(code_on_error, fmt::format("{}:{}:{}: invalid JSON: {}", where, line, column, ec.message()),
                    {{"line", line}, {"column", column}});
}

Result<boost::json::value> read_json_file(const std::string& path, std::uint64_t max_bytes, bool listed_regular) {
  InputRules rules{max_bytes};
  rules.listed_regular = listed_regular;
  auto text = read_input_file(path, rules);
  if (!text) return std::move(text).error();
  return parse_json(*text, path);
}

namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 (RFC 3629: no overlong
// forms, no surrogates, nothing above U+10FFFF).
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  if (c < 0x80) return 1;
  std::size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  return n;
}

}  // namespace

std::string serialize_json(const boost::json::value& v) { return valid_utf8(boost::json::serialize(v)); }

std::string valid_utf8(std::string text) {
  // JSON's own syntax is ASCII, so any invalid sequence is inside a string.
  // Valid text (the usual case) is returned as it is, checked ASCII eight
  // bytes at a time (a 1k-model validate's report is 1.2 MB).
  std::size_t i = 0;
  while (i < text.size()) {
    std::uint64_t word;
    if (i + sizeof word <= text.size()) {
      std::memcpy(&word, text.data() + i, sizeof word);
      if ((word & 0x8080808080808080ull) == 0) {
        i += sizeof word;
        continue;
      }
    }
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
    } else if (const std::size_t n = utf8_sequence(text, i); n > 0) {
      i += n;
    } else {
      break;
    }
  }
  if (i == text.size()) return text;
  std::string out(text, 0, i);
  out.reserve(text.size() + 16);
  while (i < text.size()) {
    if (const std::size_t n = utf8_sequence(text, i); n > 0) {
      out.append(text, i, n);
      i += n;
    } else {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      ++i;
    }
  }
  return out;
}

void append_json_member(std::string& out, std::string_view key, std::string_view text) {
  if (out.back() != '{') out += ',';
  append_json_string(out, key);
  out += ':';
  out += text;
}

void append_json_value_member(std::string& out, std::string_view key, const boost::json::value& value) {
  append_json_member(out, key, "");
  boost::json::serializer writer;
  writer.reset(&value);
  char piece[16384];
  while (!writer.done()) {
    const boost::json::string_view part = writer.read(piece, sizeof piece);
    out.append(part.data(), part.size());
  }
}

void append_json_string_member(std::string& out, std::string_view key, std::string_view value) {
  if (out.back() != '{') out += ',';
  append_json_string(out, key);
  out += ':';
  append_json_string(out, value);
}

namespace {

// Whether any of the eight bytes of `w` must be escaped in a JSON string
// (below 0x20, '"' or '\\'): "has a byte less than n" and "has a zero byte"
// tests (exact as to whether there is one; bytes from 0x80 never match).
bool word_needs_escape(std::uint64_t w) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  const std::uint64_t control = (w - kOnes * 0x20) & ~w & kHigh;
  const std::uint64_t q = w ^ (kOnes * '"');
  const std::uint64_t b = w ^ (kOnes * '\\');
  return (control | ((q - kOnes) & ~q & kHigh) | ((b - kOnes) & ~b & kHigh)) != 0;
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t plain = 0;  // start of the run not yet copied
  for (std::size_t i = 0; i < s.size(); ++i) {
    // Most text needs no escape: skip it eight bytes at a time (reports of
    // thousands of findings are written through here).
    for (std::uint64_t w; i + sizeof w <= s.size(); i += sizeof w) {
      std::memcpy(&w, s.data() + i, sizeof w);
      if (word_needs_escape(w)) break;
    }
    if (i >= s.size()) break;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s, plain, i - plain);
    plain = i + 1;
    out += '\\';
    switch (c) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '\b': out += 'b'; break;
      case '\t': out += 't'; break;
      case '\n': out += 'n'; break;
      case '\f': out += 'f'; break;
      case '\r': out += 'r'; break;
      default:
        out += "u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
    }
  }
  out.append(s, plain, s.size() - plain);
  out += '"';
}

const char* json_type_name(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null: return "null";
    case boost::json::kind::bool_: return "boolean";
    case boost::json::kind::int64:
    case boost::json::kind::uint64: return "integer";
    case boost::json::kind::double_: return "number";
    case boost::json::kind::string: return "string";
    case boost::json::kind::array: return "array";
    case boost::json::kind::object: return "object";
  }
  return "unknown";
}

}  // namespace floe

namespace floe {
namespace {

void pretty(const boost::json::value& v, std::string& out, int indent) {
  auto pad = [&](int n) { out.append(static_cast<size_t>(n) * 2, ' '); };
  if (v.is_object()) {
    const auto& o = v.get_object();
    if (o.empty()) {
      out += "{}";
      return;
    }
    out += "{\n";
    size_t i = 0;
    for (const auto& [key, member] : o) {
      pad(indent + 1);
      out += boost::json::serialize(boost::json::value(key));
      out += ": ";
      pretty(member, out, indent + 1);
      out += ++i < o.size() ? ",\n" : "\n";
    }
    pad(indent);
    out += "}";
  } else if (v.is_array()) {
    const auto& a = v.get_array();
    if (a.empty()) {
      out += "[]";
      return;
    }
    out += "[\n";
    for (size_t i = 0; i < a.size(); ++i) {
      pad(indent + 1);
      pretty(a[i], out, indent + 1);
      out += i + 1 < a.size() ? ",\n" : "\n";
    }
    pad(indent);
    out += "]";
  } else {
    out += boost::json::serialize(v);
  }
}

}  // namespace

std::string pretty_json(const boost::json::value& v) {
  std::string out;
  pretty(v, out, 0);
  out += "\n";
  return out;
}

}  // namespace floe
