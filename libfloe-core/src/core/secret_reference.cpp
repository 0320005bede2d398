#include "core/secret_reference.hpp"

#include "core/json_path.hpp"

namespace floe {

std::string host_secret_reference(const boost::json::value& reference) {
  if (!reference.is_object()) return {};
  if (auto env = string_at(reference, {"env"}); !env.empty()) return "env:" + env;
  if (auto file = string_at(reference, {"file"}); !file.empty()) return "file:" + file;
  return {};
}

}  // namespace floe
