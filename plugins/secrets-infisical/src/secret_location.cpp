#include "secret_location.hpp"

#include "floe/plugin.hpp"

namespace floe::secrets_infisical {

namespace {

bool plain(char c) {
  return static_cast<unsigned char>(c) > 0x20 && c != 0x7f && c != '?' && c != '#' && c != '%' && c != '\\';
}

}  // namespace

bool safe_name(const std::string& name) {
  if (name.empty()) return false;
  for (char c : name)
    if (!plain(c) || c == '/') return false;
  return true;
}

bool safe_folder(const std::string& path) {
  std::size_t start = path.empty() || path.front() != '/' ? 0 : 1;
  while (start < path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    std::string segment = path.substr(start, end - start);
    bool last = end + 1 >= path.size();  // one trailing '/' is allowed
    if ((segment.empty() && !last) || segment == "." || segment == "..") return false;
    for (char c : segment)
      if (!plain(c)) return false;
    start = end + 1;
  }
  return true;
}

std::string join_folder(const std::string& base, const std::string& relative) {
  std::string joined = !relative.empty() && relative.front() == '/' ? relative : base + "/" + relative;
  std::string out;
  for (char c : joined)
    if (c != '/' || out.empty() || out.back() != '/') out += c;  // "//" from base "/" + "x"
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out.empty() ? "/" : out;
}

SecretLocation locate(const std::string& key, const std::string& secret_path) {
  SecretLocation at;
  std::string folder;
  if (auto hash = key.find('#'); hash != std::string::npos) {
    folder = key.substr(0, hash);
    at.name = key.substr(hash + 1);
  } else if (auto slash = key.rfind('/'); slash != std::string::npos) {
    folder = key.substr(0, slash);
    at.name = key.substr(slash + 1);
  } else {
    at.name = key;
  }
  bool split_at_slash = key.find('#') == std::string::npos && !folder.empty();
  if (!safe_name(at.name) || !safe_folder(folder) || (split_at_slash && folder.back() == '/'))
    throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT,
                           "secret '" + key +
                               "': expected NAME, FOLDER/NAME or PATH#NAME, a folder without '..', '?', '%' or empty "
                               "segments and a name without '/', '#' or spaces");
  at.folder = join_folder(secret_path, folder);
  return at;
}

}  // namespace floe::secrets_infisical
