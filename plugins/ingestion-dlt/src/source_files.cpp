#include "source_files.hpp"

#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace floe::ingestion_dlt {
namespace {

bool is_pattern(const std::string& path) { return path.find_first_of("*?[") != std::string::npos; }

// Why `path` cannot be read as a source file, or "" when it can.
std::string unusable(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return std::strerror(errno);
  if (S_ISDIR(info.st_mode)) return "it is a directory (name the files, e.g. with a glob such as dir/*.csv)";
  if (!S_ISREG(info.st_mode)) return "it is not a regular file";
  if (::access(path.c_str(), R_OK) != 0) return std::strerror(errno);
  return {};
}

}  // namespace

source_files match_source_files(const std::string& path) {
  source_files result;
  if (!is_pattern(path)) {
    if (std::string why = unusable(path); !why.empty())
      result.problem = "source file " + path + " cannot be read: " + why;
    else
      result.files.push_back(path);
    return result;
  }
  glob_t matches{};
  // Without GLOB_ERR: a directory of the pattern that is missing or
  // unreadable matches nothing, as the shell sees it.
  int status = ::glob(path.c_str(), 0, nullptr, &matches);
  if (status == 0) {
    for (std::size_t i = 0; i < matches.gl_pathc; ++i) {
      std::string file = matches.gl_pathv[i];
      struct stat info {};
      if (::stat(file.c_str(), &info) == 0 && S_ISREG(info.st_mode)) result.files.push_back(file);
    }
  }
  ::globfree(&matches);
  if (status != 0 && status != GLOB_NOMATCH)
    result.problem = "source pattern " + path + " cannot be searched (glob error " + std::to_string(status) + ")";
  else if (result.files.empty())
    result.problem = "source pattern " + path + " matches no file";
  return result;
}

}  // namespace floe::ingestion_dlt
