// Running the floe executable on the examples and reading its JSON reports.
#pragma once

#include <boost/json.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "run_process.hpp"

namespace floe::test {

inline std::filesystem::path examples_dir() { return std::filesystem::path(FLOE_TEST_SOURCE_DIR) / "examples"; }
inline std::string example(const std::string& rel) { return (examples_dir() / rel).string(); }

// Runs build/bin/floe with `args`; SOURCE_DATE_EPOCH fixed unless `env` says otherwise.
ProcessResult run_floe(const std::vector<std::string>& args, std::map<std::string, std::string> env = {});

// Runs a command that takes --format json and parses the report on stdout.
struct JsonRun {
  ProcessResult process;
  boost::json::value report;
};
JsonRun floe_json(std::vector<std::string> args, std::map<std::string, std::string> env = {});

// The codes of the report's diagnostics with the given severity.
std::vector<std::string> codes(const boost::json::value& report, const std::string& severity = "error");

// The first diagnostic with `code`, or null.
const boost::json::object* find_diagnostic(const boost::json::value& report, const std::string& code);

// The report a command printed on stdout with --json (floe run, floe test):
// the test fails, showing both streams, when it is not JSON.
boost::json::value run_report(const ProcessResult& r);

// The status of step `name` in a run report's result, "(no such step)" when
// the run has none.
std::string run_step_status(const boost::json::value& report, const std::string& name);

// Whether the report has a diagnostic with `code` (any severity).
inline bool has_diagnostic(const boost::json::value& report, const std::string& code) {
  return find_diagnostic(report, code) != nullptr;
}

// Copies a directory tree (so tests never write into the source tree).
void copy_tree(const std::filesystem::path& from, const std::filesystem::path& to);

}  // namespace floe::test
