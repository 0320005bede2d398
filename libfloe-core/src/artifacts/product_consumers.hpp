// The consumers of a product in the registry it is published to (issue 16):
// `floe product publish` lists the other repositories there (the layouts
// beside it, or the registry's /v2/_catalog under the same prefix), reads the
// latest published product.json of each through the verified cache, and
// keeps the input ports that read the product being published. A breaking
// contract change that touches a column such a consumer reads, when the
// consumer's version range takes the new version, is FLOE-K113 naming the
// consumer and the column; a registry that cannot be listed or a product
// there that cannot be read is a FLOE-K114 warning naming it.
#pragma once

#include <string>
#include <vector>

#include "artifacts/artifact_options.hpp"
#include "contract/contract_diff.hpp"
#include "contract/published_product.hpp"
#include "diag/compile_report.hpp"

namespace floe::oci {

struct ProductConsumer {
  PublishedProduct product;  // its latest published version
  PublishedInput input;      // its input port reading the producer
};

// A breaking change between the last published version and this one, on one
// output port of the last published version (a removed port: kind
// "port_removed").
struct PortChange {
  std::string port;
  ContractChange change;
};

// The input ports of other products in the registry that read `producer`
// (by name, or by a reference to `producer_repository`), from each product's
// latest published version. One stage line per consumer; K114 warnings at
// `from` for what cannot be read.
std::vector<ProductConsumer> find_consumers(const Reference& producer_repository, const std::string& producer,
                                            const ArtifactOptions& options, const SourceLocation& from, Stage& stage,
                                            Diagnostics& diags);

// Holds `breaking` (the changes from `previous` to `published`) to the
// consumers: K113 for each change touching what a consumer whose range takes
// published.version reads; an info line for each consumer whose range
// excludes it. `port_removed_at` locates changes that have no line in a
// contract (a removed output port).
void check_consumers(const std::vector<ProductConsumer>& consumers, const PublishedProduct& previous,
                     const PublishedProduct& published, const std::vector<PortChange>& breaking,
                     const SourceLocation& port_removed_at, Stage& stage, Diagnostics& diags);

}  // namespace floe::oci
