// An OCI content descriptor: what a manifest says about a blob (type, digest,
// size, annotations). Sizes and digests from a remote are claims until the
// bytes are checked against them (see verified_file.hpp).
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace floe::oci {

struct Descriptor {
  std::string media_type;
  std::string digest;  // "sha256:<64 lower-case hex>"
  std::int64_t size = 0;
  std::string artifact_type;         // optional ("" = absent)
  boost::json::object annotations;   // optional (empty = absent)
};

// True for "sha256:" followed by exactly 64 lower-case hex digits (the only
// algorithm floe produces or accepts).
bool is_sha256_digest(std::string_view digest);

// The hex part of a sha256 digest ("sha256:abc" -> "abc").
std::string digest_hex(std::string_view digest);

// "sha256:" + sha256 of the bytes.
std::string digest_of(std::string_view bytes);

// {"mediaType","digest","size"[,"artifactType"][,"annotations"]} in that
// order (the order is part of the artifact's digest).
boost::json::object descriptor_to_json(const Descriptor& d);

// Reads a descriptor from a manifest, checking mediaType is a string, digest
// a valid sha256 digest and size a non-negative integer.
Result<Descriptor> descriptor_from_json(const boost::json::value& v);

// The artifact type of an image manifest as the referrers API reports it
// (image-spec v1.1): its artifactType, else its config's mediaType; "" when
// neither is a string.
std::string manifest_artifact_type(const boost::json::object& manifest);

// The empty config descriptor ({"mediaType": empty, "digest", "size": 2}).
Descriptor empty_config_descriptor();

}  // namespace floe::oci
