#include "oci/cosign_signature.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>
#include <optional>

#include "core/base64.hpp"
#include "base/input_file.hpp"
#include "core/json_path.hpp"
#include "base/json_text.hpp"
#include "core/sha256.hpp"
#include "oci/crypto_library.hpp"
#include "oci/media_types.hpp"

namespace floe::oci {
namespace fs = std::filesystem;
namespace json = boost::json;

// A key exists only once libcrypto was opened, so the table is there.
void PkeyFree::operator()(evp_pkey_st* k) const { crypto_library().value()->EVP_PKEY_free(k); }

namespace {

constexpr const char* kSignatureType = "cosign container image signature";

// Only called while libcrypto is open (a BIO or context exists).
const CryptoLibrary& crypto() { return *crypto_library().value(); }

struct BioFree {
  void operator()(BIO* b) const { crypto().BIO_free(b); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { crypto().EVP_MD_CTX_free(c); }
};
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

// Key file contents are wiped from memory once parsed (explicit_bzero: the
// compiler may not drop it, and it needs no libcrypto).
struct SecretText {
  std::string text;
  ~SecretText() { ::explicit_bzero(text.data(), text.size()); }
};

// OpenSSL's reason for the last failure; never includes key bytes.
std::string openssl_reason() {
  unsigned long code = crypto().ERR_get_error();
  crypto().ERR_clear_error();
  if (code == 0) return "unknown OpenSSL error";
  const char* reason = crypto().ERR_reason_error_string(code);
  return reason ? reason : "unknown OpenSSL error";
}

// Read straight into one buffer (no stream copies left behind to wipe),
// through base/input_file.hpp: a key file that is a FIFO or a device is
// refused at once, one larger than 64 KiB before it is read.
Result<Ok> read_key_file(const std::string& path, SecretText& out) {
  auto file = InputFile::open(path, InputRules{input_limits::kKeyFile});
  if (!file) {
    Error e = std::move(file).error();
    if (e.code == FLOE_ERR_NOT_FOUND) return make_error(FLOE_ERR_NOT_FOUND, fmt::format("key file {} does not exist", path));
    std::string problem = input_problem(e);
    if (problem == "not_regular" || problem == "too_large")
      e.message = fmt::format("{} is not a key file: {}", path, e.message);
    return e;
  }
  // Room for one byte more than the limit: never reallocated (and so never
  // copied) while reading, and a file that grew is still told apart.
  out.text.assign(static_cast<std::size_t>(input_limits::kKeyFile + 1), '\0');
  std::size_t done = 0;
  for (;;) {
    auto n = file->read(out.text.data() + done, out.text.size() - done);
    if (!n) {
      ::explicit_bzero(out.text.data(), out.text.size());
      out.text.clear();
      Error e = std::move(n).error();
      if (input_problem(e) == "too_large") e.message = fmt::format("{} is not a key file: {}", path, e.message);
      return e;
    }
    if (*n == 0) break;
    done += *n;
  }
  ::explicit_bzero(out.text.data() + done, out.text.size() - done);
  out.text.resize(done);
  return Ok{};
}

// Only ECDSA P-256 is accepted: it is what cosign generates and what
// `cosign verify --key` expects from a legacy signature.
Result<Ok> check_p256(evp_pkey_st* key, const std::string& path) {
  char group[64] = {};
  std::size_t len = 0;
  const CryptoLibrary& c = crypto();
  if (c.EVP_PKEY_is_a(key, "EC") && c.EVP_PKEY_get_group_name(key, group, sizeof group, &len) == 1 &&
      std::string_view(group, len) == "prime256v1")
    return Ok{};
  c.ERR_clear_error();
  const char* type = c.EVP_PKEY_get0_type_name(key);
  std::string what = c.EVP_PKEY_is_a(key, "EC") ? fmt::format("an EC key on curve {}", len ? std::string(group, len) : "?")
                                               : fmt::format("a {} key", type ? type : "non-EC");
  return make_error(FLOE_ERR_INVALID_ARGUMENT,
                    fmt::format("{} holds {}; floe signs and verifies with ECDSA P-256 keys (as cosign does)", path, what));
}

// PEM callbacks ask for a passphrase only for encrypted keys: refuse.
int no_passphrase(char*, int, int, void*) { return -1; }

// Creates `path` with `bytes` and `mode`, failing if it exists; the content
// appears complete or not at all (temp file + link(2), which never replaces).
Result<Ok> create_new_file(const std::string& path, std::string_view bytes, mode_t mode) {
  std::error_code ec;
  auto parent = fs::path(path).parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);
  std::string temp = path + ".tmp-XXXXXX";
  int fd = ::mkstemp(temp.data());  // created 0600, so a private key is never readable by others
  if (fd < 0) return make_error(FLOE_ERR_IO, fmt::format("cannot create {}: {}", path, std::strerror(errno)));
  bool written = true;
  for (std::size_t done = 0; done < bytes.size() && written;) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    written = n > 0;
    if (written) done += static_cast<std::size_t>(n);
  }
  written = written && ::fchmod(fd, mode) == 0 && ::fsync(fd) == 0;
  int saved = errno;
  written = ::close(fd) == 0 && written;
  if (!written) {
    ::unlink(temp.c_str());
    return make_error(FLOE_ERR_IO, fmt::format("cannot write {}: {}", path, std::strerror(saved)));
  }
  int linked = ::link(temp.c_str(), path.c_str());
  saved = errno;
  ::unlink(temp.c_str());
  if (linked != 0 && saved == EEXIST)
    return make_error(FLOE_ERR_ALREADY_EXISTS, fmt::format("{} already exists; floe never overwrites a key file", path));
  if (linked != 0) return make_error(FLOE_ERR_IO, fmt::format("cannot create {}: {}", path, std::strerror(saved)));
  return Ok{};
}

Result<std::string> pem_of(const std::function<int(BIO*)>& write) {
  BioPtr bio(crypto().BIO_new(crypto().BIO_s_mem()));
  if (!bio || write(bio.get()) != 1) return make_error(FLOE_ERR_INTERNAL, "cannot encode key: " + openssl_reason());
  char* data = nullptr;
  long n = crypto().BIO_ctrl(bio.get(), BIO_CTRL_INFO, 0, &data);  // BIO_get_mem_data
  std::string pem(data, static_cast<std::size_t>(n));
  crypto().OPENSSL_cleanse(data, static_cast<std::size_t>(n));
  return pem;
}

}  // namespace

