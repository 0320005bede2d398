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

struct LakeRequest;

constexpr const char* kDbtTarget = "floe";

// {"<profile_name>": {"target": "floe", "outputs": {"floe": {...}}}} or
// nullopt after a FLOE-P6xx diagnostic. `selection` is plugins.compute of
// the resolved platform; `where` points at it. With a lake, a second output
// (floe_lake, compile/lake_profile.hpp) attaches the catalog; the compute
// plugin's dbt package for it lands in lake->package. The variables the
// outputs read secrets from, with the reference each is filled from (the
// plugin's `env` answers: {NAME: "env:X" | "file:/path"}), land in
// `profile_env` when given: floe run sets them before dbt starts
// (run/tool_environment.hpp).
std::optional<boost::json::object> generate_profiles(Registry& registry, const boost::json::object& selection,
                                                     const std::string& profile_name, const SourceLocation& where,
                                                     Diagnostics& diags, LakeRequest* lake = nullptr,
                                                     boost::json::object* profile_env = nullptr);

// DuckDB creates its database file but not the directory it is in, so a
// profile pointing at /tmp/floe/customer_360.duckdb fails on the first
// `dbt build`. Creates that directory (a relative path is relative to the
// dbt project, where dbt runs); false after a FLOE-O801 diagnostic.
bool prepare_database_directory(const boost::json::object& profiles, const std::string& project_dir,
                                const SourceLocation& where, Diagnostics& diags);

}  // namespace floe
