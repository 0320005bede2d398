// The data team's contract commands (docs/contracts.md): `floe contract init
// PORT` writes the ODCS contract of an output port from the dbt model behind
// it; `floe contract diff OLD NEW` classifies every change between two
// contract versions; `floe contract lint FILE...` validates contracts.
#pragma once

#include <boost/json/value.hpp>

#include <string>
#include <vector>

#include "diag/compile_report.hpp"
#include "resolve/platform_source.hpp"

namespace floe {

struct ContractInitRequest {
  std::string product_path = "floe.yaml";
  std::string port;    // an output port of the product
  std::string output;  // "" = contracts/<port>.odcs.yaml beside floe.yaml; "-" = only in the result
  bool force = false;  // replace an existing file
  PlatformSourceOptions sources;  // the platform's classification rules (when it resolves)
};

// result: {"port", "table", "file" (or null), "contract": <the document>, "yaml": <its text>}
CompileReport contract_init(const ContractInitRequest& request, boost::json::value& result);

struct ContractDiffRequest {
  std::string old_path, new_path;
};

// result: contract_changes_to_json plus {"old", "new"} (the two files).
CompileReport contract_diff(const ContractDiffRequest& request, boost::json::value& result);

// result: {"contracts": [{"file", "valid", "id", "version"}]}
CompileReport contract_lint(const std::vector<std::string>& paths, boost::json::value& result);

}  // namespace floe
