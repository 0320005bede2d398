// `floe compile` / `floe validate`: the data team's pipeline. Files -> typed
// config -> resolved platform -> enforcement -> artifacts, reporting every
// problem of every stage in one run.
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>

#include "base/background_release.hpp"
#include "compile/compile_cache.hpp"
#include "contract/input_ports.hpp"
#include "diag/compile_report.hpp"
#include "resolve/governance_policy.hpp"
#include "resolve/platform_source.hpp"

namespace floe {

struct CompileRequest {
  std::string product_path = "floe.yaml";
  std::string platform_override;  // replaces platform.ref (a path or oci://), "" = use the file's
  std::string output_dir;         // "" = <product dir>/target
  bool write = true;              // false: validate only
  std::string plugin_roots;       // extra plugin roots, ':'-separated
  PlatformSourceOptions sources;  // how oci:// references are fetched
  ProductFetcher fetch_products;  // input ports' producers (published products); empty: input ports are not checked
  // false: the report's enforcement_json stays "null" (the caller reads the
  // findings from the diagnostics; the artifacts still get the result).
  bool enforcement_result = true;
  // Where a large dbt project is left to be freed while the caller writes
  // the report (null: freed before compile_product returns).
  BackgroundRelease* release = nullptr;
};

// What an edit loop needs to judge the product's dbt projects again after
// an edit without compiling again (compile/validate_watch.hpp): the policy,
// the date, each project's directory and selection, and whether anything
// but governance reads the models.
struct GovernanceBasis {
  struct Project {
    std::string dir;                  // the dbt project's directory (as compile read it)
    std::vector<std::string> select;  // TransformProject::select
  };
  bool judged = false;                 // governance ran: the platform resolved, the projects read from files
  bool models_read_elsewhere = false;  // data contracts or input ports check the models too
  GovernancePolicy policy;
  std::string today;
  std::vector<Project> projects;
};

// `inputs` (may be null) is told what the compile read and wrote, for the
// compile cache (compile_cache.hpp). `artifacts` (may be null) receives
// compiled_artifacts.json's content when the compile wrote the file (or found
// it unchanged), so a caller that goes on (floe run) does not read back what
// was just written; it stays untouched otherwise.
// `basis` (may be null) receives the GovernanceBasis.
CompileReport compile_product(const CompileRequest& request, CompileInputs* inputs = nullptr,
                              std::optional<boost::json::object>* artifacts = nullptr,
                              GovernanceBasis* basis = nullptr);

// Where compile writes: request.output_dir, else target/ beside floe.yaml.
std::string compile_output_dir(const CompileRequest& request);

}  // namespace floe
