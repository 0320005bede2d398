// ProjectSession: a dbt project read from its files and kept, with what
// parsing each file gave, so that after an edit only the files that changed
// are read again and only their models merged again (the edit loop of
// `floe validate --watch`, issue 36). Whatever it cannot patch with
// certainty (a file added or removed, dbt_project.yml, a file with a
// problem, properties moved between models, sources) it reads whole again,
// as read_dbt_project would: the project it holds is always the one
// read_dbt_project would read from the files now (tested against it).
//
// It never reads target/manifest.json: an edit makes the manifest stale.
#pragma once

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "dbt/dbt_project.hpp"
#include "dbt/project_file.hpp"
#include "dbt/project_files.hpp"
#include "diag/diagnostic.hpp"

namespace floe::dbt {

class ProjectSession {
 public:
  // What an update changed.
  struct Change {
    bool whole = false;               // read whole again: any model may differ, models may come and go
    std::vector<std::string> models;  // otherwise: the models merged again (sorted, unique)
  };

  // Reads the project at `dir` (as read_dbt_project from the files, with the
  // parse cache `cache`). False as read_dbt_project.
  bool open(const std::string& dir, const ParseCacheOptions& cache);
  // After the files at `changed` (paths relative to the project directory,
  // generic separators: "models/a.sql") were written, created or removed.
  Change update(const std::vector<std::string>& changed);

  const DbtProject& project() const { return project_; }
  // The last read's diagnostics (an update that patches leaves them: it
  // patches only when the changed files had none and have none).
  const Diagnostics& diagnostics() const { return diags_; }
  bool ok() const { return ok_; }

 private:
  Change read_whole();
  bool patch(const std::vector<std::string>& changed, std::vector<std::string>& models);

  std::string dir_;
  ParseCacheOptions cache_;
  ProjectFile file_;
  std::vector<ProjectFileEntry> files_;
  std::vector<FileResult> results_;
  std::unordered_map<std::string, std::size_t> file_at_;                         // relative path -> files_ index
  std::unordered_map<std::string, std::size_t> sql_of_;                          // model -> its .sql's index
  std::unordered_map<std::string, std::pair<std::size_t, std::size_t>> entry_of_;  // model -> (.yml index, entry)
  DbtProject project_;
  Diagnostics diags_;
  bool ok_ = false;
  bool patchable_ = false;  // the kept results are the project's (its read had no problem)
};

}  // namespace floe::dbt
