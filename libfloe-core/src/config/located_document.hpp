// A YAML file read into JSON values, with the source location of every value
// kept beside it, so later stages (schema validation, resolution,
// enforcement) can point at file:line:column without carrying YAML nodes.
#pragma once

#include <boost/json/value.hpp>

#include <string>

#include "config/location_map.hpp"
#include "diag/diagnostic.hpp"

namespace floe {

struct LocatedDocument {
  std::string file;          // path as given by the user
  boost::json::value root;   // YAML 1.2 core-schema scalars: null, bool, int64, double, string (quoted scalars stay strings)
  // Dotted paths: "plugins.compute.type", "transforms[0].path"; "" is the
  // root. Each maps to where the value starts; a key's own location is
  // "<path>#key" (what "unknown key" diagnostics point at).
  LocationMap locations;

  // The location of `path`, or of its nearest ancestor that has one.
  SourceLocation at(const std::string& path) const;
  // The location of the key of `path` (falls back to at(path)).
  SourceLocation key_at(const std::string& path) const;
};

// Dotted path helpers shared by every stage that walks documents.
std::string join_path(const std::string& parent, const std::string& key);  // "a" + "b" -> "a.b"
std::string index_path(const std::string& parent, std::size_t index);     // "a" + 2 -> "a[2]"

}  // namespace floe
