// Reading a dbt project from its files, step by step (internal to
// libfloe-dbt): list the model files, read each (parsed, or its result taken
// from the parse cache), merge the results into models. read_dbt_project
// runs the steps once; ProjectSession (project_session.hpp) keeps the
// results and runs them again for the files an edit changed.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "dbt/dbt_project.hpp"
#include "dbt/parse_cache.hpp"
#include "dbt/project_file.hpp"
#include "dbt/project_walk.hpp"
#include "dbt/schema_yml_reader.hpp"
#include "dbt/sql_scanner.hpp"
#include "diag/diagnostic.hpp"

namespace floe::dbt {

struct ProjectFileEntry {
  std::string relative;               // "models/bronze/x.sql" (generic separators)
  std::vector<std::string> fqn_tail;  // folders below the model path + file stem
  bool is_sql = false;
  std::filesystem::file_time_type mtime;  // only when listed with FileStats::needed
  FileIdentity id;                        // likewise
  bool has_id = false;
};

// A model as its .sql file gives it, its configs not merged yet.
struct PendingModel {
  DbtModel model;
  ResolvedConfig project_config;
  ScannedConfig sql_config;
  YmlModelEntry* yml = nullptr;  // its entry in a properties file, once merged
};

// What reading one file produced; files are read independently (in
// parallel) and merged in path order, so results never depend on timing.
struct FileResult {
  bool ok = true;
  Diagnostics diags;
  bool too_deep = false;  // .sql: a literal past the depth limit (FLOE-D006)
  PendingModel model;     // .sql: the model, its configs not merged yet
  SchemaYml yml;          // .yml
  bool reused = false;    // taken from the parse cache
  std::string encoded;    // parsed now: the encoded result, for the parse cache ("" = not to be recorded)
  std::string_view record;  // what the cache will hold: `encoded`, or the reused result's bytes
};

// Where a read keeps and finds the results of parsing each file.
struct CacheUse {
  const ParseCache* found = nullptr;  // the results of the last read; null: no cache
  std::int64_t now_ns = 0;            // when this read started (realtime)
  std::int64_t settle_ns = 0;         // ParseCacheOptions::settle_ns
};

// Every .sql and .yml/.yaml under the model paths, in path order.
std::vector<ProjectFileEntry> list_model_files(const ProjectRoot& root, const ProjectFile& project, FileStats stats,
                                               Diagnostics& diags, bool& ok);

// One file's result (from the cache when it holds this very file).
void read_one(const std::string& dir, const ProjectFile& project, const ProjectFileEntry& file, const CacheUse& cache,
              FileResult& result);
// Every file's, on the cores.
std::vector<FileResult> read_all(const std::string& dir, const ProjectFile& project,
                                 const std::vector<ProjectFileEntry>& files, const CacheUse& cache);

// dbt's precedence (dbt_project.yml < properties yml < config() in the SQL)
// into `model`; false when the model is disabled. `keep`: the pending model
// and its entry are left as they are (`model` a copy of pending.model);
// otherwise their parts are moved (`model` is pending.model).
bool finish_model(PendingModel& pending, DbtModel& model, bool keep);

// The files' results merged into `out`'s models and sources (not sorted:
// normalize_project does that), with the merge's diagnostics (a model named
// twice, properties for no model, a model described twice). `keep` as for
// finish_model. False when a result is unusable.
bool merge_results(const std::vector<ProjectFileEntry>& files, std::vector<FileResult>& results, bool keep,
                   DbtProject& out, Diagnostics& diags);

// What a read from the files leaves for a ProjectSession to patch: the
// project file, the files listed and each one's result, merged with `keep`.
struct KeptFiles {
  ProjectFile project;
  std::vector<ProjectFileEntry> files;
  std::vector<FileResult> results;
  bool read = false;  // the read went through the files (not stopped before)
};

// read_dbt_project from the files (never the manifest), keeping what
// `kept` holds: the one read a session opens with.
bool read_dbt_project_keeping(const std::string& dir, DbtProject& out, Diagnostics& diags,
                              const ParseCacheOptions& cache, KeptFiles& kept);

// Names ref() may point at besides models: seeds and snapshots (sorted).
std::vector<std::string> list_seeds_and_snapshots(const ProjectRoot& root, const ProjectFile& project,
                                                  Diagnostics& diags, bool& ok);

}  // namespace floe::dbt
