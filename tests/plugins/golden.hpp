// Golden files: JSON documents rendered in a fixed, reviewable layout and
// compared byte for byte. Run a test program with FLOE_UPDATE_GOLDEN=1 to
// rewrite the files from the current output (then review the diff).
#pragma once

#include <boost/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "temp_dir.hpp"

namespace floe::test {

// Two-space indentation, one member or element per line, keys in document
// order, empty containers as {} and [], a final newline.
inline void render_json(const boost::json::value& value, std::string& out, int depth) {
  std::string indent(static_cast<std::size_t>(depth + 1) * 2, ' ');
  std::string closing(static_cast<std::size_t>(depth) * 2, ' ');
  if (value.is_object() && !value.get_object().empty()) {
    out += "{\n";
    bool first = true;
    for (const auto& [key, member] : value.get_object()) {
      if (!first) out += ",\n";
      first = false;
      out += indent + boost::json::serialize(boost::json::string(key)) + ": ";
      render_json(member, out, depth + 1);
    }
    out += "\n" + closing + "}";
  } else if (value.is_array() && !value.get_array().empty()) {
    out += "[\n";
    bool first = true;
    for (const auto& element : value.get_array()) {
      if (!first) out += ",\n";
      first = false;
      out += indent;
      render_json(element, out, depth + 1);
    }
    out += "\n" + closing + "]";
  } else {
    out += boost::json::serialize(value);
  }
}

inline std::string render_json(const boost::json::value& value) {
  std::string out;
  render_json(value, out, 0);
  return out + "\n";
}

// The golden file's text, after rewriting it with `actual` when
// FLOE_UPDATE_GOLDEN is set.
inline std::string golden_text(const std::filesystem::path& file, const std::string& actual) {
  if (const char* update = std::getenv("FLOE_UPDATE_GOLDEN"); update != nullptr && *update != '\0')
    write_file(file, actual);
  return read_file(file);
}

}  // namespace floe::test
