#include "base/yaml_expansion.hpp"

#include <yaml-cpp/yaml.h>

#include <vector>

namespace floe {

bool yaml_expands_within(const YAML::Node& root, std::size_t max_values) {
  std::vector<YAML::Node> pending{root};
  std::size_t seen = 0;
  while (!pending.empty()) {
    YAML::Node node = pending.back();
    pending.pop_back();
    if (++seen > max_values) return false;
    if (node.IsSequence()) {
      for (const auto& item : node) pending.push_back(item);
    } else if (node.IsMap()) {
      for (const auto& pair : node) {
        pending.push_back(pair.first);
        pending.push_back(pair.second);
      }
    }
    // The pending list holds at most the children of the nodes on the
    // current path, and every push is counted when popped: it cannot grow
    // past max_values plus one node's children.
    if (pending.size() > max_values) return false;
  }
  return true;
}

}  // namespace floe
