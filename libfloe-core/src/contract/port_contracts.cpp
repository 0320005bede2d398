#include "contract/port_contracts.hpp"

#include <boost/json.hpp>

#include <string_view>

#include "base/on_cores.hpp"
#include "base/paths.hpp"

namespace floe {

namespace {

struct Loading {
  bool ok = true;
  Diagnostics diags;
};

// Contracts are independent files, like a dbt project's: a product with 100
// contracted ports reads them on every core, each into its own slot, and
// reports them in floe.yaml's order.
void load_all(std::vector<PortContract>& ports, std::vector<Loading>& results) {
  for_each_on_cores(ports.size(), 8, [&](std::size_t i) {
    results[i].ok = load_contract(ports[i].file, ports[i].contract, results[i].diags);
  });
}

}  // namespace

std::vector<PortContract> port_contract_entries(const LocatedDocument& product, const std::string& product_dir) {
  std::vector<PortContract> found;
  if (!product.root.is_object()) return found;
  const boost::json::value* ports = product.root.get_object().if_contains("output_ports");
  if (ports == nullptr || !ports->is_array()) return found;
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
    const std::string_view path = contract->get_string();
    pc.file = path.starts_with('/') || product_dir.empty() || product_dir == "."
                  ? lexically_normal_string(path)
                  : joined_normal_path(product_dir, path);
    pc.port_where = product.at(join_path(base, "table"));
    pc.reference_where = product.at(join_path(base, "contract"));
    found.push_back(std::move(pc));
  }
  return found;
}

bool load_port_contract_files(std::vector<PortContract>& ports, Diagnostics& diags) {
  std::vector<Loading> results(ports.size());
  load_all(ports, results);
  bool ok = true;
  for (const auto& r : results) {
    ok = r.ok && ok;
    diags.append(r.diags);
  }
  return ok;
}

bool load_port_contracts(const LocatedDocument& product, const std::string& product_dir, std::vector<PortContract>& out,
                         Diagnostics& diags) {
  std::vector<PortContract> found = port_contract_entries(product, product_dir);
  bool ok = load_port_contract_files(found, diags);
  for (auto& pc : found) out.push_back(std::move(pc));
  return ok;
}

}  // namespace floe
