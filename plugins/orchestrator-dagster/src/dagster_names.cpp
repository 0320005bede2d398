#include "dagster_names.hpp"

#include <sys/stat.h>

#include <fstream>

namespace floe::orchestrator_dagster {

std::string dagster_name(const std::string& text) {
  std::string out;
  for (char c : text) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    out.push_back(keep ? static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c) : '_');
  }
  return out;
}

product_names names_of(const std::string& domain, const std::string& product) {
  product_names n;
  if (!domain.empty()) n.asset_prefix.push_back(dagster_name(domain));
  n.asset_prefix.push_back(dagster_name(product));
  for (const auto& part : n.asset_prefix) n.group += (n.group.empty() ? "" : "__") + part;
  return n;
}

std::string dagster_owner(const std::string& owner) {
  if (owner.find('@') != std::string::npos) return owner;
  return "team:" + dagster_name(owner);
}

bool is_iana_timezone(const std::string& name) {
  // Area/Location names only: no path tricks, no "localtime" or "posixrules".
  if (name.empty() || name.front() == '/' || name.find("..") != std::string::npos) return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '/' ||
          c == '-' || c == '+'))
      return false;
  if (name == "localtime" || name == "posixrules" || name == "Factory") return false;
  // Without a tz database here nothing can be checked: Dagster checks when it loads.
  struct stat info {};
  if (::stat("/usr/share/zoneinfo", &info) != 0) return true;
  std::ifstream in("/usr/share/zoneinfo/" + name, std::ios::binary);
  char magic[4] = {};
  in.read(magic, 4);
  return in.gcount() == 4 && std::string(magic, 4) == "TZif";  // a zone, not zone1970.tab
}

}  // namespace floe::orchestrator_dagster
