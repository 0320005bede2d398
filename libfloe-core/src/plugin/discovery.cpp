#include "plugin/discovery.hpp"

#include <fmt/format.h>

#include <dirent.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <system_error>

#include "base/folder_listing.hpp"
#include "base/paths.hpp"
#include "plugin/category_table.hpp"

namespace fs = std::filesystem;

namespace floe {
namespace {

constexpr std::string_view kManifestSuffix = ".plugin.json";

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

struct Scanner {
  Discovery& d;
  std::set<std::string> manifest_libraries;  // libraries some manifest names (not orphans)

  void problem(std::string path, std::string category, std::string name, std::string kind, std::string severity,
               std::string message) {
    d.problems.push_back(Problem{std::move(path), std::move(category), std::move(name), std::move(kind),
                                 std::move(severity), std::move(message)});
  }

  // `listing`: the entries of the manifest's folder.
  void scan_manifest(const SearchRoot& root, const CategoryInfo& category, const std::string& dir,
                     const FolderListing& listing, const FolderListing::Entry& entry) {
    const std::string file = joined_normal_path(dir, entry.name);
    auto parsed = read_plugin_manifest(file, entry.type == DT_REG);
    if (!parsed) {
      problem(file, category.name, "", "manifest_invalid", "error", parsed.error().message);
      return;
    }
    PluginManifest& m = parsed.value();
    manifest_libraries.insert(m.library);
    if (m.category != category.name) {
      problem(m.file, m.category, m.name, "category_mismatch", "error",
              fmt::format("{}: manifest declares category '{}' but sits in {}/ (the directory of '{}' plugins); "
                          "move it to {}/ or correct its category",
                          m.file, m.category, category.group, category.name,
                          category_by_name(m.category) ? category_by_name(m.category)->group : "the right group"));
      return;
    }
    if (std::string why = abi_incompatibility(m.abi_version); !why.empty()) {
      problem(m.file, m.category, m.name, "incompatible_abi", "error",
              fmt::format("{}: {}/{} {}; rebuild it against this floe SDK", m.file, m.category, m.name, why));
      return;
    }
    if (std::string why = host_too_old(m.min_host_abi); !why.empty()) {
      problem(m.file, m.category, m.name, "incompatible_abi", "error",
              fmt::format("{}: {}/{} {}; upgrade floe, or install a release of the plugin made for this one", m.file,
                          m.category, m.name, why));
      return;
    }
    // A library beside its manifest (the usual case) is known from the listing.
    const bool beside = m.library.size() > dir.size() && m.library.compare(0, dir.size(), dir) == 0 &&
                        m.library[dir.size()] == '/' && m.library.find('/', dir.size() + 1) == std::string::npos;
    std::error_code ec;
    if (!(beside && listing.listed_regular(std::string_view(m.library).substr(dir.size() + 1))) &&
        !fs::is_regular_file(m.library, ec)) {
      problem(m.file, m.category, m.name, "library_missing", "error",
              fmt::format("{}: library '{}' does not exist", m.file, m.library));
      return;
    }
    add_candidate(root, std::move(m));
  }

  void add_candidate(const SearchRoot& root, PluginManifest m) {
    auto conflict = std::find_if(d.conflicts.begin(), d.conflicts.end(),
                                 [&](const auto& c) { return c.category == m.category && c.name == m.name; });
    if (conflict != d.conflicts.end()) {
      conflict->files.push_back(m.file);
      problem(m.file, m.category, m.name, "duplicate", "error",
              fmt::format("{}: {}/{} is provided more than once in {}; remove all but one", m.file, m.category,
                          m.name, root.path));
      return;
    }
    for (auto it = d.plugins.begin(); it != d.plugins.end(); ++it) {
      if (it->manifest.category != m.category || it->manifest.name != m.name) continue;
      if (it->root == &root) {
        problem(m.file, m.category, m.name, "duplicate", "error",
                fmt::format("{}/{} is provided twice in {}: {} and {}; remove one (neither is used until then)",
                            m.category, m.name, root.path, it->manifest.file, m.file));
        d.conflicts.push_back({m.category, m.name, {it->manifest.file, m.file}});
        d.plugins.erase(it);
      } else {
        problem(m.file, m.category, m.name, "shadowed", "warning",
                fmt::format("{}: {}/{} is shadowed by {} (earlier root {} wins)", m.file, m.category, m.name,
                            it->manifest.file, it->root->path));
      }
      return;
    }
    d.plugins.push_back(DiscoveredPlugin{std::move(m), &root});
  }

