// What the Kubernetes security plugins share: requests read strictly, names
// checked against Kubernetes' rules (RFC 1123 labels), the labels every
// object floe renders carries, and the restricted security contexts of the
// Pod Security Standards.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <initializer_list>
#include <string>

namespace floe::k8s_security {

// The request as an object with only `keys`; INVALID_ARGUMENT naming an unknown one.
const boost::json::object& request_object(const boost::json::value& request, std::initializer_list<const char*> keys,
                                          const char* what);

// A required string that is a valid Kubernetes name (lower-case letters,
// digits, '-', at most 63, starting and ending alphanumeric); the error
// says what the name would normalise to.
std::string k8s_name(const boost::json::object& o, const char* key);

// "Sales Domain_2" -> "sales-domain-2": lower-case, other characters '-',
// runs collapsed, trimmed to 63 (docs/plugins/rbac.md#names).
std::string normalise_name(const std::string& text);

// {"app.kubernetes.io/managed-by": "floe"} plus the request's labels (strings only).
boost::json::object labels_with(const boost::json::object& o);

boost::json::object metadata(const std::string& name, const std::string& ns, const boost::json::object& labels);

boost::json::object restricted_pod_security_context();
boost::json::object restricted_container_security_context();

}  // namespace floe::k8s_security
