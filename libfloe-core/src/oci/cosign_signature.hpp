// Signatures in cosign's legacy key-based format, so `cosign verify --key`
// accepts what floe signs and floe verifies what cosign signs with a key:
// an ECDSA P-256 / SHA-256 signature (DER, base64) over a "simple signing"
// JSON payload naming the manifest digest, stored as a layer of an OCI
// manifest tagged sha256-<hex>.sig. Keys are PEM files (PKCS#8 private,
// SPKI public) as openssl writes them. Messages never include key material.
#pragma once

#include <boost/json/object.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "oci/descriptor.hpp"

struct evp_pkey_st;

namespace floe::oci {

struct PkeyFree {
  void operator()(evp_pkey_st* k) const;
};
using PkeyPtr = std::unique_ptr<evp_pkey_st, PkeyFree>;

// An ECDSA P-256 private key.
class SigningKey {
 public:
  explicit SigningKey(PkeyPtr key) : key_(std::move(key)) {}
  evp_pkey_st* get() const { return key_.get(); }

 private:
  PkeyPtr key_;
};

// An ECDSA P-256 public key.
class VerifyingKey {
 public:
  explicit VerifyingKey(PkeyPtr key) : key_(std::move(key)) {}
  evp_pkey_st* get() const { return key_.get(); }

 private:
  PkeyPtr key_;
};

// Writes a new P-256 key pair: PKCS#8 PEM "PRIVATE KEY" (mode 0600) and SPKI
// PEM "PUBLIC KEY". Refuses to overwrite either file (FLOE_ERR_ALREADY_EXISTS).
Result<Ok> write_key_pair(const std::string& private_path, const std::string& public_path);

// An unencrypted PEM private key (PKCS#8 or SEC1 "EC PRIVATE KEY"), P-256.
Result<SigningKey> load_signing_key(const std::string& path);
// A PEM public key; a private key file also works (its public half is used).
Result<VerifyingKey> load_verifying_key(const std::string& path);

// "sha256:<hex of the DER SubjectPublicKeyInfo>": names a key in messages,
// lock files and the cache.
std::string key_id(const VerifyingKey& key);

// {"critical":{"identity":{"docker-reference":R},"image":{"docker-manifest-digest":D},
//  "type":"cosign container image signature"},"optional":O or null}
std::string simple_signing_payload(const std::string& docker_reference, const std::string& manifest_digest,
                                   const boost::json::object& optional);

// base64(DER ECDSA-SHA256 signature of the payload bytes).
Result<std::string> sign_payload(const SigningKey& key, std::string_view payload);
bool verify_payload(const VerifyingKey& key, std::string_view payload, std::string_view signature_base64);

// critical.image.docker-manifest-digest, after checking critical.type.
Result<std::string> payload_manifest_digest(std::string_view payload);

// "sha256-<hex>.sig": where cosign looks for the signatures of a manifest.
std::string signature_tag(const std::string& manifest_digest);

// The config blob cosign writes for a signature manifest whose layers are
// these payload digests (rootfs.diff_ids), byte for byte.
std::string cosign_config(const std::vector<std::string>& payload_digests);

// A signature manifest: OCI image manifest, config `config` (kImageConfig),
// layers = the payloads (kSimpleSigning, annotation kCosignSignatureAnnotation
// = base64 signature). Deterministic.
std::string signature_manifest(const Descriptor& config, const std::vector<Descriptor>& layers);

// The layers of a fetched signature manifest (callers pick those of type
// kSimpleSigning carrying a kCosignSignatureAnnotation).
Result<std::vector<Descriptor>> read_signature_manifest(std::string_view bytes);

}  // namespace floe::oci
