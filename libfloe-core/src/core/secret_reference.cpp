#include "core/secret_reference.hpp"

#include "core/json_path.hpp"

namespace floe {

std::string host_secret_reference(const boost::json::value& reference) {
  if (!reference.is_object()) return {};
  if (auto env = string_at(reference, {"env"}); !env.empty()) return "env:" + env;
  if (auto file = string_at(reference, {"file"}); !file.empty()) return "file:" + file;
  return {};
}

boost::json::object selection_secret_references(const boost::json::value& selection) {
  boost::json::object out;
  const boost::json::value* secrets = find_path(selection, {"secrets"});
  if (secrets == nullptr || !secrets->is_object()) return out;
  for (const auto& [key, secret] : secrets->as_object()) {
    const boost::json::value* reference = find_path(secret, {"reference"});
    if (std::string ref = reference != nullptr ? host_secret_reference(*reference) : ""; !ref.empty()) out[key] = ref;
  }
  return out;
}

}  // namespace floe
