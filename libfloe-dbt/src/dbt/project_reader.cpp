// read_dbt_project: dbt_project.yml, then either target/manifest.json (when
// it is newer than every project file) or the project files themselves:
// models/**/*.sql scanned for ref/source/config, models/**/*.yml for
// properties and sources, merged with dbt's precedence
// (config() in SQL > properties yml > dbt_project.yml).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <string_view>
#include <system_error>

#include <sys/stat.h>
#include <thread>
#include <unordered_map>

#include "base/deadline.hpp"
#include "base/helper_thread.hpp"
#include "base/input_file.hpp"
#include "base/on_cores.hpp"
#include "dbt/dbt_diag.hpp"
#include "dbt/dbt_project.hpp"
#include "dbt/parse_cache.hpp"
#include "dbt/project_file.hpp"
#include "dbt/project_files.hpp"
#include "dbt/project_normalize.hpp"
#include "dbt/project_walk.hpp"
#include "dbt/schema_yml_reader.hpp"
#include "dbt/sql_scanner.hpp"
#include "dbt/yaml_support.hpp"
#include "diag/codes.hpp"

namespace fs = std::filesystem;

namespace floe::dbt {
namespace {

// What fs::last_write_time returns, from a stat already made.
fs::file_time_type mtime_of(const struct stat& st) {
  using namespace std::chrono;
  const sys_time<nanoseconds> since_epoch{seconds{st.st_mtim.tv_sec} + nanoseconds{st.st_mtim.tv_nsec}};
  return time_point_cast<fs::file_time_type::duration>(file_clock::from_sys(since_epoch));
}

}  // namespace

// Every .sql and .yml/.yaml under the model paths, in path order (so results
// and diagnostics do not depend on directory iteration order).
std::vector<ProjectFileEntry> list_model_files(const ProjectRoot& root, const ProjectFile& project, FileStats stats,
                                               Diagnostics& diags, bool& ok) {
  std::vector<ProjectFileEntry> files;
  auto wanted = [](std::string_view name) {
    return name.ends_with(".sql") || name.ends_with(".yml") || name.ends_with(".yaml");
  };
  for (const auto& model_path : project.model_paths) {
    const fs::path base = root.shown / model_path;
    // The model path relative to the project, as lexically_relative gives
    // it for a file in it ("models/"), so a file's is this, the folders
    // below, and its name.
    std::string prefix = (base / "f").lexically_relative(root.shown).generic_string();
    prefix.pop_back();
    ok = walk_project_folder(root, base, diags, stats, wanted, [&](const WalkedFile& f) {
           ProjectFileEntry entry;
           entry.is_sql = f.name.ends_with(".sql");
           entry.relative.reserve(prefix.size() + f.below.size() + f.name.size());
           entry.relative.append(prefix).append(f.below).append(f.name);
           if (f.st != nullptr) {
             entry.mtime = mtime_of(*f.st);
             entry.id = identity_of(*f.st);
             entry.has_id = true;
           }
           for (std::size_t start = 0, slash; (slash = f.below.find('/', start)) != std::string_view::npos; start = slash + 1)
             entry.fqn_tail.emplace_back(f.below.substr(start, slash - start));
           entry.fqn_tail.emplace_back(file_stem(f.name));
           files.push_back(std::move(entry));
         }) && ok;
  }
  std::sort(files.begin(), files.end(),
            [](const ProjectFileEntry& a, const ProjectFileEntry& b) { return a.relative < b.relative; });
  return files;
}

namespace {

// The manifest counts only when it is strictly newer than every file it was
// built from; an edit after `dbt parse` makes the files authoritative.
bool manifest_is_fresh(const fs::path& manifest, const fs::path& project_yml,
                       const std::vector<ProjectFileEntry>& files) {
  std::error_code ec;
  const auto manifest_time = fs::last_write_time(manifest, ec);
  if (ec) return false;
  auto newest = fs::last_write_time(project_yml, ec);
  if (ec) return false;
  for (const auto& f : files) newest = std::max(newest, f.mtime);
  return manifest_time > newest;
}

void unreadable(Diagnostics& diags, const std::string& path, const std::string& why) {
  diags.add(dbt_diag(Severity::error, codes::D005, why.empty() ? "cannot read " + path : why,
                     SourceLocation{path, 0, 0}, path,
                     why.find("not a regular file") != std::string::npos
                         ? "replace it with the file itself; floe reads only regular files"
                     : why.find("larger than") != std::string::npos
                         ? "dbt project files are at most " + describe_size(input_limits::kDbtFile) + "; this is not one"
                         : "check the file's permissions"));
}

DbtModel model_from_sql(const std::string& dir, const ProjectFile& project, const ProjectFileEntry& file,
                        const SqlScan& scan) {
  DbtModel model;
  model.name = file.fqn_tail.back();
  model.unique_id = "model." + project.name + "." + model.name;
  model.path = file.relative;
  const std::string shown = project_path(dir, file.relative);
  model.where = SourceLocation{shown, scan.first_line, scan.first_column};
  for (const auto& ref : scan.refs) {
    model.refs.push_back(ref.name);
    model.ref_locations.push_back(SourceLocation{shown, ref.line, ref.column});
  }
  for (const auto& source : scan.sources) {
    model.sources.push_back({source.source_name, source.table_name});
    model.source_locations.push_back(SourceLocation{shown, source.line, source.column});
  }
  return model;
}

}  // namespace

// dbt's precedence: dbt_project.yml < properties yml < config() in the SQL.
// Tags are additive across all three; meta dicts merge key by key. Into
// `model`: pending.model itself (the yml entry's parts moved), or with
// `keep` a copy of it (the entry copied: an edit loop merges again later).
bool finish_model(PendingModel& pending, DbtModel& model, bool keep) {
  const ResolvedConfig& pc = pending.project_config;
  const ScannedConfig& sc = pending.sql_config;
  YmlModelEntry* yml = pending.yml;
  auto take = [keep](auto& part) { return keep ? part : std::move(part); };
  std::optional<bool> enabled = pc.enabled;
  if (yml && yml->enabled) enabled = yml->enabled;
  if (sc.enabled) enabled = sc.enabled;
  if (enabled && !*enabled) return false;

  if (pc.materialized) model.materialized = *pc.materialized;
  if (yml && yml->materialized) model.materialized = *yml->materialized;
  if (sc.materialized) model.materialized = *sc.materialized;

  model.tags = pc.tags;
  model.meta = pc.meta;
  if (yml) {
    model.yml_where = yml->where;
    model.description = take(yml->description);
    model.tags.insert(model.tags.end(), yml->tags.begin(), yml->tags.end());
    for (const auto& [k, v] : yml->meta) model.meta[k] = v;
    model.columns = take(yml->columns);
    model.tests = take(yml->tests);
  }
  model.tags.insert(model.tags.end(), sc.tags.begin(), sc.tags.end());
  for (const auto& [k, v] : sc.meta) model.meta[k] = v;
  return true;
}

namespace {

// A .sql file's model, from its scan (parsed now or taken from the cache).
void sql_result(const std::string& dir, const ProjectFile& project, const ProjectFileEntry& file, SqlScan scan,
                FileResult& result) {
  // Built here, on the reading threads: for 100k models the merge that
  // follows runs on one core.
  result.model.model = model_from_sql(dir, project, file, scan);
  result.model.project_config = project.resolve(file.fqn_tail);
  result.model.sql_config = std::move(scan.config);
}

// The file's result from the cache, when the cache holds one for this very
// file (same identity) and it decodes.
bool reuse_one(const std::string& dir, const ProjectFile& project, const ProjectFileEntry& file, const CacheUse& cache,
               FileResult& result) {
  if (cache.found == nullptr || !file.has_id) return false;
  const CachedParse* cached = cache.found->find(file.relative);
  if (cached == nullptr || cached->id != file.id || cached->is_sql != file.is_sql) return false;
  if (file.is_sql) {
    SqlScan scan;
    if (!decode_sql_scan(cached->payload, scan)) return false;
    sql_result(dir, project, file, std::move(scan), result);
  } else {
    SchemaYml yml;
    if (!decode_schema_yml(cached->payload, project_path(dir, file.relative), yml)) return false;
    result.yml = std::move(yml);
  }
  result.reused = true;
  result.record = cached->payload;
  return true;
}

}  // namespace

void read_one(const std::string& dir, const ProjectFile& project, const ProjectFileEntry& file, const CacheUse& cache,
              FileResult& result) {
  if (reuse_one(dir, project, file, cache, result)) return;
  // Recorded only when nothing was said about the file and it has not
  // changed lately (parse_cache.hpp).
  const bool recordable = cache.found != nullptr && file.has_id && settled(file.id, cache.now_ns, cache.settle_ns);
  const std::string shown = project_path(dir, file.relative);
  std::string text, why;
  if (!read_listed_file(shown, text, &why)) {
    unreadable(result.diags, shown, why);
    result.ok = false;
  } else if (file.is_sql) {
    SqlScan scan = scan_model_sql(text);
    result.too_deep = scan.too_deep.has_value();
    if (const auto& at = scan.too_deep) {
      result.diags.add(dbt_diag(Severity::error, codes::D006,
                                "a literal in " + shown + " nests deeper than " +
                                    std::to_string(kSqlLiteralDepthLimit) + " levels",
                                SourceLocation{shown, at->line, at->column}, shown,
                                "floe reads ref(), source() and config() arguments only to this depth; "
                                "flatten the literal or move it into a variable"));
    }
    if (recordable && result.diags.empty()) result.encoded = encode_sql_scan(scan);
    sql_result(dir, project, file, std::move(scan), result);
  } else {
    result.ok = read_schema_yml(shown, text, result.yml, result.diags);
    if (recordable && result.ok && result.diags.empty()) result.encoded = encode_schema_yml(result.yml, shown);
  }
  result.record = result.encoded;
}

// yaml-cpp parses ~6 MB/s, so a 10k-model project's properties files take
// seconds on one core; they are independent, so spread them over the cores.
std::vector<FileResult> read_all(const std::string& dir, const ProjectFile& project,
                                 const std::vector<ProjectFileEntry>& files, const CacheUse& cache) {
  std::vector<FileResult> results(files.size());
  for_each_on_cores(files.size(), 64, [&](std::size_t i) { read_one(dir, project, files[i], cache, results[i]); });
  return results;
}

namespace {

// The cache of this read's results (those that may be recorded), replacing
// the last one, unless it would hold exactly what the last one holds.
void save_results(const ParseCacheOptions& options, const ParseCache& last, const std::vector<ProjectFileEntry>& files,
                  const std::vector<FileResult>& results, std::int64_t now_ns) {
  std::vector<ParseRecord> records;
  records.reserve(files.size());
  std::size_t reused = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (results[i].record.empty()) continue;
    records.push_back(ParseRecord{files[i].relative, files[i].id, files[i].is_sql, results[i].record});
    if (results[i].reused) ++reused;
  }
  if (options.stats != nullptr) {
    options.stats->files = files.size();
    options.stats->reused = reused;
    options.stats->recorded = records.size();
  }
  if (reused == records.size() && reused == last.size()) {
    touch_parse_cache(options.path);  // used: not one to forget
    return;
  }
  const bool saved = save_parse_cache(options.path, options.key, records, now_ns);
  if (options.stats != nullptr) options.stats->saved = saved;
}

// `kept` (may be null): the results are merged with `keep` and handed to it.
bool read_from_files(const std::string& dir, const ProjectFile& project, const std::vector<ProjectFileEntry>& files,
                     const ParseCacheOptions& cache_options, DbtProject& out, Diagnostics& diags,
                     KeptFiles* kept) {
  CacheUse cache;
  ParseCache last;
  if (!cache_options.path.empty()) {
    last = ParseCache::load(cache_options.path, cache_options.key);
    cache.found = &last;
    cache.settle_ns = cache_options.settle_ns;
    cache.now_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  }
  std::vector<FileResult> results = read_all(dir, project, files, cache);
  // The cache is written beside the merge below (which leaves what it
  // writes alone) and waited for when this returns.
  HelperThread saving;
  if (cache.found != nullptr) {
    auto save = [&] {
      try {
        save_results(cache_options, last, files, results, cache.now_ns);
      } catch (const std::exception&) {
        // Only a cache: the next read parses what it lacks.
      }
    };
    try {
      saving = HelperThread(save);
    } catch (const std::system_error&) {
      save();
    }
  }
  const bool merged = merge_results(files, results, kept != nullptr, out, diags);
  if (kept != nullptr) {
    saving.join();  // it reads the results' records
    kept->results = std::move(results);
  }
  return merged;
}

}  // namespace

