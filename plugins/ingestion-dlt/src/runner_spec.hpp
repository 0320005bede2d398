// What the runner is told (the spec file it reads), and the mapping of a
// floe contract onto dlt's schema contract and column hints that it
// carries. The mapping table is in the plugin README; keep them equal.
#ifndef FLOE_INGESTION_DLT_RUNNER_SPEC_HPP
#define FLOE_INGESTION_DLT_RUNNER_SPEC_HPP

#include <boost/json.hpp>

#include <string>
#include <vector>

#include "pipeline_definition.hpp"
#include "run_request.hpp"

namespace floe::ingestion_dlt {

// dlt's schema_contract: tables always evolve (the first load creates the
// table); columns and data types per the definition's resolved mode, except
// that quarantine gives dlt freeze: the runner has already moved every bad
// row aside, so anything dlt still finds is a conflict with the table as
// it exists, and must fail rather than drop rows silently.
boost::json::object dlt_schema_contract(const pipeline_definition& definition);

// dlt column hints from the contract's columns: the data type, and
// nullable as declared, except under warn, where every column is nullable
// (a null that breaks the contract is loaded, with a warning).
boost::json::object dlt_column_hints(const pipeline_definition& definition);

// The whole spec (runner/run_dlt.py reads it); nothing secret is in it.
boost::json::object runner_spec(const pipeline_definition& definition, const run_request& request,
                                const std::vector<std::string>& files, const std::string& scratch_dir);

}  // namespace floe::ingestion_dlt

#endif  // FLOE_INGESTION_DLT_RUNNER_SPEC_HPP
