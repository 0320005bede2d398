// `floe run` and `floe test`: the data team's runtime commands over
// floe_product_run (floe/run.h), with live progress from the run's events.
#pragma once

#include <CLI/CLI.hpp>

#include "plugins_command.hpp"
#include "terminal.hpp"

namespace floe::cli {

void add_run_commands(CLI::App& app, const GlobalOptions& global, const Terminal& term);

}  // namespace floe::cli
