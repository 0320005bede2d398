#include "oci/layout_target.hpp"

#include <fmt/format.h>

#include <sys/stat.h>

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>
#include <set>

#include "base/atomic_file.hpp"
#include "base/input_file.hpp"
#include "base/json_text.hpp"
#include "oci/advisory_lock.hpp"
#include "oci/blob_io.hpp"
#include "oci/media_types.hpp"
#include "oci/reference.hpp"
#include "oci/verified_file.hpp"

namespace floe::oci {
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

constexpr const char* kLayoutFile = "oci-layout";
constexpr const char* kLockFile = ".floe-index.lock";

// The Referrers API fallback tag of the distribution spec: "sha256-<hex>".
std::string fallback_tag(const std::string& subject_digest) {
  std::string tag = subject_digest;
  std::replace(tag.begin(), tag.end(), ':', '-');
  return tag;
}

std::string ref_name(const json::value& entry) {
  if (!entry.is_object()) return {};
  auto* an = entry.as_object().if_contains("annotations");
  if (!an || !an->is_object()) return {};
  auto* name = an->as_object().if_contains(kRefName);
  return name && name->is_string() ? std::string(name->as_string()) : std::string();
}

std::string entry_digest(const json::value& entry) {
  auto* d = entry.is_object() ? entry.as_object().if_contains("digest") : nullptr;
  return d && d->is_string() ? std::string(d->as_string()) : std::string();
}

// Keeps a verification error's kind while saying which layout it came from.
Error in_layout(Error e, const std::string& describe) {
  e.message = fmt::format("{}: {}", describe, e.message);
  return e;
}

bool is_manifest_type(const std::string& media_type) {
  return media_type == kImageManifest || media_type == kImageIndex || media_type == kDockerManifest;
}

}  // namespace

LayoutTarget::LayoutTarget(std::string dir, bool create) : dir_(std::move(dir)), create_(create) {}

std::string LayoutTarget::describe() const { return "oci-layout:" + dir_; }

std::string LayoutTarget::blob_path(const std::string& digest) const {
  return (fs::path(dir_) / "blobs" / "sha256" / digest_hex(digest)).string();
}

std::string LayoutTarget::index_path() const { return (fs::path(dir_) / "index.json").string(); }

Result<Ok> LayoutTarget::open() {
  if (opened_) return Ok{};
  fs::path layout_file = fs::path(dir_) / kLayoutFile;
  struct stat st {};
  bool exists = ::lstat(layout_file.c_str(), &st) == 0;
  if (!exists) {
    if (!create_)
      return make_error(FLOE_ERR_NOT_FOUND,
                        fmt::format("no OCI image layout at {} (no oci-layout file): check the path", dir_));
    if (auto d = check_directories(); !d) return d;
    std::error_code ec;
    fs::create_directories(fs::path(dir_) / "blobs" / "sha256", ec);
    if (ec) return make_error(FLOE_ERR_IO, fmt::format("cannot create OCI layout {}: {}", dir_, ec.message()));
    auto lock = AdvisoryLock::acquire((fs::path(dir_) / kLockFile).string());
    if (!lock) return std::move(lock).error();
    // index.json first: a layout whose oci-layout exists always has an index.
    if (!fs::exists(fs::symlink_status(index_path(), ec))) {
      json::object index{{"schemaVersion", 2}, {"mediaType", kImageIndex}, {"manifests", json::array()}};
      if (auto w = write_file_atomically(index_path(), json::serialize(index)); !w) return std::move(w).error();
    }
    if (!fs::exists(fs::symlink_status(layout_file, ec)))
      if (auto w = write_file_atomically(layout_file.string(), R"({"imageLayoutVersion":"1.0.0"})"); !w)
        return std::move(w).error();
  } else {
    auto text = read_input_file_beneath(dir_, kLayoutFile, InputRules{input_limits::kOciDocument, false});
    if (!text) return content_error(std::move(text).error(), describe());
    auto v = parse_json(*text, layout_file.string());
    if (!v) return std::move(v).error();
    auto* version = v->is_object() ? v->as_object().if_contains("imageLayoutVersion") : nullptr;
    if (!version || !version->is_string() || !version->as_string().starts_with("1."))
      return make_error(FLOE_ERR_INVALID_ARGUMENT,
                        fmt::format("{} is not an OCI image layout floe can read (imageLayoutVersion must be 1.x)",
                                    layout_file.string()));
    if (auto d = check_directories(); !d) return d;
  }
  opened_ = true;
  return Ok{};
}

