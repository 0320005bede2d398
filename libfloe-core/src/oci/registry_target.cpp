#include "oci/registry_target.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>

#include "oci/http_transport.hpp"
#include "oci/media_types.hpp"
#include "oci/registry_auth.hpp"
#include "oci/verified_file.hpp"

namespace floe::oci {
namespace json = boost::json;
namespace {

constexpr const char* kManifestAccept =
    "Accept: application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, "
    "application/vnd.docker.distribution.manifest.v2+json";
constexpr const char* kOctetStream = "Content-Type: application/octet-stream";

// "application/json; charset=utf-8" -> "application/json"
std::string media_type_of(std::string content_type) {
  content_type.erase(std::min(content_type.find(';'), content_type.size()));
  while (!content_type.empty() && content_type.back() == ' ') content_type.pop_back();
  return content_type;
}

std::string with_query(const std::string& url, const std::string& param) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") + param;
}

std::string label_of(const Descriptor& d) {
  if (const auto* t = d.annotations.if_contains(kTitle); t && t->is_string()) return std::string(t->as_string());
  return d.digest.substr(0, 19);  // "sha256:" + 12 hex
}

// The target of Link: <url>; rel="next" (RFC 8288), "" if none.
std::string next_link(const HttpResponse& r) {
  for (const auto& link : r.header_values("Link")) {
    auto open = link.find('<'), close = link.find('>');
    if (open == std::string::npos || close == std::string::npos || close < open) continue;
    if (link.find("rel=\"next\"", close) != std::string::npos || link.find("rel=next", close) != std::string::npos)
      return resolve_url(r.url, link.substr(open + 1, close - open - 1));
  }
  return {};
}

// Streams a blob into a fresh VerifiedFile for every attempt, so a retried
// download never appends to a half-received one.
class VerifiedSink : public BodySink {
 public:
  VerifiedSink(std::string dest, Descriptor d) : dest_(std::move(dest)), d_(std::move(d)) {}
  Result<Ok> begin() override {
    file_ = std::make_unique<VerifiedFile>(dest_, d_);
    return file_->open();
  }
  Result<Ok> write(const char* data, std::size_t n) override { return file_->write(data, n); }
  Result<Ok> commit() { return file_->commit(); }

 private:
  std::string dest_;
  Descriptor d_;
  std::unique_ptr<VerifiedFile> file_;
};

Result<std::vector<Descriptor>> index_manifests(const std::string& bytes, const std::string& what) {
  json::error_code ec;
  auto v = json::parse(bytes, ec);
  const json::value* manifests = (!ec && v.is_object()) ? v.as_object().if_contains("manifests") : nullptr;
  if (manifests && manifests->is_null()) return std::vector<Descriptor>{};
  if (!manifests || !manifests->is_array())
    return make_error(FLOE_ERR_INVALID_ARGUMENT, fmt::format("{} is not an image index with a manifests list", what));
  std::vector<Descriptor> out;
  for (const auto& m : manifests->as_array()) {
    auto d = descriptor_from_json(m);
    if (!d) return make_error(FLOE_ERR_INVALID_ARGUMENT, fmt::format("{}: {}", what, d.error().message));
    out.push_back(std::move(d).value());
  }
  return out;
}

}  // namespace

RegistryTarget::RegistryTarget(Reference repository, RegistryOptions options)
    : ref_(std::move(repository)), options_(std::move(options)) {
  bool http = options_.scheme == RegistryOptions::Scheme::http ||
              (options_.scheme == RegistryOptions::Scheme::automatic && ref_.is_loopback());
  v2_ = fmt::format("{}://{}/v2/", http ? "http" : "https", ref_.registry);
  base_ = v2_ + ref_.repository;
  TransportOptions t;
  t.insecure_tls = options_.insecure_tls;
  t.ca_file = options_.ca_file;
  t.connect_timeout_ms = options_.connect_timeout_ms;
  t.timeout_ms = options_.timeout_ms;
  t.max_retries = options_.max_retries;
  t.warn = options_.warn;
  http_ = std::make_unique<HttpTransport>(std::move(t));
  CredentialQuery q{ref_.registry, options_.username, options_.password, options_.token, options_.docker_config_dir};
  auth_ = std::make_unique<RegistryAuth>(ref_.registry, *http_, std::move(q));
}

RegistryTarget::~RegistryTarget() = default;

std::string RegistryTarget::describe() const { return ref_.repository_uri(); }

