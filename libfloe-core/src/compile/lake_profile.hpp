// The dbt target that writes a product's tables into the platform's Iceberg
// catalog ("the lake"): the compute plugin's output attached to the catalog
// (the catalog plugin's get_dbt_catalog_config) with the object store's
// settings (the storage plugin's get_dbt_profile_config) merged in.
//
// A platform that selects a catalog with an endpoint gets this second target
// beside the plain one; `floe run` uses it unless told --local. A catalog
// selected without an endpoint (ADR-0016's bare selection) has no lake
// target: the compile says so and the product runs locally.
#pragma once

#include <boost/json/object.hpp>

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "diag/diagnostic.hpp"
#include "plugin/registry.hpp"

namespace floe {

constexpr const char* kDbtLakeTarget = "floe_lake";

// What the compute plugin needs to attach the catalog, and what the storage
// adds to the output.
struct LakeRequest {
  std::string catalog_type;        // plugins.catalog.type
  boost::json::object catalog;     // get_dbt_catalog_config's answer: the request's "catalog"
  boost::json::object storage;     // get_dbt_profile_config's answer ({} without a storage)
  std::string ns;                  // the product's namespace (compile/product_namespace.hpp)
  boost::json::object package;     // the compute plugin's dbt_package: {"name", "files": {path: text}}
  // The catalog plugin's get_engine_config for Spark, with the storage's
  // Iceberg FileIO properties (get_fileio_config): {"properties",
  // "secret_properties"?} keyed spark.sql.catalog.<name>.*; {} when either
  // plugin does not answer them.
  boost::json::object spark_engine;
};

// Removes every file under `root` that is not one of `kept` (paths relative
// to root), so a package switched to another compute's keeps none of the old
// one's macros (two packages may define a macro of the same name, which dbt
// refuses). Symbolic links are removed, never followed.
void remove_other_package_files(const std::filesystem::path& root, const std::set<std::string>& kept);

// Writes the package under `dir` (dir/<name>/<file>, each file atomically,
// paths confined to dir/<name>), adding each path to `written`, and removes
// the files of any other package there; nullopt when written, else what went
// wrong.
std::optional<std::string> write_lake_package(const LakeRequest& lake, const std::string& dir,
                                              std::vector<std::string>& written);

// Asks the selected catalog (and storage) plugins. nullopt when the platform
// selects no catalog, or one without an endpoint (a line in `notes` says
// which), or after a FLOE-P602 diagnostic when a plugin refuses.
std::optional<LakeRequest> lake_request(Registry& registry, const boost::json::object& platform_plugins,
                                        const std::string& ns, const SourceLocation& where, Diagnostics& diags,
                                        std::string& note);

// The storage answer merged into a compute plugin's dbt output: settings
// added, secrets appended, extensions united (sorted, once each). Those are
// dbt-duckdb's keys (storage plugins answer get_dbt_profile_config for
// DuckDB), so other outputs (a Spark session's) are left as they are.
void merge_storage_profile(boost::json::object& output, const boost::json::object& storage);

// A Spark session's lake target (dbt-spark's server_side_parameters) gets
// what the catalog and storage plugins say a Java Iceberg client needs for
// the warehouse's files (S3FileIO and its endpoint, region, path style and
// keys): each property the compute plugin did not set itself, secrets as
// env_var() placeholders of the variables floe run exports. Other outputs
// are left as they are.
void merge_spark_engine_properties(boost::json::object& output, const boost::json::object& spark_engine);

// compiled_artifacts.json's dbt.lake: which target writes where, and the
// package to install (package_path, relative to the product directory).
boost::json::object lake_description(const LakeRequest& lake, const std::string& package_path);

// How the compute's commit macro commits, as its dbt_package declares it
// ("commits"): one_transaction or staged_on_branch; anything else (no
// answer, a mode of a newer ABI, a typo) is per_table, the mode that claims
// no atomicity, so dbt.lake.commits always holds one of the three.
std::string declared_commits(const boost::json::object& package);

}  // namespace floe
