// Values the deploy writes into Kubernetes objects that the API server
// parses strictly: resource quantities and image references. Checked when
// they enter (a plugin's answer, --image), because a schema check accepts
// what kube-apiserver refuses ("" as a cpu request, issue 32).
#pragma once

#include <string>

namespace floe {

// A Kubernetes quantity as floe writes one: digits with an optional
// fraction and an optional suffix (500m, 2, 1.5, 512Mi, 1G). Exponent forms
// (1e3) are valid for Kubernetes but never needed here: refused.
bool is_k8s_quantity(const std::string& text);

// An image reference pinned by digest: NAME@sha256:<64 lower-case hex>
// (a tag before the digest is allowed and ignored by the runtime).
bool is_digest_pinned(const std::string& image);

// A plausible image reference: no spaces or quotes, not empty, and a digest,
// when there is one, well formed.
bool is_image_reference(const std::string& image);

}  // namespace floe