bool merge_results(const std::vector<ProjectFileEntry>& files, std::vector<FileResult>& results, bool keep,
                   DbtProject& out, Diagnostics& diags) {
  bool ok = true;
  // The models stay where their files' results hold them (a copy of 100k
  // models was 70 MB of fresh memory): these point at them.
  std::vector<PendingModel*> pending;
  std::unordered_map<std::string, std::size_t> by_name;
  pending.reserve(files.size());
  by_name.reserve(files.size());
  std::vector<SchemaYml*> ymls;

  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto& file = files[i];
    FileResult& result = results[i];
    diags.append(result.diags);
    if (!result.ok) ok = false;
    if (!file.is_sql) {
      ymls.push_back(&result.yml);
      continue;
    }
    if (!result.ok) continue;
    if (result.too_deep) ok = false;  // FLOE-D006 is an error; the model is still read
    PendingModel& p = result.model;
    p.yml = nullptr;  // a kept result merged again finds its entry again
    auto [it, inserted] = by_name.emplace(p.model.name, pending.size());
    if (!inserted) {
      const DbtModel& first = pending[it->second]->model;
      diags.add(dbt_diag(Severity::error, codes::D011, "duplicate model name '" + p.model.name + "'", p.model.where,
                         p.model.name, "dbt requires unique model names; also defined at " + first.where.file));
      ok = false;
      continue;
    }
    pending.push_back(&p);
  }

  std::vector<std::string> model_names;
  model_names.reserve(pending.size());
  for (const PendingModel* p : pending) model_names.push_back(p->model.name);
  for (SchemaYml* yml_file : ymls) {
    SchemaYml& yml = *yml_file;
    for (auto& entry : yml.models) {
      auto it = by_name.find(entry.name);
      if (it == by_name.end()) {
        diags.add(dbt_diag(Severity::warning, codes::D010,
                           "properties for model '" + entry.name + "' but no " + entry.name + ".sql in the project",
                           entry.where, entry.name, [&] {
                             const std::string close = closest_match(entry.name, model_names);
                             return close.empty() ? std::string("remove the entry or add the model")
                                                  : "did you mean '" + close + "'?";
                           }()));
        continue;
      }
      PendingModel& p = *pending[it->second];
      if (p.yml) {
        diags.add(dbt_diag(Severity::error, codes::D011, "model '" + entry.name + "' is described twice", entry.where,
                           entry.name, "keep one entry; the first is at " + p.yml->where.file + ":" +
                                           std::to_string(p.yml->where.line)));
        ok = false;
        continue;
      }
      p.yml = &entry;
    }
    out.sources.insert(out.sources.end(), yml.sources.begin(), yml.sources.end());
  }

  // Each model merges only its own configs and its own yml entry: in parallel.
  std::vector<char> kept(pending.size(), 0);
  if (keep) {
    std::vector<DbtModel> merged(pending.size());
    for_each_on_cores(pending.size(), 1024, [&](std::size_t i) {
      merged[i] = pending[i]->model;
      kept[i] = finish_model(*pending[i], merged[i], true) ? 1 : 0;
    });
    out.models.reserve(pending.size());
    for (std::size_t i = 0; i < pending.size(); ++i)
      if (kept[i]) out.models.push_back(std::move(merged[i]));
    return ok;
  }
  for_each_on_cores(pending.size(), 1024,
                    [&](std::size_t i) { kept[i] = finish_model(*pending[i], pending[i]->model, false) ? 1 : 0; });
  out.models.reserve(pending.size());
  for (std::size_t i = 0; i < pending.size(); ++i)
    if (kept[i]) out.models.push_back(std::move(pending[i]->model));
  return ok;
}

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_word_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool is_word_char(char c) { return is_word_start(c) || (c >= '0' && c <= '9'); }

