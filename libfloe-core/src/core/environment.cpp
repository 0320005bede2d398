#include "core/environment.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace floe {

std::string environment_value(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? std::string(value) : std::string();
}

bool environment_flag(const char* name) {
  std::string v = environment_value(name);
  std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return v == "true" || v == "1" || v == "yes";
}

}  // namespace floe
