// Small facts about models and text helpers shared by the rules.
#include <fmt/format.h>
#include <fnmatch.h>

#include <algorithm>
#include <cmath>

#include "enforce/enforce_detail.hpp"

namespace floe::enforce {

RuleContext::RuleContext(const dbt::DbtProject& p, const GovernancePolicy& g, const std::vector<std::size_t>* subjects)
    : project(p), policy(g), model_index(own_index_), only(subjects) {
  own_index_.reserve(p.models.size());
  for (std::size_t i = 0; i < p.models.size(); ++i) own_index_.emplace(p.models[i].name, i);
}

RuleContext::RuleContext(const RuleContext& all, const std::vector<std::size_t>* subjects)
    : project(all.project), policy(all.policy), model_index(all.model_index), only(subjects) {}

const dbt::DbtModel* RuleContext::find_model(std::string_view name) const {
  auto it = model_index.find(name);
  return it == model_index.end() ? nullptr : &project.models[it->second];
}

std::string layer_of(std::string_view model_name, const std::string& pattern) {
  auto underscore = model_name.find('_');
  if (underscore == std::string_view::npos || underscore == 0) return {};
  std::string word(model_name.substr(0, underscore));
  if (const NamingConvention* conv = builtin_convention(pattern)) {
    for (const auto& p : conv->prefixes)
      if (p == word) return word;
    return {};
  }
  // Custom conventions name their own layers; the prefix word is the only
  // handle layer_thresholds / required_tests can key on.
  return pattern == "custom" ? word : std::string{};
}

const SourceLocation& doc_location(const dbt::DbtModel& m) { return m.yml_where.file.empty() ? m.where : m.yml_where; }

bool test_type_matches(const std::string& test_type, const std::string& required) {
  if (test_type == required) return true;
  if (required.find('.') != std::string::npos) return false;
  auto dot = test_type.rfind('.');
  return dot != std::string::npos && std::string_view(test_type).substr(dot + 1) == required;
}

bool glob_match(const std::string& pattern, const std::string& name) {
  // The usual globs ("*", "gold_*", "*_tmp", "exact") are answered without
  // fnmatch(3), which is locale-aware and costs ~100 ns a call: custom rules
  // and overrides run it for every model.
  std::size_t special = pattern.find_first_of("*?[\\");
  if (special == std::string::npos) return pattern == name;
  std::string_view p(pattern), n(name);
  if (p.find_first_of("?[\\", special) == std::string_view::npos) {
    std::size_t stars = static_cast<std::size_t>(std::count(p.begin(), p.end(), '*'));
    if (stars == 1 && p.back() == '*') return n.substr(0, p.size() - 1) == p.substr(0, p.size() - 1);
    if (stars == 1 && p.front() == '*')
      return n.size() >= p.size() - 1 && n.substr(n.size() - (p.size() - 1)) == p.substr(1);
    if (p == "*") return true;
  }
  return ::fnmatch(pattern.c_str(), name.c_str(), 0) == 0;
}

std::string join_list(const std::vector<std::string>& items, std::string_view conjunction) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) {
      if (i + 1 == items.size())
        out += fmt::format("{} {} ", items.size() > 2 ? "," : "", conjunction);
      else
        out += ", ";
    }
    out += items[i];
  }
  return out;
}

std::string set_at(const SourceLocation& where) {
  if (where.file.empty()) return {};
  if (where.line > 0) return fmt::format(" (set at {}:{})", where.file, where.line);
  return fmt::format(" (set at {})", where.file);
}

std::string format_percent(double p) {
  // One decimal at most, without a trailing ".0": thresholds read as typed.
  double rounded = std::round(p * 10.0) / 10.0;
  if (rounded == std::floor(rounded)) return fmt::format("{}", static_cast<long long>(rounded));
  return fmt::format("{:.1f}", rounded);
}

}  // namespace floe::enforce
