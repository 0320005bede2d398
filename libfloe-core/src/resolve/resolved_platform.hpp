// The platform a data product runs on, after inheritance: one merged tree of
// manifest values where every leaf remembers which tier and which file line
// set it, plus the typed governance PolicyEnforcer consumes.
#pragma once

#include <boost/json/object.hpp>

#include <map>
#include <string>
#include <vector>

#include "diag/diagnostic.hpp"
#include "resolve/governance_policy.hpp"
#include "resolve/tier.hpp"

namespace floe {

struct Provenance {
  std::string tier;  // "enterprise", "domain", "platform" or "default" (floe's built-in default)
  SourceLocation where;
};

struct ChainLink {
  std::string tier;     // "enterprise", "domain", "platform"
  std::string name;
  std::string version;
  std::string ref;      // as written by the referrer
  std::string source;   // the file read
  std::string sha256;   // of that file
};

struct ResolvedPlatform {
  std::vector<ChainLink> chain;  // root first (enterprise, domain) or the single platform
  TierKind leaf_kind = TierKind::platform;
  std::string name;     // the leaf manifest's metadata.name
  std::string version;
  // Keys: plugins, approved_plugins, approved_products, data_architecture,
  // governance, observability, artifacts (those the chain set, plus defaults).
  boost::json::object values;
  std::map<std::string, Provenance> provenance;  // leaf path -> origin; sorted, so output is stable
  GovernancePolicy policy;

  // The provenance of `path` or of its nearest recorded ancestor/descendant
  // prefix (for containers, the first leaf under it).
  const Provenance* origin_of(const std::string& path) const;
};

// JSON view of the provenance map: {"path": {"tier", "file", "line", "column"}}.
boost::json::object provenance_to_json(const ResolvedPlatform& p);

}  // namespace floe
