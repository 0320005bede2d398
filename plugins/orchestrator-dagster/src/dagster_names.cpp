#include "dagster_names.hpp"

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

}  // namespace floe::orchestrator_dagster