Scopes RegistryTarget::pull() const { return Scopes::repository(ref_.repository, {"pull"}); }
Scopes RegistryTarget::push() const { return Scopes::repository(ref_.repository, {"pull", "push"}); }

Result<HttpResponse> RegistryTarget::send(const HttpRequest& request, const Scopes& scopes, BodySink* sink) {
  return auth_->send(request, scopes, sink);
}

Error RegistryTarget::status_error(const HttpResponse& r, const std::string& what) const {
  floe_status code = FLOE_ERR_INVALID_ARGUMENT;
  if (r.status == 401 || r.status == 403) code = FLOE_ERR_UNAUTHORIZED;
  else if (r.status == 404) code = FLOE_ERR_NOT_FOUND;
  else if (r.status == 408) code = FLOE_ERR_TIMEOUT;
  else if (r.status == 429 || r.status >= 500) code = FLOE_ERR_UNAVAILABLE;
  std::string body = describe_error_body(r);
  json::array codes;
  for (auto& c : error_codes(r)) codes.emplace_back(c);
  return make_error(code,
                    fmt::format("{} on {}: the registry answered {}{}{}", what, describe(), r.status,
                                body.empty() ? "" : ": ", body),
                    {{"http_status", r.status}, {"registry_errors", std::move(codes)}});
}

Result<Ok> RegistryTarget::ping() {
  HttpRequest r;
  r.url = base_.substr(0, base_.find("/v2/") + 4);
  auto resp = send(r, Scopes{});
  if (!resp) return std::move(resp).error();
  if (resp->status == 200) return Ok{};
  if (resp->status == 404)
    return make_error(FLOE_ERR_UNAVAILABLE,
                      fmt::format("{} does not serve the OCI distribution API (GET /v2/ answered 404)", ref_.registry));
  return status_error(*resp, "GET /v2/");
}

Result<bool> RegistryTarget::blob_exists(const Descriptor& d) { return blob_exists(d, pull()); }

Result<bool> RegistryTarget::blob_exists(const Descriptor& d, const Scopes& scopes) {
  HttpRequest r;
  r.method = "HEAD";
  r.url = base_ + "/blobs/" + d.digest;
  auto resp = send(r, scopes);
  if (!resp) return std::move(resp).error();
  if (resp->status == 200) return true;
  if (resp->status == 404) return false;
  return status_error(*resp, "checking blob " + d.digest);
}

Result<Ok> RegistryTarget::push_blob(const Descriptor& d, const BlobSource& source, const ProgressFn& progress) {
  // The descriptor is the caller's claim about the source: a mismatch here
  // would only surface as a confusing DIGEST_INVALID from the registry.
  if (!source.path.empty()) {
    std::error_code ec;
    auto size = std::filesystem::file_size(source.path, ec);
    if (ec) return make_error(FLOE_ERR_IO, fmt::format("cannot read {}: {}", source.path, ec.message()));
    if (static_cast<std::int64_t>(size) != d.size)
      return make_error(FLOE_ERR_INVALID_ARGUMENT,
                        fmt::format("{} is {} bytes but its descriptor says {}", source.path, size, d.size));
  } else if (static_cast<std::int64_t>(source.bytes.size()) != d.size || digest_of(source.bytes) != d.digest) {
    return make_error(FLOE_ERR_INVALID_ARGUMENT,
                      fmt::format("the bytes given for blob {} do not match its descriptor", d.digest));
  }
  auto exists = blob_exists(d, push());
  if (!exists) return std::move(exists).error();
  auto total = static_cast<std::uint64_t>(d.size);
  if (*exists) {
    if (progress) progress(label_of(d), total, total);
    return Ok{};
  }
  HttpRequest post;
  post.method = "POST";
  post.url = base_ + "/blobs/uploads/";
  auto started = send(post, push());
  if (!started) return std::move(started).error();
  if (started->status != 202) return status_error(*started, "starting the upload of blob " + d.digest);
  std::string location = started->header("Location");
  if (location.empty())
    return make_error(FLOE_ERR_INVALID_ARGUMENT,
                      fmt::format("{} started an upload without a Location header", ref_.registry));
  // Location may be relative and carries state (_state=): resolve it, never build it.
  location = resolve_url(started->url, location);
  bool chunked = d.size > options_.chunk_size && !source.path.empty();
  return chunked ? upload_chunked(d, source, location, progress) : upload_monolithic(d, source, location, progress);
}

