// The dbt project as floe's enforcement sees it: models with their columns,
// tests, descriptions, refs and sources. Read natively from the project files
// or, when target/manifest.json exists and is newer than every project file,
// streamed from dbt's manifest (which reaches hundreds of MB).
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "diag/diagnostic.hpp"

namespace floe::dbt {

struct DbtTest {
  std::string type;         // "not_null", "unique", "accepted_values", "relationships", "dbt_utils.expression_is_true", ...
  std::string column_name;  // "" for a model-level test
};

struct DbtColumn {
  std::string name;
  std::string description;
  std::vector<std::string> tags;
  // Where its entry is in its model's (or source's) properties file:
  // column_location() below gives the whole location. Only the position is
  // kept per column: a 100k-model project has a million columns, and a
  // copy of the file's path in each was ~70 MB and a million allocations.
  int line = 0;    // 1-based; 0 when unknown (read from a manifest)
  int column = 0;  // 1-based; 0 when unknown
  std::string data_type = {};  // `data_type:` of the yml entry ("" when not declared; data contracts read it)
};

struct DbtSourceRef {
  std::string source_name;
  std::string table_name;
};

struct DbtModel {
  std::string unique_id;     // "model.<project>.<name>"
  std::string name;
  std::string path;          // relative to the project root: "models/bronze/bronze_orders.sql"
  SourceLocation where;      // the .sql file (line/column of the first token worth pointing at, else 1:1)
  SourceLocation yml_where;  // the model's entry in a schema yml; file "" if undocumented
  std::string materialized;  // from config(materialized=...), the yml config or dbt_project.yml; "" = dbt default
  std::string description;
  std::vector<std::string> tags;
  std::map<std::string, std::string> meta;  // flat meta key -> JSON text of the value
  std::vector<DbtColumn> columns;           // documented columns (schema.yml / manifest columns)
  std::vector<DbtTest> tests;               // data tests attached to this model (column- and model-level)
  std::vector<std::string> refs;            // model names passed to ref() (second arg of two-arg ref)
  std::vector<SourceLocation> ref_locations;  // parallel to refs: where each ref() call is
  std::vector<DbtSourceRef> sources;        // source() calls
  std::vector<SourceLocation> source_locations;  // parallel to sources
};

struct DbtSource {
  std::string source_name;
  std::string table_name;
  SourceLocation where;
  std::vector<DbtColumn> columns = {};  // declared in its yml (read from project files only; data contracts check them)
};

// Where a model's column is declared: at its position in the model's
// properties file, or (a model no properties file describes) its .sql.
inline SourceLocation column_location(const DbtModel& model, const DbtColumn& column) {
  const std::string& file = model.yml_where.file.empty() ? model.where.file : model.yml_where.file;
  return SourceLocation{file, column.line, column.column};
}
// Where a source's column is declared (the source's properties file).
inline SourceLocation column_location(const DbtSource& source, const DbtColumn& column) {
  return SourceLocation{source.where.file, column.line, column.column};
}

struct DbtProject {
  std::string name;      // dbt_project.yml name
  std::string profile;   // dbt_project.yml profile ("" when absent)
  std::string root;      // directory holding dbt_project.yml
  std::string origin;    // "files" or "manifest" (target/manifest.json)
  std::string dbt_version;  // manifest metadata.dbt_version, "" when read from files
  std::vector<DbtModel> models;    // sorted by name
  std::vector<DbtSource> sources;  // sorted by (source_name, table_name)
  // Seeds and snapshots: not models, but ref() may name them (sorted).
  std::vector<std::string> seeds;
  // Models of the project that the product's transforms do not select
  // (transforms[].path inside the project): not enforced, but ref() may
  // name them (sorted).
  std::vector<std::string> outside_selection;

  // The model named `model_name`, found in `models` by binary search;
  // nullptr when none.
  const DbtModel* find_model(std::string_view model_name) const {
    auto it = std::lower_bound(models.begin(), models.end(), model_name,
                               [](const DbtModel& m, std::string_view n) { return m.name < n; });
    return it != models.end() && it->name == model_name ? &*it : nullptr;
  }
};

// Reads the project at `dir` (the directory holding dbt_project.yml).
// Problems that make the project unreadable (no dbt_project.yml, a YAML
// syntax error) are errors in `diags` and return false; odd but harmless
// input (a yml entry for a model with no .sql file) is a warning.
// `prefer_manifest`: use target/manifest.json when it exists and is newer
// than every project file.
bool read_dbt_project(const std::string& dir, DbtProject& out, Diagnostics& diags, bool prefer_manifest = true);

// What a read with a parse cache did (dbt/parse_cache.hpp).
struct ParseCacheStats {
  std::size_t files = 0;     // .sql/.yml files the project has
  std::size_t reused = 0;    // of them: results taken from the cache, not parsed
  std::size_t recorded = 0;  // results the cache holds after the read
  bool saved = false;        // the cache was written again (false too when it already held exactly this)
};

// Where the results of parsing each .sql/.yml file are kept between reads,
// so that the next read parses only the files that changed. The results
// hold the paths as shown (`dir` joined), so one cache belongs to one
// (working directory, dir); `key` names everything else they depend on (the
// build of floe that parsed them).
struct ParseCacheOptions {
  std::string path;  // the cache file; "" = no cache
  std::string key;
  ParseCacheStats* stats = nullptr;  // when not null: filled when the files were read
  // A file changed less than this long ago is parsed but not recorded
  // (dbt/parse_cache.hpp: the timestamp granularity); tests lower it.
  std::int64_t settle_ns = std::int64_t{2'000'000'000};
};

// read_dbt_project, reusing and recording the files' results in the cache
// when the project is read from its files (not when a fresh manifest is).
bool read_dbt_project(const std::string& dir, DbtProject& out, Diagnostics& diags, bool prefer_manifest,
                      const ParseCacheOptions& cache);

struct ManifestReadOptions {
  // A larger manifest is parsed by two threads, each half of it (the result
  // and every diagnostic are those of one thread); tests lower it to 0.
  std::uint64_t split_above = std::uint64_t{16} << 20;
  // When not null: set to the number of threads whose parse was used (1 or 2).
  int* threads_used = nullptr;
  // When not null and set (by another thread): the read stops soon and fails.
  const std::atomic<bool>* cancel = nullptr;
};

// Streams a dbt manifest.json (v9-v12) into `out` without building a DOM of
// the whole file. Only resource_type model, test and source nodes are kept.
bool read_dbt_manifest(const std::string& manifest_path, DbtProject& out, Diagnostics& diags,
                       const ManifestReadOptions& options = {});

}  // namespace floe::dbt
