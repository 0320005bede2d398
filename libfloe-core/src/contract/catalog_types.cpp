#include "contract/catalog_types.hpp"

#include <boost/json.hpp>

#include <cctype>
#include <filesystem>

#include "base/input_file.hpp"

namespace floe {

CatalogTypes read_catalog_types(const std::string& project_dir) {
  CatalogTypes out;
  std::string path = (std::filesystem::path(project_dir) / "target" / "catalog.json").string();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return out;
  auto text = read_input_file(path, InputRules{input_limits::kDbtCatalog});
  if (!text) return out;
  boost::system::error_code parse_error;
  boost::json::value doc = boost::json::parse(*text, parse_error);
  if (parse_error || !doc.is_object()) return out;
  const auto* nodes = doc.get_object().if_contains("nodes");
  if (nodes == nullptr || !nodes->is_object()) return out;
  for (const auto& [unique_id, node] : nodes->get_object()) {
    std::string id(unique_id);
    if (id.rfind("model.", 0) != 0 || !node.is_object()) continue;
    std::string model = id.substr(id.rfind('.') + 1);
    const auto* columns = node.get_object().if_contains("columns");
    if (columns == nullptr || !columns->is_object()) continue;
    auto& types = out[model];
    for (const auto& [name, column] : columns->get_object()) {
      std::string lower;
      for (char c : std::string(name)) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (const auto* type = column.is_object() ? column.get_object().if_contains("type") : nullptr; type && type->is_string())
        types[lower] = std::string(type->get_string());
    }
  }
  return out;
}

}  // namespace floe
