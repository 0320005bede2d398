// Data products as published artifacts (ADR-0038, docs/contracts.md):
// `floe product publish VERSION` ships a product's contract set (product.json
// and one ODCS file per output port) as an OCI artifact of artifactType
// application/vnd.floe.product.v1+json, with the immutability, signing and
// cache of platform artifacts, refusing a contract change that breaks
// consumers unless VERSION is a new major (FLOE-K110). Consumers' compiles
// fetch producers through make_product_fetcher, pinned in floe.lock.
#pragma once

#include <boost/json/value.hpp>

#include <optional>
#include <string>

#include "artifacts/oci_fetcher.hpp"
#include "artifacts/platform_publish.hpp"
#include "contract/input_ports.hpp"
#include "diag/compile_report.hpp"
#include "resolve/platform_source.hpp"

namespace floe::oci {

struct ProductPublishRequest {
  std::string product_path = "floe.yaml";
  std::string version;   // must be metadata.version (a leading 'v' allowed)
  std::string registry;  // oci://host/prefix or oci-layout:DIR; the product goes to <registry>/<product name>
                         // ("" = the product's input_registry)
  bool force = false;    // move a mutable tag
  std::string sign_key;  // PEM private key: sign after publishing
  std::string plugin_roots;
  PlatformSourceOptions sources;
};

// Validates the product (as floe validate does), checks its contracts
// against the latest published version below VERSION, packs and publishes.
// Stages and problems go to `report`.
std::optional<PublishResult> publish_product(const ProductPublishRequest& request, const ArtifactOptions& options,
                                             CompileReport& report);

// The operation behind `floe product publish` (artifact request product_publish):
// result: publish_result_json.
CompileReport product_publish_operation(const ProductPublishRequest& request, const ArtifactOptions& options,
                                        boost::json::value& result);

// The input-port fetcher of the product at `product_path` (its input_registry,
// its floe.lock): resolves a name or reference and a version range to the
// highest published version, pins it in floe.lock the first time (later
// compiles pull exactly that digest, from the cache when it is there).
ProductFetcher make_product_fetcher(FetcherSettings settings, std::string product_path);

}  // namespace floe::oci
