// Where a key floe asks for lives in Infisical: a folder of the project's
// environment and a secret's name in it. floe's reference kinds map onto
// Infisical's folders (docs/plugins/secrets.md):
//   "NAME"               {secret_ref: NAME}        NAME in secret_path
//   "name/key"           {k8s: {name, key}}        key in the folder
//   secret_path/name ("/a/key": in /a)
//   "/folder/path#NAME"  {vault: {path, key}}      NAME in /folder/path (a
//   relative path is under secret_path)
#pragma once

#include <string>

namespace floe::secrets_infisical {

struct SecretLocation {
  std::string folder;  // absolute, "/" or "/a/b"
  std::string name;
};

// Throws FLOE_ERR_INVALID_ARGUMENT naming the key when it is none of the
// shapes above or leaves the folder tree ("..", empty segments, '?', '%').
SecretLocation locate(const std::string& key, const std::string& secret_path);

// A folder path ("/", "/a/b", "a/b/") with no "." or ".." segment, no empty
// segment inside and no character an URL or Infisical would read otherwise.
bool safe_folder(const std::string& path);
// A secret's name: no '/', '#', '?', '%', '\\', space or control character.
bool safe_name(const std::string& name);
// `relative` under `base` ("/a" + "b/" -> "/a/b"); an absolute `relative` is
// itself.
std::string join_folder(const std::string& base, const std::string& relative);

}  // namespace floe::secrets_infisical