// The names of `{% snapshot name %}` blocks (also `{%- snapshot`), found by a
// linear scan for /\{%-?\s*snapshot\s+([A-Za-z_][A-Za-z0-9_]*)/.
std::vector<std::string> snapshot_names(std::string_view text) {
  std::vector<std::string> names;
  for (std::size_t at = text.find("{%"); at != std::string_view::npos; at = text.find("{%", at + 2)) {
    std::size_t i = at + 2;
    if (i < text.size() && text[i] == '-') ++i;
    while (i < text.size() && is_space(text[i])) ++i;
    if (text.substr(i, 8) != "snapshot") continue;
    i += 8;
    const std::size_t gap = i;
    while (i < text.size() && is_space(text[i])) ++i;
    if (i == gap || i >= text.size() || !is_word_start(text[i])) continue;
    const std::size_t start = i;
    while (i < text.size() && is_word_char(text[i])) ++i;
    names.emplace_back(text.substr(start, i - start));
  }
  return names;
}

}  // namespace

// Names ref() may point at besides models: seeds (a .csv under the seed
// paths) and snapshots ({% snapshot name %} blocks under the snapshot paths).
std::vector<std::string> list_seeds_and_snapshots(const ProjectRoot& root, const ProjectFile& project,
                                                  Diagnostics& diags, bool& ok) {
  std::vector<std::string> names;
  auto walk = [&](const std::vector<std::string>& paths, std::string_view ext, bool snapshots) {
    for (const auto& rel : paths) {
      auto wanted = [ext](std::string_view name) { return name.ends_with(ext); };
      ok = walk_project_folder(root, root.shown / rel, diags, FileStats::not_needed, wanted, [&](const WalkedFile& f) {
             if (!snapshots) {
               names.emplace_back(file_stem(f.name));
               return;
             }
             std::string text;
             if (!read_text_file(f.path().string(), text)) return;
             for (auto& name : snapshot_names(text)) names.push_back(std::move(name));
           }) && ok;
    }
  };
  walk(project.seed_paths, ".csv", false);
  walk(project.snapshot_paths, ".sql", true);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

namespace {

// read_dbt_manifest on a thread of its own, for read_dbt_project to start
// before it knows whether the manifest counts.
class EarlyManifestRead {
 public:
  EarlyManifestRead() = default;
  EarlyManifestRead(const EarlyManifestRead&) = delete;
  EarlyManifestRead& operator=(const EarlyManifestRead&) = delete;
  ~EarlyManifestRead() { cancel(); }

  void start(const std::string& path, const std::string& root) {
    project.root = root;
    thread_ = HelperThread([this, path, deadline = current_deadline()] {
      DeadlineScope scope(deadline);
      ManifestReadOptions options;
      options.cancel = &cancelled_;
      ok = read_dbt_manifest(path, project, diags, options);
    });
  }
  bool started() const { return thread_.joinable(); }
  // Waits for the read; `ok`, `project` and `diags` are then its result.
  void finish() {
    if (thread_.joinable()) thread_.join();
  }
  // Stops the read (if still running) and waits; the result is not used.
  void cancel() {
    cancelled_ = true;
    finish();
  }

  bool ok = false;
  DbtProject project;
  Diagnostics diags;

 private:
  std::atomic<bool> cancelled_{false};
  HelperThread thread_;
};

}  // namespace

namespace {

// read_dbt_project; `kept` (may be null) receives what a ProjectSession
// patches when the read goes through the files (read_dbt_project_keeping
// never prefers the manifest: an edit makes it stale).
bool read_project(const std::string& dir, DbtProject& out, Diagnostics& diags, bool prefer_manifest,
                  const ParseCacheOptions& cache, KeptFiles* kept) {
  out = DbtProject{};
  out.root = dir;
  const ProjectRoot root = project_root(dir);
  const std::string project_yml = project_path(dir, "dbt_project.yml");
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(project_yml, ec))) {
    diags.add(dbt_diag(Severity::error, codes::D001, "no dbt_project.yml in " + (dir.empty() ? "." : dir),
                       SourceLocation{project_yml, 0, 0}, project_yml,
                       "point transforms[].path at the directory that holds dbt_project.yml"));
    return false;
  }
  fs::path real;
  switch (reach(root, project_yml, real)) {
    case Reach::loop: symlink_loop(diags, root, project_yml, "a symlink loop (too many levels of symbolic links)"); return false;
    case Reach::outside: symlink_outside(diags, root, project_yml, real); return false;
    case Reach::missing:
      diags.add(dbt_diag(Severity::error, codes::D001, "no dbt_project.yml in " + (dir.empty() ? "." : dir) +
                                                            " (a symlink to nothing)",
                         SourceLocation{project_yml, 0, 0}, project_yml,
                         "point transforms[].path at the directory that holds dbt_project.yml"));
      return false;
    case Reach::inside: break;
  }
  std::string text, why;
  if (!read_text_file(project_yml, text, &why)) {
    unreadable(diags, project_yml, why);
    return false;
  }
  ProjectFile project;
  if (!read_project_file(project_yml, text, project, diags)) return false;
  out.name = project.name;
  out.profile = project.profile;

  const std::string manifest = project_path(dir, project.target_path + "/manifest.json");
  Diagnostics manifest_outside;  // reported after the walk's findings, as always
  bool manifest_inside = true;
  const bool manifest_exists = fs::exists(fs::symlink_status(manifest, ec));
  if (manifest_exists && reach(root, manifest, real) == Reach::outside) {
    // Not fatal: the files are at hand. But floe reads nothing from outside the project.
    symlink_outside(manifest_outside, root, manifest, real, Severity::warning);
    manifest_outside.items().back().hint = "reading the project files instead: keep target/ inside the project";
    manifest_inside = false;
  }
  // Whether the manifest counts depends on the walk (every file's mtime);
  // reading it takes longer than the walk, so it starts now, beside it, and
  // is cancelled if the files turn out newer.
  EarlyManifestRead early;
  if (prefer_manifest && manifest_inside && manifest_exists) early.start(manifest, dir);

  bool walked = true;
  // The files' stats matter only to a manifest that might be read (their
  // mtimes) and to the parse cache (which file each result came from).
  std::vector<ProjectFileEntry> files = list_model_files(
      root, project, early.started() || !cache.path.empty() ? FileStats::needed : FileStats::not_needed, diags, walked);
  diags.append(manifest_outside);
  if (early.started() && walked && manifest_is_fresh(manifest, project_yml, files)) {
    early.finish();
    if (early.ok) {
      diags.append(early.diags);
      out = std::move(early.project);
      if (out.name.empty()) out.name = project.name;
      out.profile = project.profile;
      return true;
    }
    // A broken manifest is not fatal when the files it came from are at hand.
    for (auto& d : early.diags.items()) {
      if (d.severity == Severity::error) d.severity = Severity::warning;
      d.hint = "reading the project files instead; re-run `dbt parse` to refresh target/manifest.json";
    }
    diags.append(early.diags);
  }
  early.cancel();

  out.origin = "files";
  bool ok = read_from_files(dir, project, files, cache, out, diags, kept) && walked;
  out.seeds = list_seeds_and_snapshots(root, project, diags, ok);
  normalize_project(out);
  if (kept != nullptr) {
    kept->project = std::move(project);
    kept->files = std::move(files);
    kept->read = true;
  }
  return ok;
}

}  // namespace

bool read_dbt_project(const std::string& dir, DbtProject& out, Diagnostics& diags, bool prefer_manifest) {
  return read_project(dir, out, diags, prefer_manifest, ParseCacheOptions{}, nullptr);
}

bool read_dbt_project(const std::string& dir, DbtProject& out, Diagnostics& diags, bool prefer_manifest,
                      const ParseCacheOptions& cache) {
  return read_project(dir, out, diags, prefer_manifest, cache, nullptr);
}

bool read_dbt_project_keeping(const std::string& dir, DbtProject& out, Diagnostics& diags,
                              const ParseCacheOptions& cache, KeptFiles& kept) {
  kept = KeptFiles{};
  return read_project(dir, out, diags, false, cache, &kept);
}

}  // namespace floe::dbt
