// `floe init --platform=...`: a data team starts from a published platform.
// The platform is pulled (verified), copied to .floe/platform/ beside
// floe.yaml, platform.ref is set to the reference, and floe.lock pins its
// digest so every later compile uses exactly that content.
#pragma once

#include <optional>
#include <string>

#include "core/result.hpp"
#include "oci/reference.hpp"

namespace floe::oci {

// The reference `platform` names: a full oci:// / oci-layout: reference, or
// a bare version whose repository comes from floe.yaml's current
// platform.ref (when that is an OCI reference) or $FLOE_PLATFORM_REGISTRY.
Result<std::string> init_reference(const std::string& platform, const std::string& current_ref);

// Rewrites the platform.ref value in floe.yaml's text (at line:column, as
// the YAML reader located it), keeping everything else byte for byte.
Result<std::string> replace_scalar_at(const std::string& text, int line, int column, const std::string& value);

}  // namespace floe::oci
