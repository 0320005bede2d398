#include "resolve/resolved_platform.hpp"

namespace floe {

const Provenance* ResolvedPlatform::origin_of(const std::string& path) const {
  if (auto it = provenance.find(path); it != provenance.end()) return &it->second;
  // A container: the first leaf under it.
  auto it = provenance.lower_bound(path);
  if (it != provenance.end() && it->first.compare(0, path.size(), path) == 0 && it->first.size() > path.size() &&
      (it->first[path.size()] == '.' || it->first[path.size()] == '['))
    return &it->second;
  // A leaf inside a value recorded whole: the nearest ancestor.
  std::string p = path;
  while (!p.empty()) {
    auto cut = p.find_last_of(".[");
    if (cut == std::string::npos) break;
    p.resize(cut);
    if (auto a = provenance.find(p); a != provenance.end()) return &a->second;
  }
  return nullptr;
}

boost::json::object provenance_to_json(const ResolvedPlatform& p) {
  boost::json::object out;
  for (const auto& [path, origin] : p.provenance) {
    boost::json::object o;
    o["tier"] = origin.tier;
    if (!origin.where.file.empty()) o["file"] = origin.where.file;
    if (origin.where.line > 0) o["line"] = origin.where.line;
    if (origin.where.column > 0) o["column"] = origin.where.column;
    out[path] = std::move(o);
  }
  return out;
}

}  // namespace floe
