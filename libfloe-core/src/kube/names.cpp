#include "kube/names.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

namespace floe {

namespace {

std::uint32_t fnv1a(const std::string& text) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : text) {
    h ^= c;
    h *= 16777619u;
  }
  return h;
}

}  // namespace

std::string k8s_label_name(const std::string& text) {
  std::string out;
  for (char c : text) {
    char l = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9')) out += l;
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  if (out.size() > 63) {
    out.resize(54);
    while (!out.empty() && out.back() == '-') out.pop_back();
    out += fmt::format("-{:08x}", fnv1a(text));
  }
  return out;
}

std::string K8sNameTable::add(const std::string& original, const std::string& origin) {
  std::string name = k8s_label_name(original);
  std::string entry = origin.empty() ? fmt::format("'{}'", original) : fmt::format("'{}' ({})", original, origin);
  auto& list = seen_[name];
  if (std::find(list.begin(), list.end(), entry) == list.end()) list.push_back(entry);
  return name;
}

std::vector<K8sNameTable::Collision> K8sNameTable::collisions() const {
  std::vector<Collision> out;
  for (const auto& [name, originals] : seen_)
    if (originals.size() > 1) out.push_back({name, originals});
  return out;
}

}  // namespace floe
