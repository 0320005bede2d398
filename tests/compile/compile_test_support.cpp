#include "compile_test_support.hpp"

#include <catch2/catch.hpp>

namespace floe::test {

ProcessResult run_floe(const std::vector<std::string>& args, std::map<std::string, std::string> env) {
  env.emplace("SOURCE_DATE_EPOCH", "1767225600");  // 2026-01-01T00:00:00Z
  env.emplace("NO_COLOR", "1");
  return run_process(std::string(FLOE_TEST_BIN_DIR) + "/floe", args, env);
}

JsonRun floe_json(std::vector<std::string> args, std::map<std::string, std::string> env) {
  args.push_back("--format");
  args.push_back("json");
  JsonRun r;
  r.process = run_floe(args, std::move(env));
  INFO("stdout: " << r.process.out << "\nstderr: " << r.process.err);
  REQUIRE_NOTHROW(r.report = boost::json::parse(r.process.out));
  return r;
}

boost::json::value run_report(const ProcessResult& r) {
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  boost::json::value report;
  REQUIRE_NOTHROW(report = boost::json::parse(r.out));
  return report;
}

std::string run_step_status(const boost::json::value& report, const std::string& name) {
  for (const auto& s : report.at("result").at("steps").as_array())
    if (s.at("name") == name.c_str()) return std::string(s.at("status").as_string());
  return "(no such step)";
}

std::vector<std::string> codes(const boost::json::value& report, const std::string& severity) {
  std::vector<std::string> out;
  for (const auto& d : report.at("diagnostics").as_array())
    if (d.at("severity").as_string() == severity) out.emplace_back(d.at("code").as_string());
  return out;
}

const boost::json::object* find_diagnostic(const boost::json::value& report, const std::string& code) {
  for (const auto& d : report.at("diagnostics").as_array())
    if (d.at("code").as_string() == code) return &d.as_object();
  return nullptr;
}

void copy_tree(const std::filesystem::path& from, const std::filesystem::path& to) {
  std::filesystem::create_directories(to);
  std::filesystem::copy(from, to, std::filesystem::copy_options::recursive | std::filesystem::copy_options::overwrite_existing);
}

}  // namespace floe::test
