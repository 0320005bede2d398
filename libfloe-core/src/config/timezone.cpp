#include "config/timezone.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace floe {

std::string zoneinfo_dir() {
  const char* tzdir = std::getenv("TZDIR");
  return tzdir != nullptr && *tzdir != '\0' ? std::string(tzdir) : std::string("/usr/share/zoneinfo");
}

bool is_known_timezone(const std::string& name) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path dir = zoneinfo_dir();
  if (!fs::is_directory(dir, ec)) return true;
  // Names are relative paths of plain components: nothing that escapes the database.
  if (name.empty() || name.front() == '/' || name.find("..") != std::string::npos) return false;
  fs::path file = dir / name;
  if (!fs::is_regular_file(file, ec)) return false;
  std::ifstream in(file, std::ios::binary);
  char magic[4] = {};
  in.read(magic, 4);
  return in.gcount() == 4 && std::string(magic, 4) == "TZif";
}

const std::vector<std::string>& known_timezone_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out{"UTC"};
    std::ifstream in(zoneinfo_dir() + "/zone1970.tab");
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line[0] == '#') continue;
      std::istringstream fields(line);
      std::string codes, coordinates, zone;
      if (fields >> codes >> coordinates >> zone) out.push_back(zone);
    }
    return out;
  }();
  return names;
}

}  // namespace floe
