// `floe init --platform=...`: a data team starts from a published platform.
// The platform is pulled (verified), copied to .floe/platform/ beside
// floe.yaml, platform.ref is set to the reference, and floe.lock pins its
// digest so every later compile uses exactly that content.
#pragma once

#include <optional>
#include <string>

#include "base/result.hpp"
#include "oci/reference.hpp"

namespace floe::oci {

// The reference `platform` names: a full oci:// / oci-layout: reference, or
// a bare version whose repository comes from floe.yaml's current
// platform.ref (when that is an OCI reference) or $FLOE_PLATFORM_REGISTRY.
Result<std::string> init_reference(const std::string& platform, const std::string& current_ref);

// Rewrites the platform.ref value in floe.yaml's text (at line:column, as
// the YAML reader located it), keeping everything else byte for byte. A
// single-line plain, single- or double-quoted scalar (also inside a flow
// mapping) is replaced by "value"; a block scalar is refused.
Result<std::string> replace_scalar_at(const std::string& text, int line, int column, const std::string& value);

// replace_scalar_at, then proof that the edit did exactly that: the edited
// text parses, and compared with the original it differs in one value only,
// `current` there and `value` here. Anything else (a plain scalar continued
// on the next line, a layout the rewrite does not know) is refused with an
// error saying so; the caller then writes nothing (`file` names the text in
// messages).
Result<std::string> set_platform_ref(const std::string& text, const std::string& file, int line, int column,
                                     const std::string& current, const std::string& value);

}  // namespace floe::oci
