#include "contract/port_contracts.hpp"

#include <boost/json.hpp>

#include <filesystem>

namespace floe {

bool load_port_contracts(const LocatedDocument& product, const std::string& product_dir, std::vector<PortContract>& out,
                         Diagnostics& diags) {
  bool ok = true;
  if (!product.root.is_object()) return ok;
  const boost::json::value* ports = product.root.get_object().if_contains("output_ports");
  if (ports == nullptr || !ports->is_array()) return ok;
  for (std::size_t i = 0; i < ports->get_array().size(); ++i) {
    const boost::json::value& port = ports->get_array()[i];
    if (!port.is_object()) continue;
    const boost::json::value* contract = port.get_object().if_contains("contract");
    if (contract == nullptr || !contract->is_string()) continue;
    std::string base = index_path("output_ports", i);
    PortContract pc;
    if (const auto* name = port.get_object().if_contains("name"); name && name->is_string()) pc.port = std::string(name->get_string());
    if (const auto* table = port.get_object().if_contains("table"); table && table->is_string())
      pc.table = std::string(table->get_string());
    std::filesystem::path path(std::string(contract->get_string()));
    pc.file = path.is_absolute() || product_dir.empty() || product_dir == "."
                  ? path.lexically_normal().string()
                  : (std::filesystem::path(product_dir) / path).lexically_normal().string();
    pc.port_where = product.at(join_path(base, "table"));
    pc.reference_where = product.at(join_path(base, "contract"));
    ok = load_contract(pc.file, pc.contract, diags) && ok;
    out.push_back(std::move(pc));
  }
  return ok;
}

}  // namespace floe