Result<Ok> LayoutTarget::check_directories() const {
  // blobs/ and blobs/sha256/ must be the layout's own directories: a symlink
  // would read (or write) content somewhere else on the machine.
  std::string at = dir_;
  for (const char* part : {"blobs", "sha256"}) {
    at = (fs::path(at) / part).string();
    struct stat st {};
    if (::lstat(at.c_str(), &st) != 0) return Ok{};  // absent: created on push, "missing blob" on pull
    if (S_ISLNK(st.st_mode))
      return verification_error(fmt::format(
          "{}: {} is a symlink: floe does not follow symlinks inside an OCI layout (copy the layout with its blobs, "
          "e.g. cp -rL or skopeo copy)",
          describe(), at));
    if (!S_ISDIR(st.st_mode))
      return verification_error(fmt::format("{}: {} is not a directory", describe(), at));
  }
  return Ok{};
}

Result<json::object> LayoutTarget::read_index() const {
  // Read like a registry response: a regular file, no symlink, at most 4 MiB.
  auto text = read_input_file_beneath(dir_, "index.json", InputRules{input_limits::kOciDocument, false});
  if (!text) {
    Error e = std::move(text).error();
    if (e.code == FLOE_ERR_NOT_FOUND)
      return make_error(FLOE_ERR_NOT_FOUND, fmt::format("{}: the layout has no index.json", describe()));
    return content_error(std::move(e), describe());
  }
  auto bad = [&](const std::string& why) {
    return verification_error(fmt::format("{} is not a valid OCI image index: {}", index_path(), why));
  };
  auto v = parse_json(*text, index_path());
  if (!v) return bad(v.error().message);
  if (!v->is_object()) return bad("not a JSON object");
  auto& index = v->as_object();
  if (auto* m = index.if_contains("manifests"); m && !m->is_array()) return bad("manifests is not an array");
  if (!index.contains("manifests")) index["manifests"] = json::array();
  for (const auto& entry : index["manifests"].as_array())
    if (auto d = descriptor_from_json(entry); !d) return bad(d.error().message);
  return std::move(index);
}

Result<Ok> LayoutTarget::update_index(const std::function<Result<Ok>(json::array& manifests)>& change) {
  if (auto o = open(); !o) return o;
  auto lock = AdvisoryLock::acquire((fs::path(dir_) / kLockFile).string());
  if (!lock) return std::move(lock).error();
  auto index = read_index();
  if (!index) return std::move(index).error();
  if (auto c = change((*index)["manifests"].as_array()); !c) return c;
  return write_file_atomically(index_path(), json::serialize(*index));
}

Result<bool> LayoutTarget::blob_exists(const Descriptor& d) {
  if (auto o = open(); !o) return std::move(o).error();
  if (!is_sha256_digest(d.digest)) return false;
  // Only the layout's own regular file counts (a symlinked blob is replaced
  // by a real one on push).
  auto file = InputFile::open_beneath(dir_, blob_relative_path(d.digest), InputRules{kUnboundedInput, false});
  return file && static_cast<std::int64_t>(file->size()) == d.size;
}

Result<Ok> LayoutTarget::push_blob(const Descriptor& d, const BlobSource& source, const ProgressFn& progress) {
  if (!is_sha256_digest(d.digest))
    return make_error(FLOE_ERR_INVALID_ARGUMENT, fmt::format("cannot store blob '{}': not a sha256 digest", d.digest));
  auto exists = blob_exists(d);
  if (!exists) return std::move(exists).error();
  auto total = static_cast<std::uint64_t>(d.size);
  if (*exists) {
    if (progress) progress(blob_label(d), total, total);
    return Ok{};
  }
  // Verifying on the way in too: a caller's wrong descriptor must not plant
  // a blob under a digest it does not have.
  VerifiedFile out(blob_path(d.digest), d);
  if (auto o = out.open(); !o) return o;
  if (!source.path.empty()) {
    if (auto s = stream_file_into(source.path, out, blob_label(d), total, progress); !s) return s;
  } else {
    if (auto w = out.write(source.bytes.data(), source.bytes.size()); !w) return w;
    if (progress) progress(blob_label(d), total, total);
  }
  if (auto c = out.commit(); !c) return in_layout(std::move(c).error(), describe());
  // VerifiedFile's temporary file is private (0600); a layout is for sharing,
  // like the manifests and index.json beside it.
  std::error_code ec;
  fs::permissions(blob_path(d.digest), fs::perms(0644), ec);
  return Ok{};
}

