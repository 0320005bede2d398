// The dbt profile of a product, produced by its compute plugin through the
// C ABI (generate_dbt_profile), with secret references as env_var()
// placeholders.
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>

#include "diag/diagnostic.hpp"
#include "plugin/registry.hpp"

namespace floe {

constexpr const char* kDbtTarget = "floe";

// {"<profile_name>": {"target": "floe", "outputs": {"floe": {...}}}} or
// nullopt after a FLOE-P6xx diagnostic. `selection` is plugins.compute of
// the resolved platform; `where` points at it.
std::optional<boost::json::object> generate_profiles(Registry& registry, const boost::json::object& selection,
                                                     const std::string& profile_name, const SourceLocation& where,
                                                     Diagnostics& diags);

}  // namespace floe
