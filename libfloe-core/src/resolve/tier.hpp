// One manifest in an inheritance chain, as the resolver sees it: either a
// manifest.yaml read from source, or a compiled platform (the manifest.json
// `floe platform compile` writes) whose values were already resolved and
// carry their own provenance.
#pragma once

#include <boost/json/array.hpp>

#include <string>
#include <unordered_map>

#include "config/located_document.hpp"

namespace floe {

enum class TierKind { enterprise, domain, platform };

const char* tier_kind_name(TierKind k);  // "enterprise", "domain", "platform"

struct Tier {
  TierKind kind = TierKind::platform;
  std::string ref;        // as written by the referrer ("../enterprise/manifest.yaml")
  std::string source;     // the file actually read (normalised path)
  std::string name;       // metadata.name
  std::string version;    // metadata.version
  std::string sha256;     // of the source bytes: identifies exactly what was inherited
  std::string parent_ref; // parent_manifest as written ("" if none)
  bool compiled = false;  // read from a compiled platform's manifest.json
  LocatedDocument doc;    // manifest content (for compiled: the resolved "platform" tree)
  // Compiled platforms only: the chain they were resolved from and, per
  // value path, the tier that set it (their locations are in doc.locations).
  boost::json::array compiled_chain;
  std::unordered_map<std::string, std::string> compiled_tier_of;
};

}  // namespace floe
