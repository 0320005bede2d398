// `floe iceberg ls | show | expire`: a product's Iceberg tables over
// floe_table_run (floe/tables.h). Printing only: the library compiles the
// product, opens its platform's catalog plugin and does the work.
#pragma once

#include <CLI/CLI.hpp>

#include "plugins_command.hpp"
#include "terminal.hpp"

namespace floe::cli {

void add_iceberg_commands(CLI::App& app, const GlobalOptions& global, const Terminal& term);

}  // namespace floe::cli
