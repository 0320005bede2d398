#include "dbt/project_session.hpp"

#include <sys/stat.h>

#include <algorithm>

#include "dbt/project_normalize.hpp"

namespace floe::dbt {

namespace {

bool regular_file(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool problem_free(const FileResult& r) { return r.ok && !r.too_deep && r.diags.empty(); }

}  // namespace

bool ProjectSession::open(const std::string& dir, const ParseCacheOptions& cache) {
  dir_ = dir;
  cache_ = cache;
  cache_.stats = nullptr;
  read_whole();
  return ok_;
}

ProjectSession::Change ProjectSession::read_whole() {
  project_ = DbtProject{};
  diags_ = Diagnostics{};
  files_.clear();
  results_.clear();
  file_at_.clear();
  sql_of_.clear();
  entry_of_.clear();
  patchable_ = false;
  // One read that keeps each file's result beside the project it merged
  // (copies of the models): what later edits patch.
  KeptFiles kept;
  ok_ = read_dbt_project_keeping(dir_, project_, diags_, cache_, kept);
  if (!ok_ || !diags_.empty() || !kept.read) return Change{true, {}};
  file_ = std::move(kept.project);
  files_ = std::move(kept.files);
  results_ = std::move(kept.results);
  for (auto& r : results_) {
    r.encoded.clear();
    r.record = {};  // its bytes were the cache's
  }

  for (std::size_t i = 0; i < files_.size(); ++i) {
    file_at_.emplace(files_[i].relative, i);
    if (files_[i].is_sql) {
      sql_of_.emplace(results_[i].model.model.name, i);
      continue;
    }
    const auto& entries = results_[i].yml.models;
    for (std::size_t k = 0; k < entries.size(); ++k) entry_of_.emplace(entries[k].name, std::make_pair(i, k));
  }
  patchable_ = true;
  return Change{true, {}};
}

ProjectSession::Change ProjectSession::update(const std::vector<std::string>& changed) {
  std::vector<std::string> models;
  if (patchable_ && patch(changed, models)) return Change{false, std::move(models)};
  return read_whole();
}

bool ProjectSession::patch(const std::vector<std::string>& changed, std::vector<std::string>& models) {
  // Every changed file read first: nothing is replaced unless all can be.
  std::vector<std::pair<std::size_t, FileResult>> fresh;
  for (const std::string& relative : changed) {
    auto at = file_at_.find(relative);
    if (at == file_at_.end()) return false;  // a new file, or not a model file
    const std::size_t i = at->second;
    if (!regular_file(project_path(dir_, relative)) || !problem_free(results_[i])) return false;
    FileResult result;
    read_one(dir_, file_, files_[i], CacheUse{}, result);
    if (!problem_free(result)) return false;
    if (!files_[i].is_sql) {
      // The same models described, in the same order, and no sources: the
      // merge's other findings (a model described twice, properties for no
      // model) and the project's sources stay as they were.
      const auto& before = results_[i].yml;
      const auto& after = result.yml;
      if (before.models.size() != after.models.size() || !before.sources.empty() || !after.sources.empty())
        return false;
      for (std::size_t k = 0; k < after.models.size(); ++k) {
        auto owner = entry_of_.find(after.models[k].name);
        if (after.models[k].name != before.models[k].name || owner == entry_of_.end() ||
            owner->second != std::make_pair(i, k) || !sql_of_.count(after.models[k].name))
          return false;
      }
    }
    fresh.emplace_back(i, std::move(result));
  }

  for (auto& [i, result] : fresh) {
    results_[i] = std::move(result);
    if (files_[i].is_sql) {
      const std::string& name = results_[i].model.model.name;
      auto entry = entry_of_.find(name);
      results_[i].model.yml =
          entry == entry_of_.end() ? nullptr : &results_[entry->second.first].yml.models[entry->second.second];
      models.push_back(name);
      continue;
    }
    auto& entries = results_[i].yml.models;
    for (auto& entry : entries) {
      results_[sql_of_.at(entry.name)].model.yml = &entry;
      models.push_back(entry.name);
    }
  }
  std::sort(models.begin(), models.end());
  models.erase(std::unique(models.begin(), models.end()), models.end());

  // Each model merged again; one that became enabled or disabled changes
  // the set of models: read whole.
  for (const std::string& name : models) {
    PendingModel& pending = results_[sql_of_.at(name)].model;
    DbtModel merged = pending.model;
    const bool enabled = finish_model(pending, merged, true);
    auto it = std::lower_bound(project_.models.begin(), project_.models.end(), name,
                               [](const DbtModel& m, const std::string& n) { return m.name < n; });
    const bool present = it != project_.models.end() && it->name == name;
    if (enabled != present) return false;
    if (!enabled) continue;
    normalize_model(merged);
    *it = std::move(merged);
  }
  return true;
}

}  // namespace floe::dbt
