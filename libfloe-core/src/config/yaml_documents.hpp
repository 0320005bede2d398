// How many YAML documents a text holds, found without yaml-cpp's LoadAll:
// yaml-cpp 0.7 (Debian 12's) loops forever in LoadAll, allocating a null
// document per turn, when a document starts with a token its parser does
// not consume (a ',' outside [] or {}: jbeder/yaml-cpp#1040, fixed upstream
// by #1319 in 2024). The fuzzer found it with a one-line manifest.
#pragma once

#include <yaml-cpp/mark.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace floe {

struct YamlDocuments {
  std::vector<YAML::Mark> starts;  // where each document's first node is
  // Set when the parser stopped advancing: where, and the character there.
  std::optional<YAML::Mark> stuck_at;
  char stuck_on = '\0';
};

// Throws YAML::Exception for a syntax error, as yaml-cpp's own loaders do.
YamlDocuments count_yaml_documents(std::string_view text);

}  // namespace floe
