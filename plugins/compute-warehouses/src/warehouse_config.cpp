#include "warehouse_config.hpp"

#include <algorithm>
#include <cstdlib>

#include "floe/plugin.hpp"
#include "warehouse_presets.hpp"
#include "warehouse_request.hpp"

namespace floe::compute_warehouses {

void invalid_config(std::string_view key, std::string_view problem) {
  throw floe::sdk::error(FLOE_ERR_INVALID_CONFIG, "key '" + std::string(key) + "': " + std::string(problem));
}

config_reader::config_reader(const boost::json::value& value, std::string prefix,
                             std::initializer_list<std::string_view> known)
    : prefix_(std::move(prefix)) {
  std::string where = prefix_.empty() ? "" : prefix_.substr(0, prefix_.size() - 1);
  if (!value.is_object()) {
    if (where.empty()) throw floe::sdk::error(FLOE_ERR_INVALID_CONFIG, "the configuration must be an object");
    invalid_config(where, "expected an object");
  }
  object_ = &value.get_object();
  for (const auto& [key, item] : *object_)
    if (std::find(known.begin(), known.end(), std::string_view(key)) == known.end())
      invalid_config(path(key), "unknown key; accepted: " + joined_names(known));
}

const boost::json::value* config_reader::find(std::string_view key) const {
  auto it = object_->find(key);
  return it == object_->end() || it->value().is_null() ? nullptr : &it->value();
}

bool config_reader::has(std::string_view key) const { return find(key) != nullptr; }

std::optional<std::string> config_reader::optional_string(std::string_view key) const {
  const boost::json::value* value = find(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) invalid_config(path(key), "expected a string");
  if (value->get_string().empty()) invalid_config(path(key), "must not be empty");
  return std::string(value->get_string());
}

std::string config_reader::required_string(std::string_view key) const {
  auto text = optional_string(key);
  if (!text) invalid_config(path(key), "is required");
  return *text;
}

std::string config_reader::string_or_env(std::string_view key, std::string_view variable,
                                         std::vector<std::string>& from_env) const {
  if (auto text = optional_string(key)) return *text;
  from_env.emplace_back(variable);
  return env_placeholder(variable);
}

std::string env_placeholder(std::string_view variable) { return "{{ env_var('" + std::string(variable) + "') }}"; }

std::string expand_env_placeholders(const std::string& text, std::vector<std::string>& missing) {
  static constexpr std::string_view open = "{{ env_var('";
  static constexpr std::string_view close = "') }}";
  std::string out;
  std::size_t at = 0;
  while (true) {
    std::size_t start = text.find(open, at);
    std::size_t end = start == std::string::npos ? start : text.find(close, start + open.size());
    if (end == std::string::npos) break;
    std::string name = text.substr(start + open.size(), end - start - open.size());
    out += text.substr(at, start - at);
    if (const char* value = std::getenv(name.c_str()); value != nullptr && *value != '\0')
      out += value;
    else
      missing.push_back(name);
    at = end + close.size();
  }
  return out + text.substr(at);
}

std::optional<std::string> config_reader::optional_choice(std::string_view key,
                                                          std::initializer_list<std::string_view> allowed) const {
  auto text = optional_string(key);
  if (!text || std::find(allowed.begin(), allowed.end(), *text) != allowed.end()) return text;
  invalid_config(path(key), "'" + *text + "' is not one of " + joined_names(allowed));
}

std::optional<std::int64_t> config_reader::optional_int(std::string_view key, std::int64_t min,
                                                        std::int64_t max) const {
  const boost::json::value* value = find(key);
  if (value == nullptr) return std::nullopt;
  // to_number accepts 4 and 4.0 (both integers to JSON Schema), not 4.5.
  boost::system::error_code ec;
  std::int64_t number = value->is_number() ? value->to_number<std::int64_t>(ec) : 0;
  if (!value->is_number() || ec || number < min || number > max)
    invalid_config(path(key), "expected an integer from " + std::to_string(min) + " to " + std::to_string(max));
  return number;
}

std::optional<bool> config_reader::optional_bool(std::string_view key) const {
  const boost::json::value* value = find(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_bool()) invalid_config(path(key), "expected true or false");
  return value->get_bool();
}

std::optional<boost::json::object> config_reader::optional_scalar_map(std::string_view key) const {
  const boost::json::value* value = find(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_object()) invalid_config(path(key), "expected an object of names to values");
  for (const auto& [name, item] : value->get_object())
    if (!item.is_string() && !item.is_number() && !item.is_bool())
      invalid_config(path(key) + "." + std::string(name), "expected a string, number or boolean");
  return value->get_object();
}

common_settings read_common_settings(const config_reader& root) {
  common_settings settings;
  if (auto name = root.optional_string("preset")) {
    const warehouse_preset* preset = find_warehouse_preset(*name);
    if (preset == nullptr)
      invalid_config("preset", "unknown preset '" + *name + "'; valid presets: " + warehouse_preset_names());
    settings.threads = preset->dbt_threads;
    settings.preset = std::move(*name);
  }
  if (auto threads = root.optional_int("threads", 1, 64)) settings.threads = *threads;
  settings.check_timeout =
      std::chrono::milliseconds(root.optional_int("timeout_ms", 1, 600000).value_or(default_timeout_ms));
  return settings;
}

}  // namespace floe::compute_warehouses