Result<Ok> LayoutTarget::fetch_blob(const Descriptor& d, const std::string& dest_path, const ProgressFn& progress) {
  if (auto o = open(); !o) return o;
  if (!is_sha256_digest(d.digest))
    return make_error(FLOE_ERR_INVALID_ARGUMENT, fmt::format("cannot fetch blob '{}': not a sha256 digest", d.digest));
  struct stat st {};
  if (::lstat(blob_path(d.digest).c_str(), &st) != 0)
    return make_error(FLOE_ERR_NOT_FOUND, fmt::format("{}: blob {} is missing", describe(), d.digest));
  VerifiedFile out(dest_path, d);
  if (auto o = out.open(); !o) return o;
  // Streamed like a download: refused before a byte is copied when it is not
  // the layout's own regular file or is larger than declared.
  auto copied = stream_blob_into(dir_, d, out, progress);
  if (!copied) return in_layout(std::move(copied).error(), describe());
  if (auto c = out.commit(); !c) return in_layout(std::move(c).error(), describe());
  return Ok{};
}

Result<std::optional<Descriptor>> LayoutTarget::resolve_in(const json::array& manifests,
                                                           const std::string& tag_or_digest) {
  bool by_digest = is_sha256_digest(tag_or_digest);
  if (!by_digest && !is_valid_tag(tag_or_digest))
    return make_error(FLOE_ERR_INVALID_ARGUMENT,
                      fmt::format("'{}' is neither a tag nor a sha256:<hex> digest", tag_or_digest));
  // floe writes one entry per tag; two entries of one tag naming different
  // manifests leave "which one" to chance, so that is refused.
  const json::value* found = nullptr;
  for (const auto& entry : manifests) {
    if (by_digest ? entry_digest(entry) != tag_or_digest : ref_name(entry) != tag_or_digest) continue;
    if (found != nullptr && !by_digest && entry_digest(*found) != entry_digest(entry))
      return verification_error(fmt::format(
          "{}: index.json names tag '{}' twice, for {} and for {}: which manifest it means is ambiguous (keep one "
          "entry for the tag in index.json, or pull by digest)",
          describe(), tag_or_digest, entry_digest(*found), entry_digest(entry)));
    found = &entry;
  }
  if (found != nullptr) {
    auto d = descriptor_from_json(*found);
    if (!d) return std::move(d).error();
    d->annotations.clear();  // ref.name belongs to the index entry, not the manifest
    return std::optional<Descriptor>(std::move(*d));
  }
  if (!by_digest) return std::optional<Descriptor>();
  // A manifest stored without an index entry of its own (a referrer, say):
  // its bytes say what it is.
  auto file = InputFile::open_beneath(dir_, blob_relative_path(tag_or_digest), InputRules{kUnboundedInput, false});
  if (!file) {
    if (file.error().code == FLOE_ERR_NOT_FOUND) return std::optional<Descriptor>();
    return content_error(std::move(file).error(), describe());
  }
  Descriptor d{kImageManifest, tag_or_digest, static_cast<std::int64_t>(file->size()), {}, {}};
  auto bytes = read_small_blob(dir_, d, describe());
  if (!bytes) return std::move(bytes).error();
  auto v = parse_json(*bytes, blob_path(tag_or_digest));
  if (!v || !v->is_object()) return std::optional<Descriptor>();
  if (auto* mt = v->as_object().if_contains("mediaType"); mt && mt->is_string())
    d.media_type = std::string(mt->as_string());
  if (!is_manifest_type(d.media_type)) return std::optional<Descriptor>();
  return std::optional<Descriptor>(std::move(d));
}

Result<std::optional<Descriptor>> LayoutTarget::resolve(const std::string& tag_or_digest) {
  if (auto o = open(); !o) return std::move(o).error();
  auto index = read_index();
  if (!index) return std::move(index).error();
  return resolve_in((*index)["manifests"].as_array(), tag_or_digest);
}

Result<std::string> LayoutTarget::read_manifest_blob(const Descriptor& d) const {
  auto bytes = read_small_blob(dir_, d, describe());
  if (!bytes && bytes.error().code == FLOE_ERR_NOT_FOUND)
    return make_error(FLOE_ERR_NOT_FOUND,
                      fmt::format("{}: index.json names manifest {} but its blob is missing", describe(), d.digest));
  return bytes;
}

Result<FetchedManifest> LayoutTarget::fetch_manifest(const std::string& tag_or_digest) {
  auto d = resolve(tag_or_digest);
  if (!d) return std::move(d).error();
  if (!*d) return make_error(FLOE_ERR_NOT_FOUND, fmt::format("{}: no manifest '{}'", describe(), tag_or_digest));
  auto bytes = read_manifest_blob(**d);
  if (!bytes) return std::move(bytes).error();
  return FetchedManifest{std::move(*bytes), (*d)->media_type, (*d)->digest};
}

