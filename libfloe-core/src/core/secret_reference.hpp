// A manifest's secret reference ({env: NAME}, {file: /path}, as the
// compiled artifacts keep it) in the form the host resolves ("env:NAME",
// "file:/path"; plugin/host_api.hpp resolve_secret_reference).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string>

namespace floe {

// "" for kinds only a secrets plugin can resolve (secret_ref, k8s, vault)
// and for anything that is not a reference object.
std::string host_secret_reference(const boost::json::value& reference);

// A plugin selection's secrets as it compiled them (plugins.<category> of
// compiled_artifacts.json) in the form plugins take in a request's
// "secrets": {"client_secret": "env:NAME"}, leaving out kinds only a
// secrets plugin resolves.
boost::json::object selection_secret_references(const boost::json::value& selection);

}  // namespace floe
