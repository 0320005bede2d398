// What the YAML reader tests compare: a document read one way and another,
// printed with its values (and their types), every value's and key's
// location, and its diagnostics.
#pragma once

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "config/located_document.hpp"
#include "diag/diagnostic.hpp"

namespace floe::test {

struct YamlReading {
  bool ok = false;
  LocatedDocument doc;
  Diagnostics diags;
};

inline std::string dump_reading(const YamlReading& r) {
  std::string s = fmt::format("ok={}\nroot={}\n", r.ok, boost::json::serialize(r.doc.root));
  // Types too: serialize() prints 1.0 and 1 differently, but not int64 and uint64.
  std::map<std::string, std::string> sorted;
  for (const auto& [path, where] : r.doc.locations.entries()) {
    if (where.value.known()) sorted[path] = fmt::format("{}:{}", where.value.line, where.value.column);
    if (where.key.known()) sorted[path + "#key"] = fmt::format("{}:{}", where.key.line, where.key.column);
  }
  for (const auto& [path, where] : sorted) s += fmt::format("  {} @{}\n", path, where);
  for (const auto& d : r.diags.items())
    s += fmt::format("diag {} {} {} @{}:{} hint={}\n", d.code, d.subject, d.message, d.where.line, d.where.column,
                     d.hint);
  return s;
}

inline std::string read_whole_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Nine levels of ten aliases each ("billion laughs"): 10^9 values from 500 bytes.
inline std::string alias_bomb() {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'h'; ++c, ++prev) {
    const std::string alias = std::string("*") + prev;
    bomb += std::string(1, c) + ": &" + c + " [" + alias;
    for (int i = 1; i < 10; ++i) bomb += ", " + alias;
    bomb += "]\n";
  }
  return bomb;
}

}  // namespace floe::test