Result<Ok> RegistryTarget::upload_monolithic(const Descriptor& d, const BlobSource& source, std::string location,
                                             const ProgressFn& progress) {
  HttpRequest put;
  put.method = "PUT";
  put.url = with_query(location, "digest=" + d.digest);
  // Without an explicit type curl would send form-urlencoded, and 2.8.2's
  // form parsing would eat the body (400 DIGEST_INVALID).
  put.headers.push_back(kOctetStream);
  put.body_path = source.path;
  put.body = source.bytes;
  if (progress) put.progress = [&](std::uint64_t done, std::uint64_t total) { progress(label_of(d), done, total); };
  auto resp = send(put, push());
  if (resp && resp->status == 201) {
    std::string got = resp->header("Docker-Content-Digest");
    if (!got.empty() && is_sha256_digest(got) && got != d.digest)
      return verification_error(fmt::format("{} stored blob {} under digest {}", ref_.registry, d.digest, got));
    return Ok{};
  }
  // Cancel the session (best effort) so the registry can drop the partial upload.
  HttpRequest cancel;
  cancel.method = "DELETE";
  cancel.url = location;
  (void)send(cancel, push());
  if (!resp) return std::move(resp).error();
  return status_error(*resp, "uploading blob " + d.digest);
}

Result<Ok> RegistryTarget::upload_chunked(const Descriptor& d, const BlobSource& source, std::string location,
                                          const ProgressFn& progress) {
  auto fail = [&](Error e) -> Result<Ok> {
    HttpRequest cancel;
    cancel.method = "DELETE";
    cancel.url = location;
    (void)send(cancel, push());
    return e;
  };
  // 2.8.2 does not check a chunk's start offset, so we track it ourselves
  // and check the Range the registry reports after every chunk.
  std::int64_t offset = 0;
  while (offset < d.size) {
    std::int64_t len = std::min(options_.chunk_size, d.size - offset);
    HttpRequest patch;
    patch.method = "PATCH";
    patch.url = location;
    patch.headers.push_back(kOctetStream);
    patch.headers.push_back(fmt::format("Content-Range: {}-{}", offset, offset + len - 1));
    patch.body_path = source.path;
    patch.body_offset = offset;
    patch.body_length = len;
    if (progress)
      patch.progress = [&, offset](std::uint64_t done, std::uint64_t) {
        progress(label_of(d), static_cast<std::uint64_t>(offset) + done, static_cast<std::uint64_t>(d.size));
      };
    auto resp = send(patch, push());
    if (!resp) return fail(std::move(resp).error());
    if (resp->status != 202) return fail(status_error(*resp, fmt::format("uploading a chunk of blob {}", d.digest)));
    std::string range = resp->header("Range");
    std::string expected = fmt::format("0-{}", offset + len - 1);
    if (!range.empty() && range != expected && range != "bytes=" + expected)
      return fail(make_error(FLOE_ERR_INVALID_ARGUMENT,
                             fmt::format("{} reports upload range {} after a chunk ending at byte {}", ref_.registry,
                                         range, offset + len - 1)));
    // Always continue from the newest Location: an older _state is refused.
    if (std::string next = resp->header("Location"); !next.empty()) location = resolve_url(resp->url, next);
    offset += len;
  }
  HttpRequest put;
  put.method = "PUT";
  put.url = with_query(location, "digest=" + d.digest);
  put.headers.push_back(kOctetStream);
  auto resp = send(put, push());
  if (!resp) return fail(std::move(resp).error());
  if (resp->status != 201) return fail(status_error(*resp, "completing the upload of blob " + d.digest));
  return Ok{};
}

Result<bool> RegistryTarget::mount_blob(const Descriptor& d, const std::string& from_repository) {
  HttpRequest r;
  r.method = "POST";
  r.url = base_ + "/blobs/uploads/?mount=" + url_escape(d.digest) + "&from=" + url_escape(from_repository);
  // The token must also allow pulling from the source repository.
  Scopes scopes = push();
  scopes.add("repository:" + from_repository, {"pull"});
  auto resp = send(r, scopes);
  if (!resp) return std::move(resp).error();
  if (resp->status == 201) return true;
  if (resp->status == 202) {
    // Declined: the registry opened an ordinary upload session instead.
    if (std::string loc = resp->header("Location"); !loc.empty()) {
      HttpRequest cancel;
      cancel.method = "DELETE";
      cancel.url = resolve_url(resp->url, loc);
      (void)send(cancel, scopes);
    }
    return false;
  }
  return status_error(*resp, fmt::format("mounting blob {} from {}", d.digest, from_repository));
}

