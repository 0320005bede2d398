#include "warehouse_secret.hpp"

#include <cctype>

#include "floe/plugin.hpp"

namespace floe::compute_warehouses {
namespace {

std::string upper(std::string_view text) {
  std::string result(text);
  for (char& c : result) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return result;
}

[[noreturn]] void not_a_reference(const std::string& key) {
  // The value is deliberately not repeated: it may be the secret itself.
  invalid_config(key,
                 "expected a secret reference (env:NAME, file:/absolute/path, {env: "
                 "NAME} or {file: /absolute/path}), "
                 "not a value; secret values never belong in the configuration");
}

}  // namespace

std::optional<secret_reference> optional_secret(const config_reader& reader, std::string_view key) {
  const boost::json::value* value = reader.find(key);
  if (value == nullptr) return std::nullopt;
  std::string text;
  if (value->is_string()) {
    text = std::string(value->get_string());
  } else if (value->is_object() && value->get_object().size() == 1) {
    // The manifest's form: {env: NAME} or {file: /path}.
    const auto& [kind, target] = *value->get_object().begin();
    if ((kind == "env" || kind == "file") && target.is_string())
      text = std::string(kind) + ":" + std::string(target.get_string());
  }
  auto reference = compute_duckdb::parse_secret_reference(text);
  if (!reference) not_a_reference(reader.path(key));
  return reference;
}

secret_reference required_secret(const config_reader& reader, std::string_view key, std::string_view needed_by) {
  auto reference = optional_secret(reader, key);
  if (!reference) invalid_config(reader.path(key), "is required by " + std::string(needed_by));
  return *reference;
}

std::string secret_file_path(const secret_reference& reference, std::string_view key) {
  if (reference.from != secret_reference::source::file)
    invalid_config(key,
                   "the adapter reads this from a file: give "
                   "file:/absolute/path (or {file: /absolute/path}), not '" +
                       reference.text + "'");
  return reference.target;
}

profile_secrets::profile_secrets(std::string_view engine) : engine_(upper(engine)) {}

std::string profile_secrets::placeholder(const secret_reference& reference, std::string_view field,
                                         std::string_view filter) {
  std::string name = reference.from == secret_reference::source::environment
                         ? reference.target
                         : "DBT_ENV_SECRET_" + engine_ + "_" + upper(field);
  auto [it, inserted] = env_.emplace(name, reference.text);
  if (!inserted && it->value().as_string() != reference.text)
    throw floe::sdk::error(FLOE_ERR_INVALID_CONFIG, "key '" + std::string(field) + "': variable '" + name +
                                                        "' would be set from two different references");
  std::string expression = "env_var('" + name + "')";
  if (!filter.empty()) expression += " | " + std::string(filter);
  return "{{ " + expression + " }}";
}

}  // namespace floe::compute_warehouses
