// The edit loop (floe run --changed, docs/run.md#the-edit-loop): the last
// successful full run of a product keeps each dbt project's manifest.json in
// target/floe_state/; a --changed run selects dbt's state:modified+ against
// it, so only the nodes whose SQL, config or upstream changed since then are
// built and tested. Without such a run, everything runs.
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

#include "run/run_context.hpp"

namespace floe::run {

// The state directory of `project` when the request asks for --changed and
// an earlier successful run left one; nullopt otherwise.
std::optional<std::string> changed_state(const RunContext& ctx, const boost::json::object& project);

// `select` narrowed to what changed: state:modified+, intersected with each
// selector given ("state:modified+,<selector>").
std::vector<std::string> changed_selection(const std::vector<std::string>& select);

// After a successful run that built everything it was asked to (no
// --select or --exclude): each project's target/manifest.json becomes its
// state. False (with the reason in `problem`) when a file cannot be written.
bool keep_changed_state(const RunContext& ctx, const std::vector<boost::json::object>& projects, std::string& problem);

}  // namespace floe::run
