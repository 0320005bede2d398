// Kubernetes names for floe's products, domains and platforms. Kubernetes
// accepts lower-case letters, digits and '-', at most 63, alphanumeric at
// both ends (an RFC 1123 label); floe's names allow '_' and upper case. The
// normalisation is stable and documented (docs/deploy.md#names): lower-case,
// every run of other characters becomes one '-', the ends are trimmed, and a
// name longer than 63 keeps 54 characters plus '-' and 8 hex digits of the
// original's FNV-1a hash, so two long names stay apart.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace floe {

std::string k8s_label_name(const std::string& text);

// Remembers which original names became which Kubernetes name, so that two
// originals that normalise to one name are found (the deploy refuses them,
// naming both).
class K8sNameTable {
 public:
  // The normalised name; records `origin` (a file, a plugin) for the message.
  std::string add(const std::string& original, const std::string& origin);
  struct Collision {
    std::string name;
    std::vector<std::string> originals;  // "'customer_360' (products/a/floe.yaml)"
  };
  std::vector<Collision> collisions() const;

 private:
  std::map<std::string, std::vector<std::string>> seen_;
};

}  // namespace floe