Result<Ok> RegistryTarget::fetch_blob(const Descriptor& d, const std::string& dest_path, const ProgressFn& progress) {
  if (!is_sha256_digest(d.digest))
    return make_error(FLOE_ERR_INVALID_ARGUMENT,
                      fmt::format("cannot fetch blob \"{}\": not a sha256 digest", d.digest));
  HttpRequest r;
  r.url = base_ + "/blobs/" + d.digest;
  if (progress)
    r.progress = [&](std::uint64_t done, std::uint64_t) {
      progress(label_of(d), done, static_cast<std::uint64_t>(d.size));
    };
  VerifiedSink sink(dest_path, d);
  auto resp = send(r, pull(), &sink);
  if (!resp) return std::move(resp).error();
  if (resp->status != 200) return status_error(*resp, "fetching blob " + d.digest);
  return sink.commit();
}

Result<std::optional<Descriptor>> RegistryTarget::resolve(const std::string& tag_or_digest) {
  HttpRequest r;
  r.method = "HEAD";
  r.url = base_ + "/manifests/" + tag_or_digest;
  r.headers.push_back(kManifestAccept);
  auto resp = send(r, pull());
  if (!resp) return std::move(resp).error();
  if (resp->status == 404) return std::optional<Descriptor>{};
  if (resp->status != 200) return status_error(*resp, "resolving " + tag_or_digest);
  Descriptor d;
  d.media_type = media_type_of(resp->header("Content-Type"));
  d.digest = is_sha256_digest(tag_or_digest) ? tag_or_digest : resp->header("Docker-Content-Digest");
  std::string length = resp->header("Content-Length");
  // Without a usable digest or length (some registries omit them on HEAD),
  // fetch the manifest and hash it.
  if (!is_sha256_digest(d.digest) || length.empty() || d.media_type.empty()) {
    auto m = fetch_manifest(tag_or_digest);
    if (!m) {
      if (m.error().code == FLOE_ERR_NOT_FOUND) return std::optional<Descriptor>{};
      return std::move(m).error();
    }
    return std::optional<Descriptor>(
        Descriptor{m->media_type, m->digest, static_cast<std::int64_t>(m->bytes.size()), {}, {}});
  }
  d.size = std::strtoll(length.c_str(), nullptr, 10);
  return std::optional<Descriptor>(std::move(d));
}

Result<FetchedManifest> RegistryTarget::fetch_manifest(const std::string& tag_or_digest) {
  HttpRequest r;
  r.url = base_ + "/manifests/" + tag_or_digest;
  r.headers.push_back(kManifestAccept);
  auto resp = send(r, pull());  // buffered, capped at 4 MiB by the transport
  if (!resp) return std::move(resp).error();
  if (resp->status != 200) return status_error(*resp, "fetching manifest " + tag_or_digest);
  FetchedManifest m;
  m.bytes = std::move(resp->body);
  m.digest = digest_of(m.bytes);
  std::string what = fmt::format("manifest {} from {}", tag_or_digest, describe());
  if (is_sha256_digest(tag_or_digest) && m.digest != tag_or_digest)
    return verification_error(fmt::format("{} hashes to {}", what, m.digest));
  std::string claimed = resp->header("Docker-Content-Digest");
  if (is_sha256_digest(claimed) && claimed != m.digest)
    return verification_error(fmt::format("{} hashes to {} but the registry says {}", what, m.digest, claimed));
  json::error_code ec;
  auto v = json::parse(m.bytes, ec);
  if (ec || !v.is_object()) return make_error(FLOE_ERR_INVALID_ARGUMENT, what + " is not a JSON object");
  std::string content_type = media_type_of(resp->header("Content-Type"));
  const auto* mt = v.as_object().if_contains("mediaType");
  std::string declared = mt && mt->is_string() ? std::string(mt->as_string()) : "";
  if (!declared.empty() && !content_type.empty() && declared != content_type)
    return verification_error(
        fmt::format("{} declares mediaType {} but was served as {}", what, declared, content_type));
  m.media_type = declared.empty() ? content_type : declared;
  return m;
}

