#include "duckdb_config.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "floe/plugin.hpp"
#include "resource_presets.hpp"
#include "sql_text.hpp"

namespace floe::compute_duckdb {
namespace {

using floe::sdk::error;

[[noreturn]] void invalid_config(std::string_view key, std::string_view problem) {
  throw error(FLOE_ERR_INVALID_CONFIG, "key '" + std::string(key) + "': " + std::string(problem));
}

std::string require_string(const boost::json::value& value, std::string_view key) {
  if (!value.is_string()) invalid_config(key, "expected a string");
  return std::string(value.get_string());
}

std::int64_t require_int(const boost::json::value& value, std::string_view key, std::int64_t min,
                         std::int64_t max) {
  // to_number accepts 4 and 4.0 (both integers to JSON Schema) and refuses
  // 4.5 or values beyond int64.
  boost::system::error_code ec;
  std::int64_t number = value.is_number() ? value.to_number<std::int64_t>(ec) : 0;
  if (!value.is_number() || ec || number < min || number > max)
    invalid_config(key, "expected an integer from " + std::to_string(min) + " to " + std::to_string(max) + ", got " +
                            boost::json::serialize(value));
  return number;
}

std::string checked_path(const boost::json::value& value, std::string_view key) {
  std::string path = require_string(value, key);
  if (path.empty()) invalid_config(key, "must not be empty");
  if (has_parent_segment(path)) invalid_config(key, "must not contain '..' segments, got '" + path + "'");
  return path;
}

std::vector<std::string> parse_extensions(const boost::json::value& value) {
  if (!value.is_array()) invalid_config("extensions", "expected an array of extension names");
  std::set<std::string> names;
  for (const auto& item : value.get_array()) {
    std::string name = require_string(item, "extensions");
    // DuckDB extension names are lower-case words; anything else would be
    // interpolated into INSTALL/LOAD statements by dbt-duckdb.
    bool valid = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
      return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_';
    });
    if (!valid) invalid_config("extensions", "'" + name + "' is not an extension name (lower-case letters, digits, _)");
    names.insert(std::move(name));
  }
  return {names.begin(), names.end()};
}

void parse_settings(const boost::json::value& value, duckdb_config& config) {
  if (!value.is_object()) invalid_config("settings", "expected an object of DuckDB options");
  for (const auto& [name_view, setting] : value.get_object()) {
    std::string name(name_view);
    std::string key = "settings." + name;
    // dbt-duckdb runs `SET <name> = '<value>'` with the name unquoted.
    if (!is_sql_identifier(name)) invalid_config(key, "is not a DuckDB option name (letters, digits, _)");
    if (name == "memory_limit") {
      std::string limit = require_string(setting, key);
      if (!is_valid_memory_limit(limit))
        invalid_config(key, "'" + limit + "' is not a memory size above zero such as 4GB or 512MiB");
      config.settings[name] = boost::json::string(limit);
    } else if (name == "access_mode") {
      std::string mode = require_string(setting, key);
      if (mode != "automatic" && mode != "read_only" && mode != "read_write")
        invalid_config(key, "must be one of automatic, read_only, read_write, got '" + mode + "'");
      config.access_mode = std::move(mode);
    } else if (setting.is_string()) {
      // dbt-duckdb before 1.10 quotes the value without escaping it.
      if (setting.get_string().find('\'') != boost::json::string::npos)
        invalid_config(key, "must not contain a single quote");
      config.settings[name] = setting;
    } else if (setting.is_number() || setting.is_bool()) {
      config.settings[name] = setting;
    } else {
      invalid_config(key, "expected a string, number or boolean");
    }
  }
}

// Fills what the preset sizes and the configuration left open.
void apply_preset(const resource_preset& preset, bool threads_given, duckdb_config& config) {
  if (!threads_given) config.threads = preset.duckdb_threads;
  config.settings.try_emplace("threads", preset.duckdb_threads);
  config.settings.try_emplace("memory_limit", boost::json::string(preset.duckdb_memory_limit));
}

}  // namespace

