// read_dbt_project: dbt_project.yml, then either target/manifest.json (when
// it is newer than every project file) or the project files themselves:
// models/**/*.sql scanned for ref/source/config, models/**/*.yml for
// properties and sources, merged with dbt's precedence
// (config() in SQL > properties yml > dbt_project.yml).
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <string_view>
#include <system_error>
#include <thread>
#include <unordered_map>

#include "dbt/dbt_diag.hpp"
#include "dbt/dbt_project.hpp"
#include "dbt/project_file.hpp"
#include "dbt/project_normalize.hpp"
#include "dbt/schema_yml_reader.hpp"
#include "dbt/sql_scanner.hpp"
#include "dbt/yaml_support.hpp"
#include "diag/codes.hpp"

namespace fs = std::filesystem;

namespace floe::dbt {
namespace {

struct ProjectFileEntry {
  std::string relative;           // "models/bronze/x.sql" (generic separators)
  std::vector<std::string> fqn_tail;  // folders below the model path + file stem
  bool is_sql = false;
  fs::file_time_type mtime;
};

bool is_hidden(const fs::path& p) {
  const std::string name = p.filename().string();
  return !name.empty() && name[0] == '.';
}

// Every .sql and .yml/.yaml under the model paths, in path order (so results
// and diagnostics do not depend on directory iteration order).
std::vector<ProjectFileEntry> list_model_files(const std::string& dir, const ProjectFile& project) {
  std::vector<ProjectFileEntry> files;
  const fs::path root = dir.empty() ? fs::path(".") : fs::path(dir);
  for (const auto& model_path : project.model_paths) {
    const fs::path base = root / model_path;
    std::error_code ec;
    if (!fs::is_directory(base, ec)) continue;
    fs::recursive_directory_iterator it(base, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      const fs::path& p = it->path();
      if (is_hidden(p)) {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file(ec)) continue;
      const std::string ext = p.extension().string();
      const bool is_sql = ext == ".sql";
      if (!is_sql && ext != ".yml" && ext != ".yaml") continue;
      ProjectFileEntry entry;
      entry.is_sql = is_sql;
      entry.relative = p.lexically_relative(root).generic_string();
      entry.mtime = it->last_write_time(ec);
      for (const auto& part : p.parent_path().lexically_relative(base)) {
        if (part != ".") entry.fqn_tail.push_back(part.string());
      }
      entry.fqn_tail.push_back(p.stem().string());
      files.push_back(std::move(entry));
    }
  }
  std::sort(files.begin(), files.end(),
            [](const ProjectFileEntry& a, const ProjectFileEntry& b) { return a.relative < b.relative; });
  return files;
}

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

void unreadable(Diagnostics& diags, const std::string& path) {
  diags.add(dbt_diag(Severity::error, codes::D005, "cannot read " + path, SourceLocation{path, 0, 0}, path,
                     "check the file's permissions"));
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

struct PendingModel {
  DbtModel model;
  ResolvedConfig project_config;
  ScannedConfig sql_config;
  const YmlModelEntry* yml = nullptr;
};

// dbt's precedence: dbt_project.yml < properties yml < config() in the SQL.
// Tags are additive across all three; meta dicts merge key by key.
bool finish_model(PendingModel& pending) {
  DbtModel& model = pending.model;
  const ResolvedConfig& pc = pending.project_config;
  const ScannedConfig& sc = pending.sql_config;
  const YmlModelEntry* yml = pending.yml;
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
    model.description = yml->description;
    model.tags.insert(model.tags.end(), yml->tags.begin(), yml->tags.end());
    for (const auto& [k, v] : yml->meta) model.meta[k] = v;
    model.columns = yml->columns;
    model.tests = yml->tests;
  }
  model.tags.insert(model.tags.end(), sc.tags.begin(), sc.tags.end());
  for (const auto& [k, v] : sc.meta) model.meta[k] = v;
  return true;
}

// What reading one file produced; files are read independently (in
// parallel) and merged in path order, so results never depend on timing.
struct FileResult {
  bool ok = true;
  Diagnostics diags;
  SqlScan scan;    // .sql
  SchemaYml yml;   // .yml
};

void read_one(const std::string& dir, const ProjectFileEntry& file, FileResult& result) {
  const std::string shown = project_path(dir, file.relative);
  std::string text;
  if (!read_text_file(shown, text)) {
    unreadable(result.diags, shown);
    result.ok = false;
  } else if (file.is_sql) {
    result.scan = scan_model_sql(text);
    if (const auto& at = result.scan.too_deep) {
      result.diags.add(dbt_diag(Severity::error, codes::D006,
                                "a literal in " + shown + " nests deeper than " +
                                    std::to_string(kSqlLiteralDepthLimit) + " levels",
                                SourceLocation{shown, at->line, at->column}, shown,
                                "floe reads ref(), source() and config() arguments only to this depth; "
                                "flatten the literal or move it into a variable"));
    }
  } else {
    result.ok = read_schema_yml(shown, text, result.yml, result.diags);
  }
}

// yaml-cpp parses ~6 MB/s, so a 10k-model project's properties files take
// seconds on one core; they are independent, so spread them over the cores.
std::vector<FileResult> read_all(const std::string& dir, const std::vector<ProjectFileEntry>& files) {
  std::vector<FileResult> results(files.size());
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t workers = files.size() < 64 ? 1 : std::min<std::size_t>(cores, 8);
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next++; i < files.size(); i = next++) read_one(dir, files[i], results[i]);
  };
  std::vector<std::thread> threads;
  for (std::size_t t = 1; t < workers; ++t) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
  return results;
}