Result<Ok> RegistryTarget::push_manifest(const std::string& tag_or_digest, std::string_view bytes,
                                         const std::string& media_type) {
  std::string digest = digest_of(bytes);
  if (is_sha256_digest(tag_or_digest) && tag_or_digest != digest)
    return make_error(FLOE_ERR_INVALID_ARGUMENT,
                      fmt::format("cannot store a manifest hashing to {} under digest {}", digest, tag_or_digest));
  HttpRequest r;
  r.method = "PUT";
  r.url = base_ + "/manifests/" + tag_or_digest;
  r.headers.push_back("Content-Type: " + media_type);
  r.body = std::string(bytes);
  auto resp = send(r, push());
  if (!resp) return std::move(resp).error();
  if (resp->status != 201 && resp->status != 200)
    return status_error(*resp, "pushing manifest " + tag_or_digest);
  std::string got = resp->header("Docker-Content-Digest");
  if (is_sha256_digest(got) && got != digest)
    return verification_error(
        fmt::format("{} stored manifest {} under digest {}, not {}", ref_.registry, tag_or_digest, got, digest));
  return Ok{};
}

Result<std::vector<std::string>> RegistryTarget::list_tags() {
  std::vector<std::string> tags;
  std::string url = base_ + "/tags/list";
  for (int page = 0; !url.empty() && page < 10000; ++page) {
    HttpRequest r;
    r.url = url;
    auto resp = send(r, pull());
    if (!resp) return std::move(resp).error();
    if (resp->status == 404) {
      auto codes = error_codes(*resp);
      if (std::find(codes.begin(), codes.end(), "NAME_UNKNOWN") != codes.end()) break;  // no repository yet
    }
    if (resp->status != 200) return status_error(*resp, "listing tags");
    json::error_code ec;
    auto v = json::parse(resp->body, ec);
    const json::value* list = (!ec && v.is_object()) ? v.as_object().if_contains("tags") : nullptr;
    if (list && list->is_array()) {
      for (const auto& t : list->as_array())
        if (t.is_string()) tags.emplace_back(t.as_string());
    } else if (!list || !list->is_null()) {
      return make_error(FLOE_ERR_INVALID_ARGUMENT, fmt::format("the tag list of {} is malformed", describe()));
    }
    std::string next = next_link(*resp);
    url = next == url ? "" : next;
  }
  // The spec wants lexical order; 2.8.2 answers in any order.
  std::sort(tags.begin(), tags.end());
  tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
  return tags;
}

Result<std::vector<std::string>> RegistryTarget::catalog() {
  std::vector<std::string> repositories;
  Scopes scopes;
  scopes.add("registry:catalog", {"*"});
  std::string url = with_query(v2_ + "_catalog", "n=1000");
  for (int page = 0; !url.empty() && page < 10000; ++page) {
    HttpRequest r;
    r.url = url;
    auto resp = send(r, scopes);
    if (!resp) return std::move(resp).error();
    if (resp->status != 200) return status_error(*resp, "listing the registry's repositories (/v2/_catalog)");
    json::error_code ec;
    auto v = json::parse(resp->body, ec);
    const json::value* list = (!ec && v.is_object()) ? v.as_object().if_contains("repositories") : nullptr;
    if (!list || !list->is_array())
      return make_error(FLOE_ERR_INVALID_ARGUMENT, fmt::format("the repository list of {} is malformed", ref_.registry));
    for (const auto& name : list->as_array())
      if (name.is_string()) repositories.emplace_back(name.as_string());
    std::string next = next_link(*resp);
    url = next == url ? "" : next;
  }
  std::sort(repositories.begin(), repositories.end());
  repositories.erase(std::unique(repositories.begin(), repositories.end()), repositories.end());
  return repositories;
}

Result<std::vector<Descriptor>> RegistryTarget::referrers_from_api(const std::string& subject_digest,
                                                                   const std::string& artifact_type, bool& supported) {
  supported = false;
  std::vector<Descriptor> out;
  std::string url = base_ + "/referrers/" + subject_digest;
  if (!artifact_type.empty()) url += "?artifactType=" + url_escape(artifact_type);
  bool filtered = false;
  for (int page = 0; !url.empty() && page < 1000; ++page) {
    HttpRequest r;
    r.url = url;
    r.headers.push_back(std::string("Accept: ") + kImageIndex);
    auto resp = send(r, pull());
    if (!resp) return std::move(resp).error();
    // A registry with the API never answers 404 (2.8.2's router answers a
    // text/plain 404); anything but an index also means "no API".
    bool index = resp->status == 200 && media_type_of(resp->header("Content-Type")) == kImageIndex;
    if (page == 0 && (resp->status == 404 || (resp->status == 200 && !index))) return out;
    if (!index) return status_error(*resp, "listing referrers of " + subject_digest);
    supported = true;
    if (resp->header("OCI-Filters-Applied").find("artifactType") != std::string::npos) filtered = true;
    auto list = index_manifests(resp->body, "the referrers list of " + subject_digest);
    if (!list) return std::move(list).error();
    out.insert(out.end(), list->begin(), list->end());
    std::string next = next_link(*resp);
    url = next == url ? "" : next;
  }
  if (!artifact_type.empty() && !filtered)
    std::erase_if(out, [&](const Descriptor& d) { return d.artifact_type != artifact_type; });
  return out;
}

