#include "base/paths.hpp"

namespace floe {

namespace {

// True when lexically_normal would return `path` as it is (see paths.hpp).
bool already_normal(std::string_view path) {
  if (path.empty()) return true;
  std::size_t start = path.front() == '/' ? 1 : 0;
  if (start == 1 && path.size() > 1 && path[1] == '/') return false;  // "//": a root name on some systems
  while (start < path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    if (end + 1 == path.size()) return true;  // one trailing '/' stays
    start = end + 1;
  }
  return true;
}

}  // namespace

std::string lexically_normal_string(std::string_view path) {
  if (already_normal(path)) return std::string(path);
  return std::filesystem::path(path).lexically_normal().generic_string();
}

std::string joined_normal_path(std::string_view dir, std::string_view relative) {
  if (dir.empty()) return std::string(relative);
  if (!relative.empty() && relative.front() == '/') return lexically_normal_string(relative);
  if (dir.starts_with("//"))  // std::filesystem keeps the "//" of a joined path, not of a whole one
    return (std::filesystem::path(dir) / relative).lexically_normal().generic_string();
  std::string joined;
  joined.reserve(dir.size() + 1 + relative.size());
  joined.append(dir);
  if (joined.back() != '/') joined.push_back('/');  // as std::filesystem::path's operator/ does
  joined.append(relative);
  return lexically_normal_string(joined);
}

std::string join_relative(const std::string& dir, const std::string& rel) {
  namespace fs = std::filesystem;
  if (rel.empty() || rel == ".") return dir;
  if (fs::path(rel).is_absolute() || dir == ".") return fs::path(rel).lexically_normal().string();
  return (fs::path(dir) / rel).lexically_normal().string();
}

std::string symlink_below(const std::string& root, const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path base = fs::absolute(root, ec).lexically_normal();
  const fs::path rel = fs::absolute(path, ec).lexically_normal().lexically_relative(base);
  if (rel.empty() || *rel.begin() == "..") return "";
  fs::path at = base;
  for (const auto& part : rel) {
    if (part == ".") continue;
    at /= part;
    auto status = fs::symlink_status(at, ec);
    if (ec || !fs::exists(status)) return "";  // nothing below a missing component
    if (fs::is_symlink(status)) return at.generic_string();
  }
  return "";
}

}  // namespace floe
