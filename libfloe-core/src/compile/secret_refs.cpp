#include "compile/secret_refs.hpp"

#include <fmt/format.h>

#include <cctype>

namespace floe {
namespace {

std::string env_name(const std::string& s) {
  std::string out;
  for (char c : s) out += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : '_';
  return out;
}

std::string field(const boost::json::object& o, const char* k) {
  auto* v = o.if_contains(k);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

std::string secret_env_var(const std::string& key_name, const boost::json::object& ref) {
  if (auto s = field(ref, "secret_ref"); !s.empty()) return "FLOE_SECRET_" + env_name(s);
  if (auto s = field(ref, "env"); !s.empty()) return s;
  if (auto* k8s = ref.if_contains("k8s"); k8s && k8s->is_object())
    return fmt::format("FLOE_SECRET_{}_{}", env_name(field(k8s->as_object(), "name")),
                       env_name(field(k8s->as_object(), "key")));
  if (ref.contains("vault")) return "FLOE_SECRET_VAULT_" + env_name(key_name);
  if (ref.contains("file")) return "FLOE_SECRET_FILE_" + env_name(key_name);
  return "FLOE_SECRET_" + env_name(key_name);
}

std::string env_var_placeholder(const std::string& variable) { return fmt::format("{{{{ env_var('{}') }}}}", variable); }

}  // namespace floe
