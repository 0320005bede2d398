#include "plugin/plugin_manifest.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "base/json_text.hpp"
#include "base/input_file.hpp"
#include "base/paths.hpp"
#include "plugin/category_table.hpp"

namespace fs = std::filesystem;

namespace floe {

bool parse_abi_version(const std::string& text, uint32_t& out) {
  unsigned parts[3] = {0, 0, 0};
  int index = 0;
  bool digit_seen = false;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      parts[index] = parts[index] * 10 + static_cast<unsigned>(c - '0');
      if (parts[index] > 999) return false;
      digit_seen = true;
    } else if (c == '.' && digit_seen && index < 2) {
      ++index;
      digit_seen = false;
    } else {
      return false;
    }
  }
  if (!digit_seen || index != 2) return false;
  out = FLOE_MAKE_VERSION(parts[0], parts[1], parts[2]);
  return true;
}

std::string format_abi_version(uint32_t version) {
  return fmt::format("{}.{}.{}", FLOE_VERSION_MAJOR_OF(version), FLOE_VERSION_MINOR_OF(version),
                     FLOE_VERSION_PATCH_OF(version));
}

std::string abi_incompatibility(uint32_t plugin_abi) {
  if (FLOE_VERSION_MAJOR_OF(plugin_abi) == FLOE_ABI_VERSION_MAJOR &&
      FLOE_VERSION_MINOR_OF(plugin_abi) <= FLOE_ABI_VERSION_MINOR)
    return {};
  return fmt::format("built for floe ABI {}; this host loads ABI {}.x up to {}", format_abi_version(plugin_abi),
                     FLOE_ABI_VERSION_MAJOR, format_abi_version(FLOE_ABI_VERSION));
}

std::string host_too_old(uint32_t min_host_abi) {
  if (min_host_abi <= FLOE_ABI_VERSION) return {};
  return fmt::format("needs a floe host with ABI {} or newer (its min_host_abi); this host has ABI {}",
                     format_abi_version(min_host_abi), format_abi_version(FLOE_ABI_VERSION));
}

bool valid_plugin_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (i > 0 && (c == '_' || c == '-'));
    if (!ok) return false;
  }
  return true;
}

namespace {

// Collects every problem of a manifest instead of stopping at the first.
struct Checker {
  const boost::json::object& doc;
  std::vector<std::string> problems;

  std::string string_field(const char* key, bool required) {
    auto it = doc.find(key);
    if (it == doc.end()) {
      if (required) problems.push_back(fmt::format("missing required key '{}'", key));
      return {};
    }
    if (!it->value().is_string()) {
      problems.push_back(fmt::format("key '{}': expected a string, got {}", key, json_type_name(it->value())));
      return {};
    }
    return std::string(it->value().get_string());
  }

  std::vector<std::string> string_list(const char* key) {
    std::vector<std::string> out;
    auto it = doc.find(key);
    if (it == doc.end() || it->value().is_null()) return out;
    if (!it->value().is_array()) {
      problems.push_back(fmt::format("key '{}': expected an array of strings", key));
      return out;
    }
    for (const auto& v : it->value().get_array()) {
      if (!v.is_string()) {
        problems.push_back(fmt::format("key '{}': every entry must be a string", key));
        continue;
      }
      out.emplace_back(v.get_string());
    }
    return out;
  }
};

}  // namespace