  void scan_group(const SearchRoot& root, const CategoryInfo& category) {
    const std::string dir = joined_normal_path(root.path, category.group);
    const FolderListing listing(dir);
    std::vector<std::string> libraries;
    for (const auto& entry : listing.entries()) {
      const std::string& name = entry.name;
      if (ends_with(name, kManifestSuffix))
        scan_manifest(root, category, dir, listing, entry);
      else if (ends_with(name, ".so") || name.find(".so.") != std::string::npos)
        libraries.push_back(joined_normal_path(dir, name));
    }
    for (const auto& lib : libraries) {
      if (manifest_libraries.count(lib)) continue;
      problem(lib, category.name, "", "no_manifest", "warning",
              fmt::format("{}: library without a manifest is ignored; write one with "
                          "`floe plugins manifest {} --category {} --output <name>.plugin.json`",
                          lib, lib, category.name));
    }
  }
};

}  // namespace

Discovery discover(std::vector<SearchRoot> roots, const std::vector<std::string>& categories) {
  Discovery d;
  d.roots = std::move(roots);
  Scanner scanner{d, {}};
  auto wanted = [&](const CategoryInfo& c) {
    return categories.empty() || std::find(categories.begin(), categories.end(), c.name) != categories.end();
  };
  for (const auto& root : d.roots) {
    if (!root.exists) continue;
    for (const auto& category : all_categories())
      if (wanted(category)) scanner.scan_group(root, category);
  }
  return d;
}

const DiscoveredPlugin* find_discovered(const Discovery& d, const std::string& category, const std::string& name) {
  for (const auto& p : d.plugins)
    if (p.manifest.category == category && p.manifest.name == name) return &p;
  return nullptr;
}

std::string not_found_message(const Discovery& d, const std::string& category, const std::string& name) {
  const CategoryInfo* info = category_by_name(category);
  if (info == nullptr)
    return fmt::format("unknown plugin category '{}'; expected one of: {}", category, category_names());
  std::string msg = fmt::format("plugin {}/{} not found. Searched, in order:", category, name);
  if (d.roots.empty()) msg += "\n  (no search roots: set FLOE_PLUGIN_PATH)";
  for (const auto& root : d.roots) {
    msg += fmt::format("\n  {} ({}): ", root.path, root_source_name(root.source));
    std::error_code ec;
    if (!root.exists) {
      msg += "does not exist";
      continue;
    }
    if (!fs::is_directory(fs::path(root.path) / info->group, ec)) {
      msg += fmt::format("no {}/ directory", info->group);
      continue;
    }
    std::vector<std::string> names;
    for (const auto& p : d.plugins)
      if (p.root == &root && p.manifest.category == category) names.push_back(p.manifest.name);
    msg += names.empty() ? fmt::format("{}/ has no usable {} plugins", info->group, category)
                         : fmt::format("{}/ has {}", info->group, fmt::join(names, ", "));
  }
  bool header = false;
  for (const auto& p : d.problems) {
    if (p.category != category || (!p.name.empty() && p.name != name)) continue;
    if (!header) msg += "\nSkipped candidates:";
    header = true;
    msg += fmt::format("\n  [{}] {}", p.kind, p.message);
  }
  msg += "\nInstall the plugin into one of these roots or add its root to FLOE_PLUGIN_PATH; "
         "`floe plugins doctor` shows everything found.";
  return msg;
}

}  // namespace floe
