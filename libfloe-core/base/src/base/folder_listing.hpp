// One folder's entries as readdir gives them, for the walks that run on every
// command (the dbt project walk, plugin discovery).
#pragma once

#include <dirent.h>
#include <sys/stat.h>

#include <string>
#include <string_view>
#include <vector>

namespace floe {

// The entries of a folder sorted by name (the order floe reports in,
// whatever the file system's), each with the type the listing gives (DT_DIR,
// DT_REG, DT_LNK, ...; DT_UNKNOWN on file systems that do not say), and the
// folder kept open so an entry can be looked at relative to it.
//
// Why not std::filesystem: a path object per entry, and a stat per entry to
// learn its type, were a tenth of `floe plugins list` and a fifth of a
// 1,000-model project walk; a stat by full path also walks every component
// of the path again.
class FolderListing {
 public:
  struct Entry {
    std::string name;
    unsigned char type;  // DT_*
  };
  enum class Hidden { listed, skipped };  // names starting with '.' ("." and ".." are never listed)

  // No entries when `dir` is not a folder that can be read.
  explicit FolderListing(const std::string& dir, Hidden hidden = Hidden::listed);
  ~FolderListing();
  FolderListing(const FolderListing&) = delete;
  FolderListing& operator=(const FolderListing&) = delete;

  // Ascending by name (byte order).
  const std::vector<Entry>& entries() const { return entries_; }

  // The errno of opening or reading the folder (EACCES for a folder without
  // read permission), 0 when it was listed whole.
  int error() const { return error_; }

  // Whether `name` is listed as a regular file (false for DT_UNKNOWN: the
  // caller looks then).
  bool listed_regular(std::string_view name) const;

  // lstat of an entry, relative to the open folder; false when it is gone.
  bool lstat(const std::string& name, struct stat& st) const;

 private:
  DIR* dir_ = nullptr;
  std::vector<Entry> entries_;
  int error_ = 0;
};

}  // namespace floe
