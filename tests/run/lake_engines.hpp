// What the lake-engine tests share (spark_lake_test.cpp, trino_lake_test.cpp,
// one program, one CTest entry): one S3 store (versitygw), one Iceberg REST
// catalog on it, one Spark standalone cluster (a master and two workers) and
// one Trino server whose `lakehouse` catalog is that REST catalog, all
// started once, on first use; and the run tests' product (tests/fixtures/
// run-product/shop) on a platform whose only difference between engines is
// plugins.compute (and the dbt that speaks to it).
#pragma once

#include <boost/json.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "iceberg_rest_fixture.hpp"
#include "lake_readers.hpp"
#include "s3_server.hpp"
#include "spark_cluster.hpp"
#include "temp_dir.hpp"
#include "trino_server.hpp"

namespace floe::test {

struct LakeEngineServers {
  std::unique_ptr<S3Server> store;
  std::unique_ptr<IcebergRestServer> catalog;
  // The same catalog behind a proxy that vends the store's keys with the
  // tables it loads and creates when asked, as Polaris does (without a
  // session token: versitygw refuses tokens it did not issue, so Trino,
  // which takes vended keys only with one, is not tested on it).
  std::unique_ptr<IcebergFaultProxy> vending;
  std::unique_ptr<SparkCluster> spark;
  std::unique_ptr<TrinoServer> trino;
};

// Started on first use (Spark and Trino side by side), stopped at exit.
LakeEngineServers& lake_servers();

// Switches `p`'s platform to lake_servers().vending, the catalog that vends
// the storage's keys (access_delegation: vended-credentials), with a
// storage that names none (credentials.mode vended_credentials); returns
// p.env() without the keys, the environment such a run gets.
struct LakeEngineProduct;
std::map<std::string, std::string> use_vending_catalog(const LakeEngineProduct& p);

// pyiceberg and DuckDB, the independent readers, on this catalog and store.
LakeEndpoints lake_readers();

// plugins.compute (YAML, indented under plugins:) for each engine.
std::string duckdb_compute();
std::string spark_compute(const std::string& master, const std::string& spark_version = "4.1");
std::string trino_compute(int port);

// The virtualenv whose dbt speaks to the engine of `compute` (its type):
// .venv for DuckDB, .cache/spark-venv, .cache/adapters-venv (dbt-trino).
std::string dbt_venv_for(const std::string& compute);

// A copy of the run tests' product named `name`, on a platform with
// `compute`, the REST catalog and the S3 storage.
struct LakeEngineProduct {
  TempDir tmp;
  std::filesystem::path dir = tmp.path() / "shop";
  std::string compute;
  LakeEngineProduct(const std::string& name, const std::string& compute);
  std::string file() const { return (dir / "floe.yaml").string(); }
  // Switches the platform to another engine: only plugins.compute changes.
  void use_compute(const std::string& other);
  // Replaces the first `from` in the platform manifest with `to` (a fault to inject).
  void edit_platform(const std::string& from, const std::string& to) const;
  // Every order of the seed twice: amounts double, bronze_orders' unique test fails.
  void double_the_orders() const;
  // The environment floe run gets: the engine's dbt on PATH, the S3 keys.
  std::map<std::string, std::string> env() const;
};

// The three customers' totals every engine must publish for the shop product.
inline constexpr const char* kShopTotals = "[(10, 2, 42.5), (11, 2, 112.0), (12, 1, 5.0)]";

}  // namespace floe::test
