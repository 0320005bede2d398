// A product's input ports at compile time (ADR-0038: a product belongs to one
// domain; what it reads from another product goes through that product's
// published contract). Each port names a producer and one of its output
// ports, a version range, and the dbt source reading it. The producer's
// published contract set is fetched (pinned in floe.lock), and the port is
// refused when the producer or a matching version is not published or lacks
// the port (K120), when the consumer's domain may not read it (K122), when
// the dbt source relies on columns the contract does not promise (K121), or
// when products depend on each other in a cycle (K123, naming the chain).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "config/located_document.hpp"
#include "contract/published_product.hpp"
#include "dbt/dbt_project.hpp"
#include "diag/compile_report.hpp"

namespace floe {

// The producer `product` names (a product name, looked up in the consumer's
// input_registry, or an oci:// / oci-layout: reference) at the highest
// published version in `range`; nullopt after a diagnostic (K120) saying why.
using ProductFetcher = std::function<std::optional<PublishedProduct>(const std::string& product, const std::string& range,
                                                                     const SourceLocation& from, Diagnostics& diags)>;

// An input port that resolved: the producer's version it reads and where
// that version's platform keeps the port's table (what floe run reads).
struct ResolvedInput {
  std::string name, product, version, port, table, source;
  std::string project;    // the dbt project declaring `source` ("" when the port names none)
  std::string reference;  // where the producer was pulled from, with its digest
  std::optional<PublishedLake> lake;
};

// Checks every input_ports entry of `product`; lines go to `stage`. Returns
// the ports that resolved.
std::vector<ResolvedInput> check_input_ports(const LocatedDocument& product, const std::vector<const dbt::DbtProject*>& projects,
                                             const ProductFetcher& fetch, Stage& stage, Diagnostics& diags);

// compiled_artifacts.json's ports.resolved_inputs.
boost::json::value resolved_inputs_json(const std::vector<ResolvedInput>& inputs);

// The input_ports of `product` as product.json records them, each with the
// columns its dbt source declares (the source check_input_ports holds to the
// contract; no columns recorded when the port names none or it is not found).
std::vector<PublishedInput> published_inputs(const LocatedDocument& product, const std::vector<const dbt::DbtProject*>& projects);

}  // namespace floe
