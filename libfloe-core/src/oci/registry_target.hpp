// A repository on an OCI registry, over the distribution API (HTTP), as a
// ContentTarget. Follows what docker-registry 2.8.2 was checked to need
// (docs/oci.md, reference notes): Accept on every manifest request, POST
// then PUT for blobs (octet-stream), chunked PATCH for large blobs always to
// the newest Location, byte-exact manifests with digest checks, tags/list
// paging through Link, the referrers API with the sha256-<hex> tag fallback,
// and the auth state machine of registry_auth.hpp.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "oci/content_target.hpp"
#include "oci/reference.hpp"

namespace floe::oci {

class HttpTransport;
class RegistryAuth;
class Scopes;
struct HttpRequest;
struct HttpResponse;
class BodySink;

struct RegistryOptions {
  enum class Scheme { automatic, https, http };
  Scheme scheme = Scheme::automatic;  // automatic: http for loopback hosts (Reference::is_loopback), https otherwise
  bool insecure_tls = false;          // do not verify the server certificate
  std::string ca_file;                // extra CA bundle
  std::string username, password, token;  // explicit credentials (else env, then docker config)
  std::string docker_config_dir;          // overrides $DOCKER_CONFIG
  long connect_timeout_ms = 10000;
  long timeout_ms = 300000;  // a whole request, transfer included
  int max_retries = 5;
  std::int64_t chunk_size = 8 * 1024 * 1024;  // blobs larger than this are uploaded in PATCH chunks of this size
  std::function<void(const std::string&)> warn;  // retries, registry Warning headers (may be empty)
};

class RegistryTarget : public ContentTarget {
 public:
  RegistryTarget(Reference repository, RegistryOptions options);
  ~RegistryTarget() override;
  RegistryTarget(const RegistryTarget&) = delete;
  RegistryTarget& operator=(const RegistryTarget&) = delete;

  std::string describe() const override;
  Result<bool> blob_exists(const Descriptor& d) override;
  Result<Ok> push_blob(const Descriptor& d, const BlobSource& source, const ProgressFn& progress) override;
  Result<Ok> fetch_blob(const Descriptor& d, const std::string& dest_path, const ProgressFn& progress) override;
  Result<std::optional<Descriptor>> resolve(const std::string& tag_or_digest) override;
  Result<FetchedManifest> fetch_manifest(const std::string& tag_or_digest) override;
  Result<Ok> push_manifest(const std::string& tag_or_digest, std::string_view bytes,
                           const std::string& media_type) override;
  Result<std::vector<std::string>> list_tags() override;
  Result<std::vector<Descriptor>> referrers(const std::string& subject_digest,
                                            const std::string& artifact_type) override;
  Result<Ok> add_referrer(const std::string& subject_digest, const Descriptor& referrer) override;

  // GET /v2/: the registry answers and accepts our credentials (if it asks).
  Result<Ok> ping();
  // GET /v2/_catalog (paged through Link): every repository of the registry,
  // sorted. Many hosted registries do not offer it (404) or refuse it to
  // ordinary accounts (401/403): FLOE_ERR_NOT_FOUND / FLOE_ERR_UNAUTHORIZED.
  Result<std::vector<std::string>> catalog();
  // Cross-repository mount of `d` from `from_repository` on the same
  // registry: true if mounted, false if the registry declined (the caller
  // uploads instead).
  Result<bool> mount_blob(const Descriptor& d, const std::string& from_repository);

 private:
  Result<HttpResponse> send(const HttpRequest& request, const Scopes& scopes, BodySink* sink = nullptr);
  Result<bool> blob_exists(const Descriptor& d, const Scopes& scopes);
  Result<Ok> upload_monolithic(const Descriptor& d, const BlobSource& source, std::string location,
                               const ProgressFn& progress);
  Result<Ok> upload_chunked(const Descriptor& d, const BlobSource& source, std::string location,
                            const ProgressFn& progress);
  // GET /v2/<name>/referrers/<d>; `supported` false when the registry has
  // no referrers API (404, or an answer that is not an index).
  Result<std::vector<Descriptor>> referrers_from_api(const std::string& subject_digest,
                                                     const std::string& artifact_type, bool& supported);
  Result<std::vector<Descriptor>> referrers_from_tag(const std::string& subject_digest);
  Error status_error(const HttpResponse& r, const std::string& what) const;
  Scopes pull() const;
  Scopes push() const;

  Reference ref_;
  RegistryOptions options_;
  std::string v2_;    // "http://127.0.0.1:5000/v2/"
  std::string base_;  // "http://127.0.0.1:5000/v2/acme/platform"
  std::unique_ptr<HttpTransport> http_;
  std::unique_ptr<RegistryAuth> auth_;
  std::optional<bool> referrers_api_;  // learned on first use, per repository
};

}  // namespace floe::oci
