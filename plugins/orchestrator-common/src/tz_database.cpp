#include "tz_database.hpp"

#include <sys/stat.h>

#include <cstdlib>
#include <sstream>

#include "base/input_file.hpp"

namespace floe::orchestrator_common {

bool is_tz_database_zone(const std::string& name) {
  // Area/Location names only: no path tricks, no "localtime" or "posixrules".
  if (name.empty() || name.front() == '/' || name.find("..") != std::string::npos) return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '/' ||
          c == '-' || c == '+'))
      return false;
  if (name == "localtime" || name == "posixrules" || name == "Factory") return false;
  const char* tzdir = std::getenv("TZDIR");
  std::string dir = tzdir != nullptr && *tzdir != '\0' ? tzdir : "/usr/share/zoneinfo";
  struct stat info {};
  if (::stat(dir.c_str(), &info) != 0) return true;
  auto magic = read_input_head(dir + "/" + name, 4);
  return magic && *magic == "TZif";  // a zone, not zone1970.tab
}

int cron_field_count(const std::string& cron) {
  std::istringstream fields(cron);
  std::string field;
  int count = 0;
  while (fields >> field) ++count;
  return count;
}

}  // namespace floe::orchestrator_common
