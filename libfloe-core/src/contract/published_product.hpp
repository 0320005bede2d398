// A data product as published (`floe product publish`): product.json — its
// name, version, domain, who may consume it, its output ports and its own
// input ports — and one ODCS contract per output port under contracts/.
// What consumers' compiles read from the registry (ADR-0038: cross-domain
// dependencies are tracked through data contracts).
#pragma once

#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <vector>

#include "contract/data_contract.hpp"
#include "diag/diagnostic.hpp"

namespace floe {

struct PublishedPort {
  std::string name, table;
  std::string contract_file;  // relative to the product's directory: contracts/<port>.odcs.yaml
  DataContract contract;
};

// A column an input port's dbt source declares: what the consumer reads of
// the producer's port (and what K121 held to the contract).
struct PublishedColumn {
  std::string name;
  std::string data_type;  // the source's `data_type:`, "" when not declared
};

struct PublishedInput {
  std::string name, product, port, version;
  // nullopt when not recorded: the port names no source, or product.json was
  // written before floe recorded them (a producer then assumes every column).
  std::optional<std::vector<PublishedColumn>> columns = std::nullopt;
};

// Where the producer's platform puts its tables: an Iceberg catalog (the
// plugin type and its warehouse) and the product's namespace there (custom
// schemas go to <namespace>_<schema>). What a consumer's floe run reads an
// input port from (docs/contracts.md#input-ports-at-run-time).
struct PublishedLake {
  std::string catalog, warehouse, namespace_name;
};

struct PublishedProduct {
  std::string name, version, domain, owner;
  std::optional<PublishedLake> lake;  // nullopt: its platform selects no catalog
  std::vector<std::string> allowed_consumers;  // domains, "*" = any; empty = its own domain only
  std::vector<PublishedPort> ports;
  std::vector<PublishedInput> inputs;
  std::string reference;  // where it was pulled from, with its digest ("" when read locally)

  const PublishedPort* find_port(const std::string& port) const;
  bool allows(const std::string& consumer_domain) const;
};

// product.json of a product (ports[].contract names the files written beside it).
boost::json::value published_product_json(const PublishedProduct& p);

// Reads <dir>/product.json and every contract it names; problems located at `from`.
bool read_published_product(const std::string& dir, PublishedProduct& out, const SourceLocation& from, Diagnostics& diags);

}  // namespace floe