Result<Ok> write_key_pair(const std::string& private_path, const std::string& public_path) {
  std::error_code ec;
  for (const auto& p : {private_path, public_path})
    if (fs::exists(fs::symlink_status(p, ec)))
      return make_error(FLOE_ERR_ALREADY_EXISTS, fmt::format("{} already exists; floe never overwrites a key file", p));
  auto lib = crypto_library();
  if (!lib) return lib.error();
  const CryptoLibrary& c = **lib;
  PkeyPtr key(c.EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!key) return make_error(FLOE_ERR_INTERNAL, "cannot generate a P-256 key: " + openssl_reason());
  auto private_pem = pem_of([&](BIO* b) {
    return c.PEM_write_bio_PKCS8PrivateKey(b, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  });
  if (!private_pem) return std::move(private_pem).error();
  SecretText secret{std::move(*private_pem)};
  auto public_pem = pem_of([&](BIO* b) { return c.PEM_write_bio_PUBKEY(b, key.get()); });
  if (!public_pem) return std::move(public_pem).error();
  if (auto w = create_new_file(private_path, secret.text, 0600); !w) return w;
  if (auto w = create_new_file(public_path, *public_pem, 0644); !w) {
    ::unlink(private_path.c_str());  // half a pair is useless; it was created just above
    return w;
  }
  return Ok{};
}

Result<SigningKey> load_signing_key(const std::string& path) {
  SecretText pem;
  if (auto r = read_key_file(path, pem); !r) return std::move(r).error();
  const std::string& t = pem.text;
  if (t.find("SIGSTORE PRIVATE KEY") != std::string::npos)
    return make_error(FLOE_ERR_INVALID_ARGUMENT,
                      fmt::format("{} is a cosign-encrypted key (SIGSTORE PRIVATE KEY), which floe cannot read; use an "
                                  "unencrypted PEM P-256 key (floe's key generation, or openssl genpkey -algorithm EC "
                                  "-pkeyopt ec_paramgen_curve:P-256)",
                                  path));
  if (t.find("ENCRYPTED PRIVATE KEY") != std::string::npos || t.find("Proc-Type: 4,ENCRYPTED") != std::string::npos)
    return make_error(FLOE_ERR_INVALID_ARGUMENT,
                      fmt::format("{} is encrypted; floe reads unencrypted keys (decrypt a copy with: openssl pkey -in "
                                  "{} -out <new file>, and keep it mode 0600)",
                                  path, path));
  if (t.find("PRIVATE KEY") == std::string::npos)
    return make_error(FLOE_ERR_INVALID_ARGUMENT,
                      fmt::format("{} is not a PEM private key{}", path,
                                  t.find("PUBLIC KEY") != std::string::npos ? " (it holds a public key; signing needs the private one)" : ""));
  auto lib = crypto_library();
  if (!lib) return lib.error();
  BioPtr bio((*lib)->BIO_new_mem_buf(t.data(), static_cast<int>(t.size())));
  PkeyPtr key((*lib)->PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr));
  if (!key)
    return make_error(FLOE_ERR_INVALID_ARGUMENT, fmt::format("cannot read the private key in {}: {}", path, openssl_reason()));
  if (auto c = check_p256(key.get(), path); !c) return std::move(c).error();
  return SigningKey(std::move(key));
}

