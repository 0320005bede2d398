#include "artifacts/signature_lookup.hpp"

#include <boost/json.hpp>
#include <optional>

#include "core/json_path.hpp"
#include "base/json_text.hpp"
#include "oci/cosign_signature.hpp"
#include "oci/media_types.hpp"

namespace floe::oci {
namespace json = boost::json;

namespace {

// An artifact type the fallback index may record for a referrer without
// saying what it is: go-containerregistry (cosign's client) writes the
// config's mediaType there, which is the empty config for sigstore bundles.
bool uninformative_type(const std::string& type) {
  return type.empty() || type == kEmptyConfig || type == kImageConfig;
}

bool is_bundle_type(const std::string& type) { return type.rfind(kSigstoreBundlePrefix, 0) == 0; }

}  // namespace

Result<std::vector<Descriptor>> signatures_at_tag(ContentTarget& target, const std::string& tag) {
  auto fetched = target.fetch_manifest(tag);
  if (!fetched) {
    if (fetched.error().code == FLOE_ERR_NOT_FOUND) return std::vector<Descriptor>{};
    return std::move(fetched).error();
  }
  return read_signature_manifest(fetched->bytes);
}

Result<FoundSignatures> signatures_in_referrers(ContentTarget& target, const std::string& manifest_digest) {
  auto listed = target.referrers(manifest_digest, "");
  if (!listed) return std::move(listed).error();
  FoundSignatures found;
  for (Descriptor referrer : *listed) {
    std::optional<std::string> bytes;  // the referrer manifest, fetched when needed
    json::value manifest;
    auto load = [&]() -> Result<Ok> {
      if (bytes) return Ok{};
      auto fetched = target.fetch_manifest(referrer.digest);
      if (!fetched) return std::move(fetched).error();
      auto parsed = parse_json(fetched->bytes, "referrer " + referrer.digest);
      if (!parsed) return std::move(parsed).error();
      bytes = std::move(fetched->bytes);
      manifest = std::move(*parsed);
      return Ok{};
    };
    if (uninformative_type(referrer.artifact_type)) {
      if (auto ok = load(); !ok) return std::move(ok).error();
      if (manifest.is_object()) referrer.artifact_type = manifest_artifact_type(manifest.as_object());
    }
    if (is_bundle_type(referrer.artifact_type)) {
      found.bundles.push_back(std::move(referrer));
      continue;
    }
    if (referrer.artifact_type != kCosignSignatureArtifact) continue;
    if (auto ok = load(); !ok) return std::move(ok).error();
    std::string subject = string_at(manifest, {"subject", "digest"});
    if (!subject.empty() && subject != manifest_digest) continue;  // an index entry naming someone else's referrer
    auto layers = read_signature_manifest(*bytes);
    if (!layers) return std::move(layers).error();
    for (auto& layer : *layers)
      if (layer.media_type == kSimpleSigning) found.layers.push_back(std::move(layer));
    found.places.push_back("referrer " + referrer.digest);
  }
  return found;
}

}  // namespace floe::oci
