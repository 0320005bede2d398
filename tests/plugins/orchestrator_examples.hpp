// The orchestrator plugins' tests' examples: the enterprise platform (sales
// domain) and customer-360 copied to a temp dir, a second product of the
// domain, and `floe compile --orchestrator-out` on them.
#pragma once

#include <boost/json.hpp>

#include <filesystem>
#include <string>

#include "compile_test_support.hpp"
#include "temp_dir.hpp"

namespace floe::test {

inline constexpr const char* kPlantedSecret = "planted-secret-value-4711";

struct OrchestratorExamples {
  TempDir tmp;
  std::filesystem::path product = tmp.path() / "customer-360";
  std::filesystem::path out;
  explicit OrchestratorExamples(const std::string& out_name) : out(tmp.path() / out_name) {
    copy_tree(std::filesystem::path(FLOE_TEST_SOURCE_DIR) / "examples/enterprise", tmp.path() / "enterprise");
    copy_tree(std::filesystem::path(FLOE_TEST_SOURCE_DIR) / "examples/customer-360", product);
  }
  std::string file() const { return (product / "floe.yaml").string(); }
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
  // floe compile --orchestrator-out; the platform's secret set to a planted value.
  ProcessResult compile(const std::string& product_file) const {
    return run_floe({"compile", product_file, "--orchestrator-out", out.string(), "--format", "json"},
                    {{"POLARIS_CLIENT_SECRET", kPlantedSecret}});
  }
};

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
