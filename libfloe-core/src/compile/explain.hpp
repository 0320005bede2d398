// `floe explain [KEY]`: the resolved platform, value by value, with the tier
// and the file line each value came from.
#pragma once

#include <boost/json/value.hpp>

#include <string>

#include "diag/compile_report.hpp"
#include "resolve/platform_source.hpp"

namespace floe {

struct ExplainRequest {
  std::string path = "floe.yaml";  // a floe.yaml (its platform is explained) or a manifest.yaml / compiled platform
  std::string key;                 // dotted prefix filter ("governance", "plugins.compute"); "" = everything
  PlatformSourceOptions sources;
};

// report.enforcement_json is unused; the explanation is returned in `out`:
// {"chain": [...], "values": [{"path", "value", "tier", "file", "line", "column"}]}
CompileReport explain(const ExplainRequest& request, boost::json::value& out);

}  // namespace floe
