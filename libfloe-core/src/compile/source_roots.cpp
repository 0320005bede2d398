#include "compile/source_roots.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include <filesystem>

#include "core/json_path.hpp"
#include "diag/codes.hpp"

namespace floe {
namespace json = boost::json;
namespace fs = std::filesystem;

std::vector<std::string> landing_roots(const json::value& platform_values) {
  std::vector<std::string> roots;
  const json::value* list = find_path(platform_values, {"ingestion", "landing_roots"});
  if (list == nullptr || !list->is_array()) return roots;
  for (const auto& root : list->as_array()) {
    if (!root.is_string()) continue;
    std::string normal = fs::path(std::string(root.as_string())).lexically_normal().generic_string();
    if (normal.size() > 1 && normal.back() == '/') normal.pop_back();
    if (fs::path(normal).is_absolute()) roots.push_back(std::move(normal));
  }
  return roots;
}

bool lies_under(const std::string& path, const std::string& root) {
  std::string normal = fs::path(path).lexically_normal().generic_string();
  if (root == "/") return normal.starts_with("/");
  // Component by component: /data/landing2 is not under /data/landing.
  return normal == root || (normal.size() > root.size() && normal.starts_with(root) && normal[root.size()] == '/');
}

bool check_source_roots(const LocatedDocument& product, const std::vector<std::string>& roots, Diagnostics& diags) {
  const json::value* sources = find_path(product.root, {"ingestion", "sources"});
  if (sources == nullptr || !sources->is_array()) return true;
  bool ok = true;
  for (std::size_t i = 0; i < sources->as_array().size(); ++i) {
    std::string path = string_at(sources->as_array()[i], {"path"});
    if (path.empty() || !fs::path(path).is_absolute()) continue;
    bool inside = false;
    for (const auto& root : roots) inside = inside || lies_under(path, root);
    if (inside) continue;
    ok = false;
    std::string at = fmt::format("ingestion.sources[{}].path", i);
    diags.add(make_diagnostic(
        codes::C308, "config",
        roots.empty()
            ? fmt::format("'{}' is an absolute path, outside the product's project, and the platform declares no "
                          "landing roots",
                          at)
            : fmt::format("'{}' is an absolute path under none of the platform's landing roots ({})", at,
                          fmt::join(roots, ", ")),
        product.at(at), "a path relative to the folder of floe.yaml, or under a declared landing root",
        "land the files inside the project (e.g. landing/), or ask the platform team to declare the directory in "
        "ingestion.landing_roots of the enterprise manifest"));
  }
  return ok;
}

}  // namespace floe
