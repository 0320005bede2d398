// read_dbt_project: dbt_project.yml, then either target/manifest.json (when
// it is newer than every project file) or the project files themselves:
// models/**/*.sql scanned for ref/source/config, models/**/*.yml for
// properties and sources, merged with dbt's precedence
// (config() in SQL > properties yml > dbt_project.yml).
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <set>
#include <string_view>
#include <system_error>

#include <sys/stat.h>
#include <thread>
#include <unordered_map>

#include "core/deadline.hpp"
#include "core/input_file.hpp"
#include "core/on_cores.hpp"
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

// The project's directory, as given (for messages and the paths floe shows)
// and as it really is (where symlinks may lead).
struct ProjectRoot {
  fs::path shown;
  fs::path real;  // canonical; empty when it cannot be resolved
};

ProjectRoot project_root(const std::string& dir) {
  ProjectRoot r;
  r.shown = dir.empty() ? fs::path(".") : fs::path(dir);
  std::error_code ec;
  r.real = fs::canonical(r.shown, ec);
  if (ec) r.real.clear();
  return r;
}

enum class Reach { inside, outside, loop, missing };

// Where `p` (a path below the project as shown) really leads: symlinks are
// followed only while they stay inside the project.
Reach reach(const ProjectRoot& root, const fs::path& p, fs::path& real) {
  std::error_code ec;
  real = fs::canonical(p, ec);
  if (ec == std::errc::too_many_symbolic_link_levels) return Reach::loop;
  if (ec) return Reach::missing;  // a dangling symlink, or gone since it was listed
  if (root.real.empty()) return Reach::inside;
  const fs::path rel = real.lexically_relative(root.real);
  if (rel.empty() || *rel.begin() == "..") return Reach::outside;
  return Reach::inside;
}

// A path below the project as diagnostics show it (project_path's form).
std::string shown_path(const ProjectRoot& root, const fs::path& p) {
  const fs::path rel = p.lexically_relative(root.shown);
  if (rel.empty() || *rel.begin() == "..") return p.generic_string();
  return (root.shown == "." ? rel : root.shown / rel).generic_string();
}

void symlink_outside(Diagnostics& diags, const ProjectRoot& root, const fs::path& p, const fs::path& real,
                     Severity severity = Severity::error) {
  const std::string shown = shown_path(root, p);
  diags.add(dbt_diag(severity, codes::D007,
                     shown + " leads outside the dbt project (to " + real.generic_string() + ")",
                     SourceLocation{shown, 0, 0}, shown,
                     "floe follows symlinks in a dbt project only while they stay inside it: copy the files into the "
                     "project, or point the symlink at a folder inside it"));
}

void symlink_loop(Diagnostics& diags, const ProjectRoot& root, const fs::path& p, const std::string& why) {
  const std::string shown = shown_path(root, p);
  diags.add(dbt_diag(Severity::error, codes::D008, shown + ": " + why, SourceLocation{shown, 0, 0}, shown,
                     "remove the symlink, or point it at a folder that is not already part of the project tree"));
}

