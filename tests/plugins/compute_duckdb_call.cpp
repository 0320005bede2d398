// compute_duckdb_call PLUGIN CONFIG METHOD REQUEST
//
// Loads a compute plugin library, configures it with CONFIG (JSON), calls
// METHOD with REQUEST (JSON) and prints the response: lets scripted tests
// (dbt_duckdb_run_test.py) use the real plugin through its C ABI. Exits 1
// with the error on stderr when a call fails, 2 on bad usage.
#include <iostream>

#include "plugin_harness.hpp"

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: compute_duckdb_call PLUGIN CONFIG METHOD REQUEST\n";
    return 2;
  }
  try {
    floe::test::PluginHarness harness(argv[1]);
    auto configured = harness.configure(argv[2]);
    if (configured.status != FLOE_OK) {
      std::cerr << "configure: status " << configured.status << ": " << configured.body << "\n";
      return 1;
    }
    auto result = harness.call(argv[3], argv[4]);
    if (result.status != FLOE_OK) {
      std::cerr << argv[3] << ": status " << result.status << ": " << result.body << "\n";
      return 1;
    }
    std::cout << result.body << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }
}
