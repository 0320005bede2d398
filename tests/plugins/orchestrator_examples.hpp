// The orchestrator plugins' tests' examples: the enterprise platform (sales
// domain) and customer-360 copied to a temp dir, a second product of the
// domain, and `floe compile --orchestrator-out` on them.
#pragma once

#include <boost/json.hpp>

#include <filesystem>
#include <stdexcept>
#include <string>

#include "compile_test_support.hpp"
#include "temp_dir.hpp"

namespace floe::test {

inline constexpr const char* kPlantedSecret = "planted-secret-value-4711";

inline void replace(std::string& text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  if (at == std::string::npos) throw std::runtime_error("the example no longer holds: " + from);
  text.replace(at, from.size(), to);
}

struct OrchestratorExamples {
  TempDir tmp;
  std::filesystem::path product = tmp.path() / "customer-360";
  std::filesystem::path out;
  explicit OrchestratorExamples(const std::string& out_name) : out(tmp.path() / out_name) {
    copy_tree(std::filesystem::path(FLOE_TEST_SOURCE_DIR) / "examples/enterprise", tmp.path() / "enterprise");
    copy_tree(std::filesystem::path(FLOE_TEST_SOURCE_DIR) / "examples/customer-360", product);
  }
  std::string file() const { return (product / "floe.yaml").string(); }
  // The enterprise platform (copied) selecting orchestrator `type` (approved
  // for every domain) with `config` (YAML flow mapping), e.g. "{retries: 3}".
  void select_orchestrator(const std::string& type, const std::string& config) const {
    std::filesystem::path manifest = tmp.path() / "enterprise" / "manifest.yaml";
    std::string yaml = read_file(manifest);
    replace(yaml, "  orchestrator: [dagster]\n", "  orchestrator: [dagster, " + type + "]\n");
    replace(yaml, "  orchestrator:\n    type: dagster\n", "  orchestrator:\n    type: " + type + "\n    config: " + config + "\n");
    write_file(manifest, yaml);
  }
  // Another product of the sales domain (approved there): customer-360's
  // copy renamed, whose output must coexist with customer-360's.
  std::string second_product() const {
    std::filesystem::path dir = tmp.path() / "sales-forecast";
    copy_tree(product, dir);
    std::string yaml = read_file(dir / "floe.yaml");
    yaml.replace(yaml.find("name: customer-360"), 18, "name: sales-forecast");
    write_file(dir / "floe.yaml", yaml);
    return (dir / "floe.yaml").string();
  }
  // floe.yaml's schedule in right/Europe/Amsterdam, a zone of this
  // machine's tz database (floe's own check takes it) that Airflow's and
  // Prefect's tzdata do not carry: the compile must refuse it at floe.yaml's
  // timezone line (FLOE-P606, `service` named), writing nothing.
  void check_right_zone_refused(const std::string& service) const {
    std::string yaml = read_file(product / "floe.yaml");
    replace(yaml, "timezone: Europe/Amsterdam", "timezone: right/Europe/Amsterdam");
    write_file(product / "floe.yaml", yaml);
    auto r = compile(file());
    INFO(r.out << r.err);
    CHECK(r.exit_code == 3);
    boost::json::value report = boost::json::parse(r.out);
    const boost::json::object* d = find_diagnostic(report, "FLOE-P606");
    REQUIRE(d != nullptr);
    CHECK(std::string(d->at("message").as_string())
              .find("schedule.timezone 'right/Europe/Amsterdam' is not a time zone " + service + " supports") !=
          std::string::npos);
    CHECK(d->at("file").as_string() == file());
    CHECK(d->at("line") == 44);  // floe.yaml's timezone
    CHECK_FALSE(std::filesystem::exists(out));
  }
  // customer-360 compiled for an orchestrator whose tasks run floe: its
  // location `id` holds `entry` and floe_layers.py, no file in `out` holds
  // the planted secret; returns the location's floe_product.json.
  boost::json::value compile_run_location(const std::string& id, const std::string& entry) const {
    auto r = compile(file());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(std::filesystem::exists(out / id / entry));
    CHECK(std::filesystem::exists(out / id / "floe_layers.py"));
    for (const auto& f : std::filesystem::recursive_directory_iterator(out))
      if (f.is_regular_file()) CHECK(read_file(f.path()).find(kPlantedSecret) == std::string::npos);
    CHECK_FALSE(std::filesystem::exists(out / "workspace.yaml"));  // Dagster's only
    boost::json::value data = boost::json::parse(read_file(out / id / "floe_product.json"));
    CHECK(data.at("id") == boost::json::value(id));
    return data;
  }
  // floe compile --orchestrator-out; the platform's secret set to a planted value.
  ProcessResult compile(const std::string& product_file) const {
    return run_floe({"compile", product_file, "--orchestrator-out", out.string(), "--format", "json"},
                    {{"POLARIS_CLIENT_SECRET", kPlantedSecret}});
  }
};

// The JSON on the line of `out` that starts with `marker` (a tool's answer
// among its log lines).
inline boost::json::value json_after(const std::string& out, const std::string& marker) {
  auto at = out.find(marker);
  if (at == std::string::npos) throw std::runtime_error("no line starting " + marker + " in the output");
  at += marker.size();
  return boost::json::parse(out.substr(at, out.find('\n', at) - at));
}

// True if the JSON report has a diagnostic `code` whose message contains `text`.
inline bool has_code(const ProcessResult& r, const std::string& code, const std::string& text) {
  boost::json::value report = boost::json::parse(r.out);
  for (const auto& d : report.at("diagnostics").as_array())
    if (d.at("code").as_string() == code && std::string(d.at("message").as_string()).find(text) != std::string::npos)
      return true;
  return false;
}

// customer-360's row counts after a run: raw.raw_orders, gold_customer_360,
// gold_customer_orders ("[48, 30, 48]\n"), read with DuckDB from `venv`.
inline std::string customer_360_counts(const std::string& venv, const OrchestratorExamples& e) {
  auto tables = run_process(
      venv + "/bin/python",
      {"-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1], read_only=True); print([c.sql(q).fetchone()[0] for q in "
             "['select count(*) from raw.raw_orders', 'select count(*) from main_gold.gold_customer_360', "
             "'select count(*) from main_gold.gold_customer_orders']])",
       (e.product / "warehouse" / "sales.duckdb").string()});
  return tables.out + tables.err;
}

}  // namespace floe::test