Result<std::vector<Descriptor>> RegistryTarget::referrers_from_tag(const std::string& subject_digest) {
  auto m = fetch_manifest("sha256-" + digest_hex(subject_digest));
  if (!m) {
    if (m.error().code == FLOE_ERR_NOT_FOUND) return std::vector<Descriptor>{};
    return std::move(m).error();
  }
  // Some registries (GitLab) resolve sha256-<hex> to the subject itself.
  if (m->media_type != kImageIndex) {
    if (options_.warn)
      options_.warn(fmt::format("{}: tag sha256-{} holds a {}, not a referrers index; ignoring it", describe(),
                                digest_hex(subject_digest), m->media_type));
    return std::vector<Descriptor>{};
  }
  return index_manifests(m->bytes, "the referrers index sha256-" + digest_hex(subject_digest));
}

Result<std::vector<Descriptor>> RegistryTarget::referrers(const std::string& subject_digest,
                                                          const std::string& artifact_type) {
  if (!is_sha256_digest(subject_digest))
    return make_error(FLOE_ERR_INVALID_ARGUMENT, fmt::format("\"{}\" is not a sha256 digest", subject_digest));
  if (referrers_api_.value_or(true)) {
    bool supported = false;
    auto r = referrers_from_api(subject_digest, artifact_type, supported);
    if (!r) return r;
    referrers_api_ = supported;
    if (supported) return r;
  }
  auto all = referrers_from_tag(subject_digest);
  if (!all || artifact_type.empty()) return all;
  std::erase_if(*all, [&](const Descriptor& d) { return d.artifact_type != artifact_type; });
  return all;
}

Result<Ok> RegistryTarget::add_referrer(const std::string& subject_digest, const Descriptor& referrer) {
  if (!is_sha256_digest(subject_digest))
    return make_error(FLOE_ERR_INVALID_ARGUMENT, fmt::format("\"{}\" is not a sha256 digest", subject_digest));
  if (!referrers_api_) {
    bool supported = false;
    auto probe = referrers_from_api(subject_digest, "", supported);
    if (!probe) return std::move(probe).error();
    referrers_api_ = supported;
  }
  if (*referrers_api_) return Ok{};  // the registry indexes the subject itself
  // The fallback index: read, append if absent, write back. Concurrent
  // writers can race here; the spec leaves that to clients.
  std::string tag = "sha256-" + digest_hex(subject_digest);
  json::object index{{"schemaVersion", 2}, {"mediaType", kImageIndex}, {"manifests", json::array{}}};
  auto existing = fetch_manifest(tag);
  if (existing) {
    if (existing->media_type != kImageIndex)
      return make_error(FLOE_ERR_CONFLICT,
                        fmt::format("{}: tag {} holds a {}, not a referrers index; not overwriting it", describe(), tag,
                                    existing->media_type));
    json::error_code ec;
    auto v = json::parse(existing->bytes, ec);
    auto* manifests = v.as_object().if_contains("manifests");
    if (!manifests || !manifests->is_array())
      return make_error(FLOE_ERR_INVALID_ARGUMENT,
                        fmt::format("{}: the index at tag {} is malformed", describe(), tag));
    index = std::move(v.as_object());
  } else if (existing.error().code != FLOE_ERR_NOT_FOUND) {
    return std::move(existing).error();
  }
  auto& manifests = index["manifests"].as_array();
  for (const auto& m : manifests)
    if (const auto* d = m.is_object() ? m.as_object().if_contains("digest") : nullptr;
        d && d->is_string() && d->as_string() == referrer.digest)
      return Ok{};
  manifests.push_back(descriptor_to_json(referrer));
  return push_manifest(tag, json::serialize(index), kImageIndex);
}

}  // namespace floe::oci
