// `floe compile` / `floe validate`: the data team's pipeline. Files -> typed
// config -> resolved platform -> enforcement -> artifacts, reporting every
// problem of every stage in one run.
#pragma once

#include <string>

#include "diag/compile_report.hpp"
#include "resolve/platform_source.hpp"

namespace floe {

struct CompileRequest {
  std::string product_path = "floe.yaml";
  std::string platform_override;  // replaces platform.ref (a path or oci://), "" = use the file's
  std::string output_dir;         // "" = <product dir>/target
  bool write = true;              // false: validate only
  std::string plugin_roots;       // extra plugin roots, ':'-separated
  PlatformSourceOptions sources;  // how oci:// references are fetched
};

CompileReport compile_product(const CompileRequest& request);

}  // namespace floe
