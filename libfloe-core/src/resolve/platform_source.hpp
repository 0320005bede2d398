// Turning a platform reference into a Tier. A reference is what floe.yaml's
// platform.ref or a domain's parent_manifest holds: a path to a manifest.yaml,
// a directory holding one (or a compiled platform), a compiled platform's
// manifest.json, or an oci:// reference. OCI references are answered by a
// fetcher that materialises the artifact locally first (the OCI client), so
// the resolver itself only ever reads files.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "diag/diagnostic.hpp"
#include "resolve/tier.hpp"

namespace floe {

// Maps an oci:// reference to a local compiled platform directory, or returns
// nullopt after adding a diagnostic saying why it could not.
using OciFetcher = std::function<std::optional<std::string>(const std::string& ref, const SourceLocation& from,
                                                            Diagnostics& diags)>;

struct PlatformSourceOptions {
  OciFetcher fetch_oci;  // empty: oci:// references are reported as unavailable
  // Told the path of every manifest file a tier was read from (the compile
  // cache records them); may be empty.
  std::function<void(const std::string& path)> on_file_read;
};

// Loads the tier `ref` names; relative paths are taken from `base_dir` (the
// directory of the file holding the reference). `from` is where the reference
// was written, for diagnostics. Returns nullopt when diags gained an error.
std::optional<Tier> load_tier(const std::string& ref, const std::string& base_dir, const SourceLocation& from,
                              const PlatformSourceOptions& options, Diagnostics& diags);

// A stable identity for cycle detection: the canonical path of the source.
std::string tier_identity(const Tier& t);

}  // namespace floe