bool read_from_files(const std::string& dir, const ProjectFile& project, const std::vector<ProjectFileEntry>& files,
                     DbtProject& out, Diagnostics& diags) {
  bool ok = true;
  std::vector<PendingModel> pending;
  std::unordered_map<std::string, std::size_t> by_name;
  std::vector<FileResult> results = read_all(dir, files);
  std::vector<const SchemaYml*> ymls;

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
    const SqlScan& scan = result.scan;
    if (scan.too_deep) ok = false;  // FLOE-D006 is an error; the model is still read
    PendingModel p;
    p.model = model_from_sql(dir, project, file, scan);
    p.project_config = project.resolve(file.fqn_tail);
    p.sql_config = scan.config;
    auto [it, inserted] = by_name.emplace(p.model.name, pending.size());
    if (!inserted) {
      const DbtModel& first = pending[it->second].model;
      diags.add(dbt_diag(Severity::error, codes::D011, "duplicate model name '" + p.model.name + "'", p.model.where,
                         p.model.name, "dbt requires unique model names; also defined at " + first.where.file));
      ok = false;
      continue;
    }
    pending.push_back(std::move(p));
  }

  std::vector<std::string> model_names;
  model_names.reserve(pending.size());
  for (const auto& p : pending) model_names.push_back(p.model.name);
  for (const SchemaYml* yml_file : ymls) {
    const SchemaYml& yml = *yml_file;
    for (const auto& entry : yml.models) {
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
      PendingModel& p = pending[it->second];
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

  out.models.reserve(pending.size());
  for (auto& p : pending) {
    if (finish_model(p)) out.models.push_back(std::move(p.model));
  }
  return ok;
}

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

// Names ref() may point at besides models: seeds (a .csv under the seed
// paths) and snapshots ({% snapshot name %} blocks under the snapshot paths).
std::vector<std::string> list_seeds_and_snapshots(const std::string& dir, const ProjectFile& project) {
  std::vector<std::string> names;
  const fs::path root = dir.empty() ? fs::path(".") : fs::path(dir);
  auto walk = [&](const std::vector<std::string>& paths, const char* ext, bool snapshots) {
    for (const auto& rel : paths) {
      std::error_code ec;
      fs::recursive_directory_iterator it(root / rel, fs::directory_options::skip_permission_denied, ec);
      for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file(ec) || it->path().extension() != ext) continue;
        if (!snapshots) {
          names.push_back(it->path().stem().string());
          continue;
        }
        std::string text;
        if (!read_text_file(it->path().string(), text)) continue;
        for (auto& name : snapshot_names(text)) names.push_back(std::move(name));
      }
    }
  };
  walk(project.seed_paths, ".csv", false);
  walk(project.snapshot_paths, ".sql", true);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

}  // namespace

bool read_dbt_project(const std::string& dir, DbtProject& out, Diagnostics& diags, bool prefer_manifest) {
  out = DbtProject{};
  out.root = dir;
  const std::string project_yml = project_path(dir, "dbt_project.yml");
  std::error_code ec;
  if (!fs::is_regular_file(project_yml, ec)) {
    diags.add(dbt_diag(Severity::error, codes::D001, "no dbt_project.yml in " + (dir.empty() ? "." : dir),
                       SourceLocation{project_yml, 0, 0}, project_yml,
                       "point transforms[].path at the directory that holds dbt_project.yml"));
    return false;
  }
  std::string text;
  if (!read_text_file(project_yml, text)) {
    unreadable(diags, project_yml);
    return false;
  }
  ProjectFile project;
  if (!read_project_file(project_yml, text, project, diags)) return false;
  out.name = project.name;

  const std::vector<ProjectFileEntry> files = list_model_files(dir, project);
  const std::string manifest = project_path(dir, project.target_path + "/manifest.json");
  if (prefer_manifest && manifest_is_fresh(manifest, project_yml, files)) {
    DbtProject from_manifest;
    from_manifest.root = dir;
    Diagnostics manifest_diags;
    if (read_dbt_manifest(manifest, from_manifest, manifest_diags)) {
      diags.append(manifest_diags);
      out = std::move(from_manifest);
      if (out.name.empty()) out.name = project.name;
      return true;
    }
    // A broken manifest is not fatal when the files it came from are at hand.
    for (auto& d : manifest_diags.items()) {
      if (d.severity == Severity::error) d.severity = Severity::warning;
      d.hint = "reading the project files instead; re-run `dbt parse` to refresh target/manifest.json";
    }
    diags.append(manifest_diags);
  }

  out.origin = "files";
  const bool ok = read_from_files(dir, project, files, out, diags);
  out.seeds = list_seeds_and_snapshots(dir, project);
  normalize_project(out);
  return ok;
}

}  // namespace floe::dbt
