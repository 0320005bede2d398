#include "oci/descriptor.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "core/sha256.hpp"
#include "oci/media_types.hpp"

namespace floe::oci {
namespace json = boost::json;

bool is_sha256_digest(std::string_view digest) {
  constexpr std::string_view prefix = "sha256:";
  if (digest.size() != prefix.size() + 64 || digest.substr(0, prefix.size()) != prefix) return false;
  for (char c : digest.substr(prefix.size()))
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::string digest_hex(std::string_view digest) {
  auto colon = digest.find(':');
  return std::string(colon == std::string_view::npos ? digest : digest.substr(colon + 1));
}

std::string digest_of(std::string_view bytes) { return "sha256:" + sha256_hex(bytes); }

json::object descriptor_to_json(const Descriptor& d) {
  json::object o;
  o["mediaType"] = d.media_type;
  o["digest"] = d.digest;
  o["size"] = d.size;
  if (!d.artifact_type.empty()) o["artifactType"] = d.artifact_type;
  if (!d.annotations.empty()) o["annotations"] = d.annotations;
  return o;
}

Result<Descriptor> descriptor_from_json(const json::value& v) {
  auto bad = [](std::string what) {
    return make_error(FLOE_ERR_INVALID_ARGUMENT, fmt::format("malformed descriptor: {}", what));
  };
  if (!v.is_object()) return bad("not a JSON object");
  const auto& o = v.as_object();
  Descriptor d;
  auto* mt = o.if_contains("mediaType");
  if (!mt || !mt->is_string()) return bad("mediaType missing or not a string");
  d.media_type = std::string(mt->as_string());
  auto* dg = o.if_contains("digest");
  if (!dg || !dg->is_string() || !is_sha256_digest(dg->as_string()))
    return bad("digest missing or not sha256:<64 lower-case hex>");
  d.digest = std::string(dg->as_string());
  auto* sz = o.if_contains("size");
  if (!sz || !(sz->is_int64() || sz->is_uint64()) || (sz->is_int64() && sz->as_int64() < 0))
    return bad("size missing or not a non-negative integer");
  d.size = sz->is_int64() ? sz->as_int64() : static_cast<std::int64_t>(sz->as_uint64());
  if (auto* at = o.if_contains("artifactType"); at && at->is_string()) d.artifact_type = std::string(at->as_string());
  if (auto* an = o.if_contains("annotations"); an && an->is_object()) {
    for (const auto& [k, val] : an->as_object())
      if (!val.is_string()) return bad(fmt::format("annotation '{}' is not a string", std::string(k)));
    d.annotations = an->as_object();
  }
  return d;
}

std::string manifest_artifact_type(const json::object& manifest) {
  if (auto* at = manifest.if_contains("artifactType"); at && at->is_string()) return std::string(at->as_string());
  if (auto* cfg = manifest.if_contains("config"); cfg && cfg->is_object())
    if (auto* mt = cfg->as_object().if_contains("mediaType"); mt && mt->is_string()) return std::string(mt->as_string());
  return {};
}

Descriptor empty_config_descriptor() { return Descriptor{kEmptyConfig, kEmptyDigest, 2, {}, {}}; }

}  // namespace floe::oci
