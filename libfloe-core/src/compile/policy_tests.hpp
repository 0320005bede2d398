// `floe platform test`: runs a platform's policies against the example
// products kept beside its manifest (tests/<case>/floe.yaml + expect.yaml)
// and reports, per case, whether the platform behaved as expected.
#pragma once

#include <boost/json/value.hpp>

#include <string>

#include "diag/compile_report.hpp"
#include "resolve/platform_source.hpp"

namespace floe {

struct PlatformTestRequest {
  std::string manifest_path = "manifest.yaml";
  std::string tests_dir;     // "" = <manifest dir>/tests
  std::string plugin_roots;
  PlatformSourceOptions sources;
};

// `results`: {"cases": [{"name", "expect", "outcome", "codes", "missing_codes", "passed"}], "passed", "failed"}
CompileReport platform_test(const PlatformTestRequest& request, boost::json::value& results);

}  // namespace floe
