#include "artifacts/signature_ops.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/atomic_file.hpp"
#include "base/deadline.hpp"
#include "base/input_file.hpp"
#include "artifacts/signature_lookup.hpp"
#include "oci/cosign_signature.hpp"
#include "oci/media_types.hpp"

namespace floe::oci {
namespace fs = std::filesystem;

namespace {

// A key that cannot be used is the user's input, whatever the failure
// (missing file, wrong type, encrypted): marked so it maps to FLOE-R907.
Error key_error(Error e) {
  if (is_deadline_error(e)) return e;
  e.detail["kind"] = "key";
  return e;
}

Result<std::string> payload_of(ContentTarget& target, BlobCache& cache, const Descriptor& layer) {
  auto path = cache.ensure(target, layer, {});
  if (!path) return std::move(path).error();
  return cache.read(layer);
}

std::string signature_of(const Descriptor& layer) {
  auto* s = layer.annotations.if_contains(kCosignSignatureAnnotation);
  return s && s->is_string() ? std::string(s->as_string()) : std::string();
}

}  // namespace

Result<SignatureCheck> check_signatures(ContentTarget& target, BlobCache& cache, const std::string& manifest_digest,
                                        const std::vector<std::string>& key_paths) {
  std::vector<VerifyingKey> keys;
  for (const auto& p : key_paths) {
    auto k = load_verifying_key(p);
    if (!k) return key_error(std::move(k).error());
    keys.push_back(std::move(*k));
  }
  SignatureCheck check;
  // True when one of `layers` is a valid signature of the manifest by a trusted key.
  auto verify = [&](const std::vector<Descriptor>& layers) -> Result<bool> {
    for (const auto& layer : layers) {
      if (layer.media_type != kSimpleSigning) continue;
      auto payload = payload_of(target, cache, layer);
      if (!payload) return std::move(payload).error();
      auto subject = payload_manifest_digest(*payload);
      if (!subject || *subject != manifest_digest) continue;  // a signature of other content
      for (const auto& key : keys)
        if (verify_payload(key, *payload, signature_of(layer))) {
          check.verified = true;
          check.key_id = key_id(key);
          return true;
        }
    }
    return false;
  };
  // The .sig tag first: where floe and cosign (by default) put signatures,
  // and no referrers lookup is needed when it verifies.
  std::string tag = signature_tag(manifest_digest);
  auto at_tag = signatures_at_tag(target, tag);
  if (!at_tag) return std::move(at_tag).error();
  auto verified = verify(*at_tag);
  if (!verified) return std::move(verified).error();
  if (*verified) return check;
  auto referred = signatures_in_referrers(target, manifest_digest);
  if (!referred) return std::move(referred).error();
  verified = verify(referred->layers);
  if (!verified) return std::move(verified).error();
  if (*verified) return check;

  check.signatures = at_tag->size() + referred->layers.size();
  check.bundles = referred->bundles;
  std::vector<std::string> places = referred->places;
  if (!at_tag->empty()) places.insert(places.begin(), "tag " + tag);
  std::string bundle_note;
  if (!check.bundles.empty())
    bundle_note = fmt::format("found a sigstore bundle ({}, referrer {}), which floe does not verify yet",
                              check.bundles.front().artifact_type, check.bundles.front().digest);
  if (check.signatures == 0 && bundle_note.empty())
    check.problem = fmt::format("no signature found (neither tag {} nor a cosign signature among the referrers of "
                                "the manifest in {})",
                                tag, target.describe());
  else if (check.signatures == 0)
    check.problem = bundle_note + ", and no cosign key-based signature (tag " + tag + " or referrer)";
  else if (keys.empty())
    check.problem = "signed, but no trusted public keys are configured (verification.keys or --key)";
  else
    check.problem = fmt::format("{} signature(s) ({}), none valid for a trusted key{}", check.signatures,
                                fmt::join(places, ", "), bundle_note.empty() ? "" : "; also " + bundle_note);
  return check;
}

std::string signature_fix(const SignatureCheck& check, std::string usual) {
  if (check.bundles.empty()) return usual;
  std::string bundle_fix =
      "floe verifies cosign's key-based signatures, not sigstore bundles (yet): sign with a key in the legacy "
      "format, `cosign sign --key cosign.key --new-bundle-format=false IMAGE@DIGEST` (add "
      "--registry-referrers-mode=oci-1-1 to store it as a referrer), or `floe artifact sign REF --key KEY`, and "
      "give floe the public key";
  return check.signatures == 0 ? bundle_fix : usual + "; " + bundle_fix;
}

Result<std::string> sign_manifest(ContentTarget& target, BlobCache& cache, const Reference& ref,
                                  const std::string& manifest_digest, const std::string& key_path,
                                  const ProgressFn& progress) {
  auto key = load_signing_key(key_path);
  if (!key) return key_error(std::move(key).error());
  auto public_half = load_verifying_key(key_path);
  if (!public_half) return key_error(std::move(public_half).error());
  std::string tag = signature_tag(manifest_digest);
  auto layers = signatures_at_tag(target, tag);
  if (!layers) return std::move(layers).error();
  std::string payload = simple_signing_payload(ref.docker_reference(), manifest_digest, {});
  // ECDSA signatures differ on every run: a key that already signed this
  // digest is recognised by verifying its signatures, not by comparing bytes.
  for (const auto& layer : *layers) {
    if (layer.media_type != kSimpleSigning) continue;
    auto existing = payload_of(target, cache, layer);
    if (!existing) return std::move(existing).error();
    auto subject = payload_manifest_digest(*existing);
    if (subject && *subject == manifest_digest && verify_payload(*public_half, *existing, signature_of(layer))) return tag;
  }
  auto signature = sign_payload(*key, payload);
  if (!signature) return std::move(signature).error();
  Descriptor payload_desc{kSimpleSigning, digest_of(payload), static_cast<std::int64_t>(payload.size()), {}, {}};
  payload_desc.annotations[kCosignSignatureAnnotation] = *signature;
  if (auto pushed = target.push_blob(payload_desc, BlobSource{{}, payload}, progress); !pushed) return std::move(pushed).error();
  layers->push_back(payload_desc);
  std::vector<std::string> payload_digests;
  for (const auto& l : *layers) payload_digests.push_back(l.digest);
  std::string config = cosign_config(payload_digests);
  Descriptor config_desc{kImageConfig, digest_of(config), static_cast<std::int64_t>(config.size()), {}, {}};
  if (auto pushed = target.push_blob(config_desc, BlobSource{{}, config}, progress); !pushed) return std::move(pushed).error();
  std::string manifest = signature_manifest(config_desc, *layers);
  if (auto pushed = target.push_manifest(tag, manifest, kImageManifest); !pushed) return std::move(pushed).error();
  return tag;
}

namespace {
fs::path verified_file(const std::string& cache_root, const std::string& manifest_digest) {
  return fs::path(cache_root) / "verified" / digest_hex(manifest_digest);
}
}  // namespace

void record_verified(const std::string& cache_root, const std::string& manifest_digest, const std::string& key_id) {
  fs::path file = verified_file(cache_root, manifest_digest);
  auto known = read_input_file(file.string(), InputRules{input_limits::kConfigFile, false});
  if (!known && known.error().code != FLOE_ERR_NOT_FOUND) return;  // a planted FIFO or symlink: left alone
  std::string text = known ? *known : std::string();
  if (text.find(key_id + "\n") != std::string::npos) return;
  (void)write_file_atomically(file.string(), text + key_id + "\n");  // a cache hint: failing to write only costs a lookup
}

std::string verified_before(const std::string& cache_root, const std::string& manifest_digest,
                            const std::vector<std::string>& key_paths) {
  // A cache entry: read like any input (a regular file, no symlink, bounded).
  auto known = read_input_file(verified_file(cache_root, manifest_digest).string(),
                               InputRules{input_limits::kConfigFile, false});
  if (!known) return {};
  for (const auto& p : key_paths) {
    auto key = load_verifying_key(p);
    if (!key) continue;
    std::string id = key_id(*key);
    if (known->find(id + "\n") != std::string::npos) return id;
  }
  return {};
}

}  // namespace floe::oci