Result<VerifyingKey> load_verifying_key(const std::string& path) {
  SecretText pem;
  if (auto r = read_key_file(path, pem); !r) return std::move(r).error();
  if (pem.text.find("PRIVATE KEY") != std::string::npos) {
    // A private key holds its public half; reuse the signing key's checks and messages.
    auto signing = load_signing_key(path);
    if (!signing) return std::move(signing).error();
    return VerifyingKey(PkeyPtr(crypto().EVP_PKEY_dup(signing->get())));
  }
  auto lib = crypto_library();
  if (!lib) return lib.error();
  BioPtr bio((*lib)->BIO_new_mem_buf(pem.text.data(), static_cast<int>(pem.text.size())));
  PkeyPtr key((*lib)->PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  if (!key)
    return make_error(FLOE_ERR_INVALID_ARGUMENT,
                      fmt::format("{} is not a PEM public key (-----BEGIN PUBLIC KEY-----): {}", path, openssl_reason()));
  if (auto c = check_p256(key.get(), path); !c) return std::move(c).error();
  return VerifyingKey(std::move(key));
}

std::string key_id(const VerifyingKey& key) {
  unsigned char* der = nullptr;
  int n = crypto().i2d_PUBKEY(key.get(), &der);
  if (n <= 0) return {};
  std::string id = "sha256:" + sha256_hex(std::string_view(reinterpret_cast<const char*>(der), static_cast<std::size_t>(n)));
  crypto().CRYPTO_free(der, __FILE__, __LINE__);  // OPENSSL_free
  return id;
}

std::string simple_signing_payload(const std::string& docker_reference, const std::string& manifest_digest,
                                   const json::object& optional) {
  // Key order as cosign (Go's encoding/json of sigstore's payload struct) writes it.
  json::object critical{{"identity", json::object{{"docker-reference", docker_reference}}},
                        {"image", json::object{{"docker-manifest-digest", manifest_digest}}},
                        {"type", kSignatureType}};
  json::object payload{{"critical", std::move(critical)},
                       {"optional", optional.empty() ? json::value(nullptr) : json::value(optional)}};
  return json::serialize(payload);
}

Result<std::string> sign_payload(const SigningKey& key, std::string_view payload) {
  const CryptoLibrary& c = crypto();
  MdCtxPtr ctx(c.EVP_MD_CTX_new());
  std::size_t len = 0;
  auto data = reinterpret_cast<const unsigned char*>(payload.data());
  if (!ctx || c.EVP_DigestSignInit(ctx.get(), nullptr, c.EVP_sha256(), nullptr, key.get()) != 1 ||
      c.EVP_DigestSign(ctx.get(), nullptr, &len, data, payload.size()) != 1)
    return make_error(FLOE_ERR_INTERNAL, "cannot sign: " + openssl_reason());
  std::vector<unsigned char> der(len);
  if (c.EVP_DigestSign(ctx.get(), der.data(), &len, data, payload.size()) != 1)
    return make_error(FLOE_ERR_INTERNAL, "cannot sign: " + openssl_reason());
  return base64_encode(std::string_view(reinterpret_cast<const char*>(der.data()), len));
}

bool verify_payload(const VerifyingKey& key, std::string_view payload, std::string_view signature_base64) {
  auto der = base64_decode(signature_base64);
  if (!der) return false;
  const CryptoLibrary& c = crypto();
  MdCtxPtr ctx(c.EVP_MD_CTX_new());
  bool ok = ctx && c.EVP_DigestVerifyInit(ctx.get(), nullptr, c.EVP_sha256(), nullptr, key.get()) == 1 &&
            c.EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(der->data()), der->size(),
                               reinterpret_cast<const unsigned char*>(payload.data()), payload.size()) == 1;
  c.ERR_clear_error();  // a bad signature leaves decoding errors behind
  return ok;
}