Result<PluginManifest> read_plugin_manifest(const std::string& path, bool listed_regular) {
  auto parsed = read_json_file(path, input_limits::kConfigFile, listed_regular);
  if (!parsed) return std::move(parsed).error();
  if (!parsed->is_object())
    return make_error(FLOE_ERR_INVALID_ARGUMENT, fmt::format("{}: a plugin manifest must be a JSON object", path));
  Checker check{parsed->get_object(), {}};
  const auto& doc = check.doc;

  auto mv = doc.find("manifest_version");
  if (mv == doc.end() || !mv->value().is_int64()) {
    check.problems.push_back("missing integer key 'manifest_version' (expected 1)");
  } else if (mv->value().get_int64() != kPluginManifestVersion) {
    check.problems.push_back(fmt::format("manifest_version {} is not supported; this floe reads version {}",
                                         mv->value().get_int64(), kPluginManifestVersion));
  }

  PluginManifest m;
  std::error_code ec;
  // Discovery passes absolute paths; string normalisation is a tenth of
  // std::filesystem's cost, and `floe plugins list` reads every manifest.
  m.file = path.starts_with('/') ? lexically_normal_string(path) : fs::absolute(path, ec).lexically_normal().string();
  m.name = check.string_field("name", true);
  if (!m.name.empty() && !valid_plugin_name(m.name))
    check.problems.push_back(
        fmt::format("name '{}' is not valid: use lowercase letters, digits, '_' and '-' (first a letter or digit)",
                    m.name));
  m.category = check.string_field("category", true);
  if (!m.category.empty() && category_by_name(m.category) == nullptr)
    check.problems.push_back(fmt::format("category '{}' is unknown; expected one of: {}", m.category, category_names()));
  m.version = check.string_field("version", true);
  std::string abi = check.string_field("abi_version", true);
  if (!abi.empty() && !parse_abi_version(abi, m.abi_version))
    check.problems.push_back(fmt::format("abi_version '{}' is not MAJOR.MINOR.PATCH", abi));
  std::string library = check.string_field("library", true);
  if (!library.empty()) {
    // Relative to the manifest's directory (m.file is absolute and normal).
    std::size_t slash = m.file.rfind('/');
    m.library = slash == std::string::npos
                    ? lexically_normal_string(library)
                    : joined_normal_path(slash == 0 ? std::string_view("/") : std::string_view(m.file).substr(0, slash),
                                         library);
  }
  m.entrypoint = check.string_field("entrypoint", false);
  if (m.entrypoint.empty()) m.entrypoint = FLOE_PLUGIN_INIT_SYMBOL;
  m.description = check.string_field("description", false);
  m.capabilities = check.string_list("capabilities");
  m.requirements = check.string_list("requirements");
  if (auto it = doc.find("isolation"); it != doc.end()) {
    std::string isolation = check.string_field("isolation", false);
    if (isolation == "process" || isolation == "in-process")
      m.isolation = isolation;
    else if (it->value().is_string())
      check.problems.push_back(
          fmt::format("isolation '{}' is not understood; expected 'in-process' or 'process'", isolation));
  }
  if (auto it = doc.find("call_timeout_ms"); it != doc.end()) {
    const auto& v = it->value();
    if (!v.is_int64() || v.get_int64() < 1 || v.get_int64() > kMaxCallTimeoutMs)
      check.problems.push_back(
          fmt::format("key 'call_timeout_ms': expected an integer number of milliseconds from 1 to {}", kMaxCallTimeoutMs));
    else
      m.call_timeout_ms = static_cast<uint32_t>(v.get_int64());
  }
  std::string min_host = check.string_field("min_host_abi", false);
  if (!min_host.empty() && !parse_abi_version(min_host, m.min_host_abi))
    check.problems.push_back(fmt::format("min_host_abi '{}' is not MAJOR.MINOR.PATCH", min_host));

  if (!check.problems.empty()) {
    std::string message = fmt::format("{}: invalid plugin manifest:", path);
    boost::json::array list;
    for (const auto& p : check.problems) {
      message += "\n  - " + p;
      list.emplace_back(p);
    }
    return make_error(FLOE_ERR_INVALID_ARGUMENT, message, {{"problems", list}});
  }
  return m;
}

boost::json::object manifest_document(const floe_plugin_descriptor& d, uint32_t min_host_abi,
                                      const std::string& category, const std::string& library,
                                      const std::string& entrypoint) {
  auto list = [](const char* const* items) {
    boost::json::array out;
    for (; items != nullptr && *items != nullptr; ++items) out.emplace_back(*items);
    return out;
  };
  boost::json::object doc;
  doc["manifest_version"] = kPluginManifestVersion;
  doc["name"] = d.name != nullptr ? d.name : "";
  doc["category"] = category;
  doc["version"] = d.version != nullptr ? d.version : "";
  doc["abi_version"] = format_abi_version(d.abi_version);
  if (min_host_abi != 0) doc["min_host_abi"] = format_abi_version(min_host_abi);
  doc["library"] = library;
  if (entrypoint != FLOE_PLUGIN_INIT_SYMBOL) doc["entrypoint"] = entrypoint;
  doc["description"] = d.description != nullptr ? d.description : "";
  doc["capabilities"] = list(d.capabilities);
  doc["requirements"] = list(d.requirements);
  return doc;
}

}  // namespace floe
