#include "compile/yaml_emit.hpp"

#include <yaml-cpp/yaml.h>

#include <boost/json.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

#include "config/yaml_scalar.hpp"

namespace floe {
namespace {

void emit(YAML::Emitter& out, const boost::json::value& v, YamlStrings strings) {
  switch (v.kind()) {
    case boost::json::kind::object:
      // Empty containers read best inline ("settings: {}").
      if (v.as_object().empty()) out << YAML::Flow;
      out << YAML::BeginMap;
      for (const auto& [k, child] : v.as_object()) {
        out << YAML::Key << std::string(k) << YAML::Value;
        emit(out, child, strings);
      }
      out << YAML::EndMap;
      break;
    case boost::json::kind::array:
      if (v.as_array().empty()) out << YAML::Flow;
      out << YAML::BeginSeq;
      for (const auto& child : v.as_array()) emit(out, child, strings);
      out << YAML::EndSeq;
      break;
    case boost::json::kind::string: {
      // Quote strings that YAML would otherwise read as another type
      // ("true", "4", "") or that carry Jinja braces. plain_when_safe
      // leaves the syntax's quoting to yaml-cpp, which would write "1.0" plain.
      std::string s(v.as_string());
      if (strings == YamlStrings::plain_when_safe && resolve_plain_scalar(s).is_string()) out << s;
      else out << YAML::DoubleQuoted << s;
      break;
    }
    case boost::json::kind::bool_: out << v.as_bool(); break;
    case boost::json::kind::int64: out << v.as_int64(); break;
    case boost::json::kind::uint64: out << v.as_uint64(); break;
    case boost::json::kind::double_: out << v.as_double(); break;
    case boost::json::kind::null: out << YAML::Null; break;
  }
}

// --- The common case, written directly -------------------------------------
// Documents whose every key is a plain word, every string printable ASCII
// (and, unquoted, a plain word), every number an integer: what compiles
// write. The layout is yaml-cpp's with an indent of 2 (block maps and
// sequences; a map in a sequence starts on the dash's line; empty containers
// inline as {} and []; null as ~). Anything else gets nullopt, and yaml-cpp.

bool printable_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c <= 0x7e; });
}

// A word yaml-cpp writes plain in block context: it starts with a letter,
// digit or '_' (no indicator) and holds no space, ':' or '#'.
bool plain_word(std::string_view s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return false;  // yaml-cpp quotes nulls
  auto word = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  };
  if (!word(s.front())) return false;
  return std::all_of(s.begin(), s.end(), [&](char c) { return word(c) || c == '.' || c == '-' || c == '/'; });
}

bool write_double_quoted(std::string& out, std::string_view s) {
  if (!printable_ascii(s)) return false;  // yaml-cpp's escapes of the rest are its own
  out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return true;
}

bool is_scalar_or_empty(const boost::json::value& v) {
  return !(v.is_object() && !v.get_object().empty()) && !(v.is_array() && !v.get_array().empty());
}

class DirectWriter {
 public:
  DirectWriter(std::string& out, YamlStrings strings) : out_(out), strings_(strings) {}

  // A scalar or empty container, as it follows "key: " or "- ".
  bool scalar(const boost::json::value& v) {
    switch (v.kind()) {
      case boost::json::kind::object: out_ += "{}"; return true;
      case boost::json::kind::array: out_ += "[]"; return true;
      case boost::json::kind::string: {
        const std::string_view s = v.get_string();
        if (strings_ == YamlStrings::plain_when_safe && resolve_plain_scalar(s).is_string()) {
          if (!plain_word(s)) return false;  // yaml-cpp decides between plain and quoted
          out_ += s;
          return true;
        }
        return write_double_quoted(out_, s);
      }
      case boost::json::kind::bool_: out_ += v.get_bool() ? "true" : "false"; return true;
      case boost::json::kind::int64: out_ += std::to_string(v.get_int64()); return true;
      case boost::json::kind::uint64: out_ += std::to_string(v.get_uint64()); return true;
      case boost::json::kind::double_: return false;  // yaml-cpp's own precision
      case boost::json::kind::null: out_ += '~'; return true;
    }
    return false;
  }

  // A non-empty map whose keys stand at column `indent`; the first key's
  // indentation is already written when `first_inline` (after "- ").
  bool map(const boost::json::object& m, std::size_t indent, bool first_inline) {
    bool first = true;
    for (const auto& [key, child] : m) {
      if (!(first && first_inline)) out_.append(indent, ' ');
      first = false;
      if (!plain_word(key)) return false;
      out_ += key;
      out_ += ':';
      if (!value_after(child, indent + 2)) return false;
    }
    return true;
  }

  // A non-empty sequence whose dashes stand at column `indent`.
  bool seq(const boost::json::array& a, std::size_t indent) {
    for (const auto& item : a) {
      out_.append(indent, ' ');
      out_ += '-';
      if (item.is_object() && !item.get_object().empty()) {
        out_ += ' ';
        if (!map(item.get_object(), indent + 2, true)) return false;
      } else if (!value_after(item, indent + 2)) {
        return false;
      }
    }
    return true;
  }

 private:
  std::string& out_;
  YamlStrings strings_;

  // What follows "key:" or a lone "-": " scalar" on the line, or the
  // container on the lines below at `nested`.
  bool value_after(const boost::json::value& v, std::size_t nested) {
    if (is_scalar_or_empty(v)) {
      out_ += ' ';
      if (!scalar(v)) return false;
      out_ += '\n';
      return true;
    }
    out_ += '\n';
    return v.is_object() ? map(v.get_object(), nested, false) : seq(v.get_array(), nested);
  }
};

}  // namespace

std::optional<std::string> to_yaml_directly(const boost::json::value& v, YamlStrings strings) {
  std::string out;
  DirectWriter w(out, strings);
  bool ok = false;
  if (is_scalar_or_empty(v)) {
    ok = w.scalar(v);
    out += '\n';
  } else {
    ok = v.is_object() ? w.map(v.get_object(), 0, false) : w.seq(v.get_array(), 0);
  }
  if (!ok) return std::nullopt;
  return out;
}

std::string to_yaml(const boost::json::value& v, YamlStrings strings) {
  if (std::optional<std::string> text = to_yaml_directly(v, strings)) return std::move(*text);
  return to_yaml_by_yaml_cpp(v, strings);
}

std::string to_yaml_by_yaml_cpp(const boost::json::value& v, YamlStrings strings) {
  YAML::Emitter out;
  out.SetIndent(2);
  emit(out, v, strings);
  std::string text = out.c_str();
  if (text.empty() || text.back() != '\n') text += '\n';
  return text;
}

}  // namespace floe
