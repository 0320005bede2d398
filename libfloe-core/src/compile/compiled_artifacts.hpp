// CompiledArtifacts: the versioned contract `floe compile` writes to
// target/compiled_artifacts.json for runtimes (orchestrators, `floe run`).
// Shape documented in docs/schemas/compiled-artifacts.schema.json; bump
// kCompiledArtifactsVersion on any change a reader could notice.
#pragma once


#include <boost/json/object.hpp>

#include <string>
#include <vector>

#include "compile/compile_clock.hpp"
#include "compile/transform_projects.hpp"
#include "config/located_document.hpp"
#include "dbt/dbt_project.hpp"
#include "resolve/resolved_platform.hpp"

namespace floe {

constexpr const char* kCompiledArtifactsVersion = "1.6.0";

struct ArtifactInputs {
  const LocatedDocument* product = nullptr;  // floe.yaml as loaded
  std::string product_sha256;
  const ResolvedPlatform* platform = nullptr;
  std::vector<const TransformProject*> projects;  // one per dbt project the transforms name
  std::string profile_name;
  boost::json::object profiles;                  // from the compute plugin
  const boost::json::value* enforcement = nullptr;  // enforcement_result_json of the projects (null: none)
  CompileClock clock;
  std::string profiles_path;                     // relative to the product dir
  std::string profiles_sha256;                   // of the profiles.yml text written beside ("" = not written)
  boost::json::value lake;                       // dbt.lake (lake_description) or null
  boost::json::object profile_env;               // dbt.profile_env: variable -> secret reference
  boost::json::value resolved_inputs;            // ports.resolved_inputs (resolved_inputs_json) or null
};

boost::json::object build_compiled_artifacts(const ArtifactInputs& in);

// plugins.<category> of the resolved platform with secret references turned
// into {"env_var", "placeholder", "reference"} (also used by platform compile).
boost::json::object render_plugins(const boost::json::object& plugins);

}  // namespace floe