// Walks the project folder `base` (a model, seed or snapshot path) and calls
// `on_file` for every regular file below it (path as shown, its real
// location, and its stat: one system call per entry, whose mtime the
// manifest's freshness check uses). Symlinks are followed while they stay
// inside the project; one that leaves it is FLOE-D007, a loop or a second
// way into a folder already walked FLOE-D008 (so no tree is ever walked
// forever or twice); hidden entries are skipped; a file of a wanted type
// that is not a regular file (`wanted`: .sql, .yml, ...) is FLOE-D005.
template <class Wanted, class OnFile>
bool walk_project_folder(const ProjectRoot& root, const fs::path& base, Diagnostics& diags, Wanted&& wanted,
                         OnFile&& on_file) {
  bool ok = true;
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(base, ec))) return true;
  fs::path base_real;
  switch (reach(root, base, base_real)) {
    case Reach::missing: return true;
    case Reach::loop: symlink_loop(diags, root, base, "a symlink loop (too many levels of symbolic links)"); return false;
    case Reach::outside: symlink_outside(diags, root, base, base_real); return false;
    case Reach::inside: break;
  }
  if (!fs::is_directory(base_real, ec)) return true;
  // Real folders first, then the folders symlinks lead to: a symlink into a
  // folder the walk reaches anyway is then the second way in, whatever the
  // order of the directory entries.
  std::set<fs::path> visited{base_real};
  std::vector<fs::path> pending{base};
  std::vector<std::pair<fs::path, fs::path>> linked;  // (symlink, where it leads), in walk order
  std::size_t next_linked = 0;
  for (;;) {
    if (pending.empty()) {
      if (next_linked == linked.size()) break;
      auto [link, real] = linked[next_linked++];
      if (!visited.insert(real).second) {
        const fs::path in_project = root.real.empty() ? real : real.lexically_relative(root.real);
        symlink_loop(diags, root, link, "a symlink to a folder floe reads already (" + in_project.generic_string() +
                                            " in the project): a loop, or a second way into the same files");
        ok = false;
        continue;
      }
      pending.push_back(link);
    }
    const fs::path dir = std::move(pending.back());
    pending.pop_back();
    std::vector<fs::directory_entry> entries;
    for (fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::directory_iterator(); it.increment(ec))
      if (!is_hidden(it->path())) entries.push_back(*it);
    ec.clear();
    // Sorted, so diagnostics and the order folders are walked in do not
    // depend on the file system; pushed in reverse, so walked in order.
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.path() > b.path(); });
    for (const auto& entry : entries) {
      const fs::path& p = entry.path();
      std::error_code sec;
      struct stat st {};
      if (::lstat(p.c_str(), &st) != 0) continue;  // gone since it was listed
      if (S_ISLNK(st.st_mode)) {
        fs::path real;
        switch (reach(root, p, real)) {
          case Reach::missing: continue;
          case Reach::loop:
            symlink_loop(diags, root, p, "a symlink loop (too many levels of symbolic links)");
            ok = false;
            continue;
          case Reach::outside:
            symlink_outside(diags, root, p, real);
            ok = false;
            continue;
          case Reach::inside: break;
        }
        if (::stat(real.c_str(), &st) != 0) continue;
        if (S_ISDIR(st.st_mode)) {
          linked.emplace_back(p, real);
          continue;
        }
        if (!wanted(p)) continue;
        if (S_ISREG(st.st_mode)) {
          on_file(p, real, st);
          continue;
        }
      } else if (S_ISDIR(st.st_mode)) {
        visited.insert(fs::canonical(p, sec));
        pending.push_back(p);
        continue;
      } else if (!wanted(p)) {
        continue;
      } else if (S_ISREG(st.st_mode)) {
        on_file(p, p, st);
        continue;
      }
      const std::string shown = shown_path(root, p);
      diags.add(dbt_diag(Severity::error, codes::D005,
                         shown + " is not a regular file (a FIFO, a device or a socket): floe reads only regular files",
                         SourceLocation{shown, 0, 0}, shown, "replace it with the file itself, or remove it"));
      ok = false;
    }
  }
  return ok;
}

// What fs::last_write_time returns, from a stat already made.
fs::file_time_type mtime_of(const struct stat& st) {
  using namespace std::chrono;
  const sys_time<nanoseconds> since_epoch{seconds{st.st_mtim.tv_sec} + nanoseconds{st.st_mtim.tv_nsec}};
  return time_point_cast<fs::file_time_type::duration>(file_clock::from_sys(since_epoch));
}