Result<std::string> payload_manifest_digest(std::string_view payload) {
  auto v = parse_json(payload, "signature payload");
  if (!v) return std::move(v).error();
  if (string_at(*v, {"critical", "type"}) != kSignatureType)
    return make_error(FLOE_ERR_INVALID_ARGUMENT,
                      fmt::format("not a cosign signature payload (critical.type is not '{}')", kSignatureType));
  std::string digest = string_at(*v, {"critical", "image", "docker-manifest-digest"});
  if (!is_sha256_digest(digest))
    return make_error(FLOE_ERR_INVALID_ARGUMENT,
                      "cosign signature payload without a sha256 critical.image.docker-manifest-digest");
  return digest;
}

std::string signature_tag(const std::string& manifest_digest) {
  std::string tag = manifest_digest;
  std::replace(tag.begin(), tag.end(), ':', '-');
  return tag + ".sig";
}

std::string cosign_config(const std::vector<std::string>& payload_digests) {
  json::array diff_ids;
  for (const auto& d : payload_digests) diff_ids.emplace_back(d);
  // Field order of go-containerregistry's ConfigFile, zero values as cosign leaves them.
  json::object config{{"architecture", ""},
                      {"created", "0001-01-01T00:00:00Z"},
                      {"history", json::array{json::object{{"created", "0001-01-01T00:00:00Z"}}}},
                      {"os", ""},
                      {"rootfs", json::object{{"type", "layers"}, {"diff_ids", std::move(diff_ids)}}},
                      {"config", json::object()}};
  return json::serialize(config);
}

std::string signature_manifest(const Descriptor& config, const std::vector<Descriptor>& layers) {
  json::array list;
  for (const auto& l : layers) list.push_back(descriptor_to_json(l));
  json::object manifest{{"schemaVersion", 2},
                        {"mediaType", kImageManifest},
                        {"config", descriptor_to_json(config)},
                        {"layers", std::move(list)}};
  return json::serialize(manifest);
}

Result<std::vector<Descriptor>> read_signature_manifest(std::string_view bytes) {
  auto v = parse_json(bytes, "signature manifest");
  if (!v) return std::move(v).error();
  auto bad = [](const std::string& why) {
    return make_error(FLOE_ERR_INVALID_ARGUMENT, fmt::format("not a cosign signature manifest: {}", why));
  };
  if (!v->is_object()) return bad("not a JSON object");
  const auto& m = v->as_object();
  auto* version = m.if_contains("schemaVersion");
  if (!version || !version->is_int64() || version->as_int64() != 2) return bad("schemaVersion is not 2");
  if (auto* mt = m.if_contains("mediaType"); mt && (!mt->is_string() || mt->as_string() != kImageManifest))
    return bad(fmt::format("mediaType is not {}", kImageManifest));
  auto* layers = m.if_contains("layers");
  if (!layers || !layers->is_array()) return bad("no layers array");
  std::vector<Descriptor> out;
  for (const auto& l : layers->as_array()) {
    auto d = descriptor_from_json(l);
    if (!d) return bad(d.error().message);
    out.push_back(std::move(*d));
  }
  return out;
}

}  // namespace floe::oci
