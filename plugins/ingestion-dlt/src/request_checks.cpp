#include "request_checks.hpp"

#include <algorithm>

#include "floe/plugin.hpp"

namespace floe::ingestion_dlt {

void invalid(std::string_view where, std::string_view key, std::string_view why) {
  throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT,
                         "key '" + std::string(where) + std::string(key) + "': " + std::string(why));
}

const boost::json::object& object_at(const boost::json::value& value, std::string_view where) {
  if (!value.is_object())
    throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT, std::string(where) + ": expected a JSON object");
  return value.get_object();
}

void refuse_unknown_keys(const boost::json::object& object, std::string_view where,
                         std::initializer_list<std::string_view> accepted) {
  for (const auto& [key, value] : object) {
    if (std::find(accepted.begin(), accepted.end(), std::string_view(key)) != accepted.end()) continue;
    std::string list;
    for (auto name : accepted) list += (list.empty() ? "" : ", ") + std::string(name);
    invalid(where, key, "unknown key; accepted keys: " + list);
  }
}

std::optional<std::string> optional_text(const boost::json::object& object, std::string_view where,
                                         std::string_view key) {
  const boost::json::value* value = object.if_contains(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) invalid(where, key, "expected a string");
  if (value->get_string().empty()) invalid(where, key, "must not be empty");
  return std::string(value->get_string());
}

std::string required_text(const boost::json::object& object, std::string_view where, std::string_view key) {
  auto text = optional_text(object, where, key);
  if (!text)
    throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT,
                           "missing required key '" + std::string(where) + std::string(key) + "'");
  return *text;
}

std::string choice(const std::string& value, std::string_view where, std::string_view key,
                   std::initializer_list<std::string_view> choices) {
  if (std::find(choices.begin(), choices.end(), std::string_view(value)) != choices.end()) return value;
  std::string list;
  for (auto name : choices) list += (list.empty() ? "" : ", ") + std::string(name);
  invalid(where, key, "'" + value + "' is not one of: " + list);
}

bool is_plain_name(std::string_view name) {
  if (name.empty() || name.size() > 63) return false;
  if (!(name[0] == '_' || (name[0] >= 'a' && name[0] <= 'z'))) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); });
}

std::string absolute_path(const boost::json::object& object, std::string_view where, std::string_view key,
                          bool required) {
  auto text = required ? std::optional<std::string>(required_text(object, where, key))
                       : optional_text(object, where, key);
  if (!text) return {};
  if (text->front() != '/') invalid(where, key, "must be an absolute path, got '" + *text + "'");
  if (text->find('\0') != std::string::npos) invalid(where, key, "must not contain NUL bytes");
  return *text;
}

}  // namespace floe::ingestion_dlt