Result<Ok> LayoutTarget::store_manifest_blob(std::string_view bytes, const std::string& digest) {
  // Rewritten even when present: small, atomic, and it repairs a damaged copy.
  return write_file_atomically(blob_path(digest), bytes);
}

void LayoutTarget::set_tag(json::array& manifests, const std::string& tag, const Descriptor& manifest) {
  // One entry per tag; an untagged entry of the same manifest becomes redundant.
  auto stale = [&](const json::value& e) {
    std::string name = ref_name(e);
    return name == tag || (name.empty() && entry_digest(e) == manifest.digest);
  };
  manifests.erase(std::remove_if(manifests.begin(), manifests.end(), stale), manifests.end());
  Descriptor entry{manifest.media_type, manifest.digest, manifest.size, {}, {{kRefName, tag}}};
  manifests.push_back(descriptor_to_json(entry));
}

Result<Ok> LayoutTarget::push_manifest(const std::string& tag_or_digest, std::string_view bytes,
                                       const std::string& media_type) {
  if (auto o = open(); !o) return o;
  Descriptor m{media_type, digest_of(bytes), static_cast<std::int64_t>(bytes.size()), {}, {}};
  bool by_digest = tag_or_digest.find(':') != std::string::npos;
  if (by_digest && tag_or_digest != m.digest)
    return make_error(FLOE_ERR_INVALID_ARGUMENT,
                      fmt::format("manifest pushed as {} hashes to {}", tag_or_digest, m.digest));
  if (!by_digest && !is_valid_tag(tag_or_digest))
    return make_error(FLOE_ERR_INVALID_ARGUMENT,
                      fmt::format("'{}' is not a valid tag ([A-Za-z0-9_][A-Za-z0-9._-]{{0,127}})", tag_or_digest));
  if (media_type.empty()) return make_error(FLOE_ERR_INVALID_ARGUMENT, "a manifest needs a media type");
  if (auto s = store_manifest_blob(bytes, m.digest); !s) return s;
  return update_index([&](json::array& manifests) -> Result<Ok> {
    if (!by_digest) {
      set_tag(manifests, tag_or_digest, m);
    } else if (std::none_of(manifests.begin(), manifests.end(),
                            [&](const json::value& e) { return entry_digest(e) == m.digest; })) {
      manifests.push_back(descriptor_to_json(m));
    }
    return Ok{};
  });
}

Result<std::optional<std::string>> LayoutTarget::push_manifest_if_absent(const std::string& tag, std::string_view bytes,
                                                                         const std::string& media_type) {
  if (auto o = open(); !o) return std::move(o).error();
  if (!is_valid_tag(tag))
    return make_error(FLOE_ERR_INVALID_ARGUMENT, fmt::format("'{}' is not a valid tag ([A-Za-z0-9_][A-Za-z0-9._-]{{0,127}})", tag));
  if (media_type.empty()) return make_error(FLOE_ERR_INVALID_ARGUMENT, "a manifest needs a media type");
  Descriptor m{media_type, digest_of(bytes), static_cast<std::int64_t>(bytes.size()), {}, {}};
  if (auto s = store_manifest_blob(bytes, m.digest); !s) return std::move(s).error();
  std::optional<std::string> theirs;
  auto updated = update_index([&](json::array& manifests) -> Result<Ok> {
    for (const auto& e : manifests)
      if (ref_name(e) == tag && entry_digest(e) != m.digest) {
        theirs = entry_digest(e);  // another publish got there first: leave it
        return Ok{};
      }
    set_tag(manifests, tag, m);
    return Ok{};
  });
  if (!updated) return std::move(updated).error();
  return theirs;
}

Result<std::vector<std::string>> LayoutTarget::list_tags() {
  if (auto o = open(); !o) return std::move(o).error();
  auto index = read_index();
  if (!index) return std::move(index).error();
  std::set<std::string> tags;
  for (const auto& e : (*index)["manifests"].as_array())
    if (auto name = ref_name(e); !name.empty()) tags.insert(name);
  return std::vector<std::string>(tags.begin(), tags.end());
}

