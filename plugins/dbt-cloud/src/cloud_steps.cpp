#include "cloud_steps.hpp"

namespace floe::dbt_cloud {

std::string shell_word(const std::string& word) {
  bool safe = !word.empty() && word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                      "0123456789_-+./:@=,") == std::string::npos;
  if (safe) return word;
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\"'\"'") : std::string(1, c);
  return out + "'";
}

std::string cloud_step(const dbt_common::DbtCall& call) {
  std::string step = "dbt";
  for (const auto& word : dbt_common::dbt_node_arguments(call)) step += " " + shell_word(word);
  return step;
}

}  // namespace floe::dbt_cloud