// Every .sql and .yml/.yaml under the model paths, in path order (so results
// and diagnostics do not depend on directory iteration order).
std::vector<ProjectFileEntry> list_model_files(const ProjectRoot& root, const ProjectFile& project, Diagnostics& diags,
                                               bool& ok) {
  std::vector<ProjectFileEntry> files;
  for (const auto& model_path : project.model_paths) {
    const fs::path base = root.shown / model_path;
    auto wanted = [](const fs::path& p) {
      const std::string ext = p.extension().string();
      return ext == ".sql" || ext == ".yml" || ext == ".yaml";
    };
    ok = walk_project_folder(root, base, diags, wanted, [&](const fs::path& p, const fs::path&, const struct stat& st) {
           ProjectFileEntry entry;
           entry.is_sql = p.extension() == ".sql";
           entry.relative = p.lexically_relative(root.shown).generic_string();
           entry.mtime = mtime_of(st);
           for (const auto& part : p.parent_path().lexically_relative(base)) {
             if (part != ".") entry.fqn_tail.push_back(part.string());
           }
           entry.fqn_tail.push_back(p.stem().string());
           files.push_back(std::move(entry));
         }) && ok;
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

struct PendingModel {
  DbtModel model;
  ResolvedConfig project_config;
  ScannedConfig sql_config;
  YmlModelEntry* yml = nullptr;  // its columns and tests move into the model
};

// dbt's precedence: dbt_project.yml < properties yml < config() in the SQL.
// Tags are additive across all three; meta dicts merge key by key.
bool finish_model(PendingModel& pending) {
  DbtModel& model = pending.model;
  const ResolvedConfig& pc = pending.project_config;
  const ScannedConfig& sc = pending.sql_config;
  YmlModelEntry* yml = pending.yml;
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
    model.description = std::move(yml->description);
    model.tags.insert(model.tags.end(), yml->tags.begin(), yml->tags.end());
    for (const auto& [k, v] : yml->meta) model.meta[k] = v;
    model.columns = std::move(yml->columns);
    model.tests = std::move(yml->tests);
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
  std::string text, why;
  if (!read_text_file(shown, text, &why)) {
    unreadable(result.diags, shown, why);
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
  for_each_on_cores(files.size(), 64, [&](std::size_t i) { read_one(dir, files[i], results[i]); });
  return results;
}

bool read_from_files(const std::string& dir, const ProjectFile& project, const std::vector<ProjectFileEntry>& files,
                     DbtProject& out, Diagnostics& diags) {
  bool ok = true;
  std::vector<PendingModel> pending;
  std::unordered_map<std::string, std::size_t> by_name;
  std::vector<FileResult> results = read_all(dir, files);
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
    const SqlScan& scan = result.scan;
    if (scan.too_deep) ok = false;  // FLOE-D006 is an error; the model is still read
    PendingModel p;
    p.model = model_from_sql(dir, project, file, scan);
    p.project_config = project.resolve(file.fqn_tail);
    p.sql_config = std::move(result.scan.config);
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
std::vector<std::string> list_seeds_and_snapshots(const ProjectRoot& root, const ProjectFile& project,
                                                  Diagnostics& diags, bool& ok) {
  std::vector<std::string> names;
  auto walk = [&](const std::vector<std::string>& paths, const char* ext, bool snapshots) {
    for (const auto& rel : paths) {
      auto wanted = [ext](const fs::path& p) { return p.extension() == ext; };
      ok = walk_project_folder(root, root.shown / rel, diags, wanted, [&](const fs::path& p, const fs::path&,
                                                                        const struct stat&) {
             if (!snapshots) {
               names.push_back(p.stem().string());
               return;
             }
             std::string text;
             if (!read_text_file(p.string(), text)) return;
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
    thread_ = std::thread([this, path, deadline = current_deadline()] {
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
  std::thread thread_;
};

}  // namespace

bool read_dbt_project(const std::string& dir, DbtProject& out, Diagnostics& diags, bool prefer_manifest) {
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
  const std::vector<ProjectFileEntry> files = list_model_files(root, project, diags, walked);
  diags.append(manifest_outside);
  if (early.started() && walked && manifest_is_fresh(manifest, project_yml, files)) {
    early.finish();
    if (early.ok) {
      diags.append(early.diags);
      out = std::move(early.project);
      if (out.name.empty()) out.name = project.name;
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
  bool ok = read_from_files(dir, project, files, out, diags) && walked;
  out.seeds = list_seeds_and_snapshots(root, project, diags, ok);
  normalize_project(out);
  return ok;
}

}  // namespace floe::dbt
