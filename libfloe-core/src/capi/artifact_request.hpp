// Reading the parts of a JSON request the artifact and compile entry points
// share: registry settings and the cache location.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "artifacts/artifact_options.hpp"

namespace floe {

// "registry_options" of the request (absent fields keep their defaults).
oci::ArtifactOptions artifact_options_from_request(const boost::json::object& request);

std::string request_string(const boost::json::object& o, const char* key, std::string fallback = {});
bool request_flag(const boost::json::object& o, const char* key, bool fallback);
std::vector<std::string> request_strings(const boost::json::object& o, const char* key);

}  // namespace floe