Result<std::vector<Descriptor>> LayoutTarget::referrers(const std::string& subject_digest,
                                                        const std::string& artifact_type) {
  if (!is_sha256_digest(subject_digest))
    return make_error(FLOE_ERR_INVALID_ARGUMENT, fmt::format("'{}' is not a sha256 digest", subject_digest));
  if (auto o = open(); !o) return std::move(o).error();
  auto index = read_index();
  if (!index) return std::move(index).error();
  const auto& manifests = (*index)["manifests"].as_array();
  std::vector<Descriptor> found;
  std::set<std::string> seen;
  auto add = [&](Descriptor d) {
    if (seen.insert(d.digest).second && (artifact_type.empty() || d.artifact_type == artifact_type))
      found.push_back(std::move(d));
  };
  // Manifests in the index that name the subject (what a Referrers API would list).
  for (const auto& entry : manifests) {
    auto d = descriptor_from_json(entry);
    if (!d) return std::move(d).error();
    if (!is_manifest_type(d->media_type) || seen.count(d->digest)) continue;
    auto bytes = read_manifest_blob(*d);
    if (!bytes) return std::move(bytes).error();
    auto v = parse_json(*bytes, blob_path(d->digest));
    if (!v || !v->is_object()) continue;
    const auto& m = v->as_object();
    auto* subject = m.if_contains("subject");
    if (!subject || entry_digest(*subject) != subject_digest) continue;
    Descriptor r{d->media_type, d->digest, d->size, manifest_artifact_type(m), {}};
    if (auto* an = m.if_contains("annotations"); an && an->is_object()) r.annotations = an->as_object();
    add(std::move(r));
  }
  // The fallback index, as a registry without the API keeps it.
  auto fallback = resolve_in(manifests, fallback_tag(subject_digest));
  if (!fallback) return std::move(fallback).error();
  if (*fallback) {
    auto bytes = read_manifest_blob(**fallback);
    if (!bytes) return std::move(bytes).error();
    auto v = parse_json(*bytes, fallback_tag(subject_digest));
    if (!v) return std::move(v).error();
    auto* list = v->is_object() ? v->as_object().if_contains("manifests") : nullptr;
    if (!list || !list->is_array())
      return make_error(FLOE_ERR_INVALID_ARGUMENT,
                        fmt::format("{}: tag {} is not an image index of referrers", describe(),
                                    fallback_tag(subject_digest)));
    for (const auto& e : list->as_array()) {
      auto d = descriptor_from_json(e);
      if (!d) return std::move(d).error();
      add(std::move(*d));
    }
  }
  return found;
}

Result<Ok> LayoutTarget::add_referrer(const std::string& subject_digest, const Descriptor& referrer) {
  if (!is_sha256_digest(subject_digest) || !is_sha256_digest(referrer.digest))
    return make_error(FLOE_ERR_INVALID_ARGUMENT, "add_referrer needs sha256 digests for the subject and the referrer");
  std::string tag = fallback_tag(subject_digest);
  // The whole read-modify-write of the fallback index happens under the
  // index lock, so two processes adding referrers keep both.
  return update_index([&](json::array& manifests) -> Result<Ok> {
    json::object list{{"schemaVersion", 2}, {"mediaType", kImageIndex}, {"manifests", json::array()}};
    auto current = resolve_in(manifests, tag);
    if (!current) return std::move(current).error();
    if (*current) {
      auto bytes = read_manifest_blob(**current);
      if (!bytes) return std::move(bytes).error();
      auto v = parse_json(*bytes, tag);
      if (!v) return std::move(v).error();
      auto* entries = v->is_object() ? v->as_object().if_contains("manifests") : nullptr;
      if (!entries || !entries->is_array())
        return make_error(FLOE_ERR_INVALID_ARGUMENT,
                          fmt::format("{}: tag {} is not an image index of referrers", describe(), tag));
      list = std::move(v->as_object());
    }
    auto& entries = list["manifests"].as_array();
    if (std::any_of(entries.begin(), entries.end(),
                    [&](const json::value& e) { return entry_digest(e) == referrer.digest; }))
      return Ok{};
    entries.push_back(descriptor_to_json(referrer));
    std::string bytes = json::serialize(list);
    Descriptor index{kImageIndex, digest_of(bytes), static_cast<std::int64_t>(bytes.size()), {}, {}};
    if (auto s = store_manifest_blob(bytes, index.digest); !s) return s;
    set_tag(manifests, tag, index);
    return Ok{};
  });
}

Result<std::vector<std::string>> list_layout_directories(const std::string& dir) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec)
    return make_error(ec == std::errc::no_such_file_or_directory ? FLOE_ERR_NOT_FOUND : FLOE_ERR_IO,
                      fmt::format("cannot list {}: {}", dir, ec.message()));
  std::vector<std::string> out;
  for (const auto& entry : it) {
    struct stat st {};
    // lstat: a layout is read without following symlinks, the listing too.
    if (!entry.is_directory(ec) || entry.is_symlink(ec)) continue;
    if (::lstat((entry.path() / kLayoutFile).c_str(), &st) == 0 && S_ISREG(st.st_mode))
      out.push_back(entry.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace floe::oci
