// dbt test results (run_results.json) judged as quality checks: each test's
// kind (from manifest.json's test_metadata, else from its name), the model
// it tests, and the severity the platform gives that kind.
#pragma once

#include <boost/json/array.hpp>

#include <string>

#include "quality_config.hpp"

namespace floe::quality_dbt {

using quality_common::QualityConfig;

struct Judged {
  boost::json::array checks;  // [{"name", "passed", "severity", "message", "model"?, "check_type"}]
  bool passed = true;         // no failing check of severity error
};

// Throws floe::sdk::error (NOT_FOUND, INVALID_ARGUMENT) when the results
// cannot be read.
Judged judge_test_results(const std::string& run_results_path, const std::string& manifest_path,
                          const QualityConfig& config);

}  // namespace floe::quality_dbt
