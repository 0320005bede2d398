// What a caller asks of a product run (floe_product_run, floe/run.h): the
// operation and its options, read from a request its schema accepted
// (docs/schemas/run-request.schema.json).
#pragma once

#include <boost/json/value.hpp>

#include <string>
#include <vector>

#include "contract/input_ports.hpp"
#include "resolve/platform_source.hpp"

namespace floe::run {

enum class Operation {
  run,   // floe run: ingestion, then the dbt transforms, then the quality checks
  test,  // floe test: the quality checks against the data already built
};

struct RunRequest {
  Operation operation = Operation::run;
  std::string product_path = "floe.yaml";
  std::string platform_override;      // as floe compile --platform
  std::string plugin_roots;           // extra plugin roots, ':'-separated
  // dbt node selection; items "ingestion:<source>" select ingestion sources
  // instead (docs/run.md#selection).
  std::vector<std::string> select, exclude;
  bool full_refresh = false;
  bool fail_fast = false;
  bool wait = false;                  // wait for another run of the product instead of refusing
  // Build into the local database only, even when the platform's catalog
  // would take the product's tables (compiled dbt.lake): for a machine
  // without the platform's services.
  bool local = false;
  // The edit loop: only what changed since the last successful run (dbt's
  // state:modified+ against the manifest it kept in target/floe_state/),
  // no ingestion; everything when there is no such run yet.
  bool changed = false;
  // floe test: which checks run (floe test --checks, floe contract test).
  bool run_tests = true;      // dbt's data tests, judged by the quality gates
  bool run_contracts = true;  // the output ports' data contracts on the built tables
  PlatformSourceOptions sources;      // how oci:// references are fetched when compiling
  ProductFetcher fetch_products;      // input ports' producers (empty: their ports are not resolved)
  // The compile-cache key of the compile this run stands for
  // (compile_cache_key of the equivalent `compile` request): a product
  // unchanged since its last compile is not compiled again. Null: always
  // compile.
  boost::json::value compile_key;
};

}  // namespace floe::run