bool has_parent_segment(std::string_view path) {
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (path.substr(start, end - start) == "..") return true;
    start = end + 1;
  }
  return false;
}

bool is_valid_memory_limit(std::string_view text) {
  std::size_t i = 0;
  auto digits = [&] {
    std::size_t from = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    return text.substr(from, i - from);
  };
  std::string_view whole = digits();
  if (whole.empty()) return false;
  bool above_zero = whole.find_first_not_of('0') != std::string_view::npos;
  if (i < text.size() && text[i] == '.') {
    ++i;
    std::string_view fraction = digits();
    if (fraction.empty()) return false;
    above_zero = above_zero || fraction.find_first_not_of('0') != std::string_view::npos;
  }
  if (i < text.size() && text[i] == ' ') ++i;
  std::string unit;
  for (; i < text.size(); ++i) unit += static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
  static const std::set<std::string, std::less<>> units = {"kb", "mb", "gb", "tb", "kib", "mib", "gib", "tib"};
  return above_zero && units.contains(unit);
}

bool is_remote_path(std::string_view path) {
  if (path.starts_with("md:") || path.starts_with("motherduck:")) return true;
  std::size_t scheme_end = path.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) return false;
  return std::all_of(path.begin(), path.begin() + static_cast<std::ptrdiff_t>(scheme_end), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '.' || c == '-';
  });
}

std::string main_database_name(std::string_view path) {
  if (path == in_memory_path) return "memory";
  std::string_view base = path.substr(path.find_last_of('/') + 1);
  // DuckDB names the database after the first non-empty dot-separated part
  // of the file name (".hidden.duckdb" -> "hidden").
  std::size_t start = base.find_first_not_of('.');
  if (start == std::string_view::npos) return std::string(base);
  std::string_view rest = base.substr(start);
  return std::string(rest.substr(0, rest.find('.')));
}

duckdb_config parse_duckdb_config(const boost::json::object& object) {
  static const std::set<std::string, std::less<>> known_keys = {
      "path", "threads", "timeout_seconds", "extensions", "settings", "preset", "external_root", "lake_writer"};
  for (const auto& [key, value] : object) {
    if (!known_keys.contains(key))
      throw error(FLOE_ERR_INVALID_CONFIG,
                  "unknown key '" + std::string(key) +
                      "'; accepted keys: path, threads, timeout_seconds, extensions, settings, preset, external_root, "
                      "lake_writer");
  }

  duckdb_config config;
  auto present = [&](std::string_view key) -> const boost::json::value* {
    auto it = object.find(key);
    return it == object.end() || it->value().is_null() ? nullptr : &it->value();
  };

  config.path = present("path") ? checked_path(*present("path"), "path") : std::string(in_memory_path);
  if (auto v = present("threads")) config.threads = require_int(*v, "threads", 1, 64);
  if (auto v = present("timeout_seconds")) config.timeout_seconds = require_int(*v, "timeout_seconds", 1, 86400);
  if (auto v = present("extensions")) config.extensions = parse_extensions(*v);
  if (auto v = present("settings")) parse_settings(*v, config);
  if (auto v = present("external_root")) config.external_root = checked_path(*v, "external_root");
  if (auto v = present("lake_writer")) {
    config.lake_writer = require_string(*v, "lake_writer");
    if (config.lake_writer != "floe" && config.lake_writer != "duckdb")
      invalid_config("lake_writer", "expected floe or duckdb, got '" + config.lake_writer + "'");
  }
  if (auto v = present("preset")) {
    std::string name = require_string(*v, "preset");
    const resource_preset* preset = find_resource_preset(name);
    if (preset == nullptr)
      invalid_config("preset", "unknown preset '" + name + "'; valid presets: " + resource_preset_names());
    apply_preset(*preset, present("threads") != nullptr, config);
    config.preset = std::move(name);
  }
  // DuckDB refuses this combination when it opens the database.
  if (config.in_memory() && config.read_only())
    invalid_config("settings.access_mode", "read_only cannot be used with an in-memory database (path ':memory:')");
  return config;
}

}  // namespace floe::compute_duckdb
