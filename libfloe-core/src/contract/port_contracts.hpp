// The ODCS contracts a data product's output ports name: floe.yaml's
// `output_ports[].contract: contracts/x.odcs.yaml` (relative to floe.yaml).
// Ports with floe's inline shorthand (`contract: {columns: [...]}`) keep
// their shorthand and are not loaded here.
#pragma once

#include <string>
#include <vector>

#include "config/located_document.hpp"
#include "contract/data_contract.hpp"
#include "diag/diagnostic.hpp"

namespace floe {

struct PortContract {
  std::string port;   // output port name
  std::string table;  // the port's table (a dbt model)
  std::string file;   // the contract file, as floe reads it (joined with floe.yaml's directory)
  SourceLocation port_where;      // output_ports[i].table in floe.yaml
  SourceLocation reference_where; // output_ports[i].contract in floe.yaml
  DataContract contract;
};

// The ports whose `contract` names an ODCS file, in floe.yaml's order, their
// contracts not loaded yet.
std::vector<PortContract> port_contract_entries(const LocatedDocument& product, const std::string& product_dir);

// Loads each port's contract, on every core; false when one of them has an
// error (all are still loaded, so every problem is reported, in port order).
bool load_port_contract_files(std::vector<PortContract>& ports, Diagnostics& diags);

// Both: every port's ODCS contract, loaded.
bool load_port_contracts(const LocatedDocument& product, const std::string& product_dir, std::vector<PortContract>& out,
                         Diagnostics& diags);

}  // namespace floe
