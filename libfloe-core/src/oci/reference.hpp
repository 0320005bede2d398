// Where an artifact lives: `oci://host[:port]/repository[:tag][@sha256:hex]`
// for a registry, `oci-layout:PATH[:tag][@sha256:hex]` for an OCI Image Layout
// directory (one layout directory per repository). Both are accepted
// wherever a platform reference is.
#pragma once

#include <string>
#include <string_view>

#include "base/result.hpp"

namespace floe::oci {

struct Reference {
  enum class Kind { registry, layout };
  Kind kind = Kind::registry;
  std::string registry;     // host[:port] (registry kind)
  std::string repository;   // e.g. "acme/platform" (registry kind)
  std::string layout_path;  // directory (layout kind): as written, or resolved by the caller (with_layout_base)
  std::string layout_as_written;  // the directory exactly as the reference gave it (never resolved)
  std::string tag;          // "" = none
  std::string digest;       // "" = none; else "sha256:<hex>"

  bool is_layout() const { return kind == Kind::layout; }
  bool pinned() const { return !digest.empty(); }
  // The tag or digest to ask a target for (digest wins), "" if neither.
  std::string object() const { return digest.empty() ? tag : digest; }
  // Without tag and digest: "oci://host/repo" or "oci-layout:PATH".
  std::string repository_uri() const;
  // The canonical text form (tag and digest both kept when present).
  std::string str() const;
  // cosign's docker-reference: "host/repo". For a layout, the directory as
  // the reference gave it ("../registry"), never a path floe resolved; an
  // absolute directory gives only its last component, so a signature never
  // carries the signing machine's directory layout.
  std::string docker_reference() const;
  // True for localhost, 127.0.0.0/8 and ::1: plain HTTP is the default there.
  bool is_loopback() const;
};

// True if `text` starts with "oci://" or "oci-layout:".
bool looks_like_oci_reference(std::string_view text);

// Parses a reference; the error names what is malformed and how to write it.
// Repository names follow the distribution spec's grammar, tags
// [A-Za-z0-9_][A-Za-z0-9._-]{0,127} ('+' is not allowed: write '_').
Result<Reference> parse_reference(std::string_view text);

// A tag for a version: '+' (semver build metadata) becomes '_' as Helm does.
std::string tag_for_version(std::string_view version);

// True if `tag` is a valid OCI tag.
bool is_valid_tag(std::string_view tag);

}  // namespace floe::oci
