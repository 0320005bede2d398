// JSON values written as block YAML (profiles.yml and other files dbt and
// people read). Key order is kept, so output is as deterministic as its input.
#pragma once

#include <boost/json/value.hpp>

#include <string>

namespace floe {

std::string to_yaml(const boost::json::value& v);

}  // namespace floe
