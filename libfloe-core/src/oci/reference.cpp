#include "oci/reference.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <regex>

#include "oci/descriptor.hpp"

namespace floe::oci {
namespace {

constexpr std::string_view kRegistryScheme = "oci://";
constexpr std::string_view kLayoutScheme = "oci-layout:";

bool valid_repository(const std::string& name) {
  static const std::regex re("[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*");
  return name.size() <= 255 && std::regex_match(name, re);
}

bool valid_host(const std::string& host) {
  static const std::regex re("(\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)(:[0-9]{1,5})?");
  return std::regex_match(host, re);
}

Error malformed(std::string_view text, const std::string& why) {
  return make_error(FLOE_ERR_INVALID_ARGUMENT,
                    fmt::format("invalid OCI reference '{}': {}; write oci://host[:port]/repository[:tag][@sha256:<hex>] "
                                "or oci-layout:PATH[:tag][@sha256:<hex>]",
                                text, why));
}

// Splits "...[:tag][@digest]" where the tag's ':' comes after the last '/'.
Result<Ok> split_object(std::string_view text, std::string& rest, Reference& ref) {
  if (auto at = rest.find('@'); at != std::string::npos) {
    ref.digest = rest.substr(at + 1);
    rest.erase(at);
    if (!is_sha256_digest(ref.digest)) return malformed(text, fmt::format("'{}' is not sha256:<64 lower-case hex>", ref.digest));
  }
  auto slash = rest.rfind('/');
  auto colon = rest.rfind(':');
  if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
    ref.tag = rest.substr(colon + 1);
    rest.erase(colon);
    if (!is_valid_tag(ref.tag)) {
      std::string hint = ref.tag.find('+') != std::string::npos ? fmt::format(" (write '{}')", tag_for_version(ref.tag)) : "";
      return malformed(text, fmt::format("tag '{}' is not [A-Za-z0-9_][A-Za-z0-9._-]{{0,127}}{}", ref.tag, hint));
    }
  }
  return Ok{};
}

}  // namespace

bool is_valid_tag(std::string_view tag) {
  static const std::regex re("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
  return std::regex_match(tag.begin(), tag.end(), re);
}

std::string tag_for_version(std::string_view version) {
  std::string t(version);
  for (char& c : t)
    if (c == '+') c = '_';
  return t;
}

bool looks_like_oci_reference(std::string_view text) {
  return text.substr(0, kRegistryScheme.size()) == kRegistryScheme ||
         text.substr(0, kLayoutScheme.size()) == kLayoutScheme;
}

Result<Reference> parse_reference(std::string_view text) {
  Reference ref;
  std::string rest;
  if (text.substr(0, kLayoutScheme.size()) == kLayoutScheme) {
    ref.kind = Reference::Kind::layout;
    rest = std::string(text.substr(kLayoutScheme.size()));
    if (auto r = split_object(text, rest, ref); !r) return std::move(r).error();
    if (rest.empty()) return malformed(text, "the layout directory is missing");
    ref.layout_path = rest;
    ref.layout_as_written = rest;
    return ref;
  }
  if (text.substr(0, kRegistryScheme.size()) != kRegistryScheme)
    return malformed(text, "it must start with oci:// or oci-layout:");
  rest = std::string(text.substr(kRegistryScheme.size()));
  auto slash = rest.find('/');
  if (slash == std::string::npos || slash == 0) return malformed(text, "a registry host and a repository are needed");
  ref.registry = rest.substr(0, slash);
  rest.erase(0, slash + 1);
  if (!valid_host(ref.registry)) return malformed(text, fmt::format("'{}' is not a host[:port]", ref.registry));
  if (auto r = split_object(text, rest, ref); !r) return std::move(r).error();
  if (!valid_repository(rest))
    return malformed(text, fmt::format("repository '{}' must be lower-case path components of [a-z0-9] joined by '.', "
                                       "'_', '__' or '-'",
                                       rest));
  ref.repository = rest;
  return ref;
}

std::string Reference::repository_uri() const {
  return is_layout() ? fmt::format("oci-layout:{}", layout_path) : fmt::format("oci://{}/{}", registry, repository);
}

std::string Reference::str() const {
  std::string s = repository_uri();
  if (!tag.empty()) s += ":" + tag;
  if (!digest.empty()) s += "@" + digest;
  return s;
}

std::string Reference::docker_reference() const {
  if (!is_layout()) return fmt::format("{}/{}", registry, repository);
  std::filesystem::path dir(layout_as_written.empty() ? layout_path : layout_as_written);
  if (!dir.is_absolute()) return dir.string();
  dir = dir.lexically_normal();
  if (!dir.has_filename()) dir = dir.parent_path();  // "/srv/registry/" -> "/srv/registry"
  return dir.filename().empty() ? "layout" : dir.filename().string();
}

bool Reference::is_loopback() const {
  std::string host = registry;
  if (!host.empty() && host[0] == '[') {
    host = host.substr(1, host.find(']') - 1);
  } else if (auto colon = host.rfind(':'); colon != std::string::npos) {
    host.erase(colon);
  }
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

}  // namespace floe::oci
