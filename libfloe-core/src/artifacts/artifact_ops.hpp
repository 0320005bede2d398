// The artifact commands as operations: each takes typed settings, runs to
// the end reporting every problem as a diagnostic, and fills a JSON result
// (what the C API and the CLI print). Exit codes follow the FLOE-R9xx codes
// (artifact_diagnostics.hpp).
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <vector>

#include "diag/compile_report.hpp"
#include "artifacts/artifact_options.hpp"
#include "oci/blob_cache.hpp"

namespace floe::oci {

struct PublishOperation {
  std::string version;      // VERSION: the tag; must equal metadata.version (a leading 'v' allowed) unless mutable
  std::string manifest;     // manifest.yaml to compile first ("" when from_dir is set)
  std::string from_dir;     // publish this compiled platform directory instead of compiling
  std::string output_dir;   // where the compile writes ("" = <manifest dir>/target/platform)
  std::string registry;     // override artifacts.registry
  bool force = false;
  std::string sign_key;
};
CompileReport publish_operation(const PublishOperation& op, const ArtifactOptions& options, boost::json::value& result);

struct PullOperation {
  std::string reference;
  std::string output_dir;           // "" = only into the cache
  std::string verify_mode;          // "" = off unless keys are given
  std::vector<std::string> keys;
};
CompileReport pull_operation(const PullOperation& op, const ArtifactOptions& options, boost::json::value& result);

struct InitOperation {
  std::string product = "floe.yaml";
  std::string platform;             // VERSION or a full reference
  std::string verify_mode;
  std::vector<std::string> keys;
};
CompileReport init_operation(const InitOperation& op, const ArtifactOptions& options, boost::json::value& result);

CompileReport sign_operation(const std::string& reference, const std::string& key, const ArtifactOptions& options,
                             boost::json::value& result);
CompileReport verify_operation(const std::string& reference, const std::vector<std::string>& keys,
                               const ArtifactOptions& options, boost::json::value& result);
// Writes PREFIX.key (0600) and PREFIX.pub.
CompileReport keygen_operation(const std::string& prefix, boost::json::value& result);

CompileReport cache_list_operation(const ArtifactOptions& options, boost::json::value& result);
CompileReport cache_prune_operation(const BlobCache::PruneOptions& prune, const ArtifactOptions& options,
                                    boost::json::value& result);

}  // namespace floe::oci
