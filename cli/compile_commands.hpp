// floe compile, validate, explain, schema, platform compile, platform test:
// argument parsing and printing over floe_compile_run() (floe/compile.h).
#pragma once

#include <CLI/CLI.hpp>

#include "plugins_command.hpp"
#include "terminal.hpp"

namespace floe::cli {

void add_compile_commands(CLI::App& app, const GlobalOptions& global, const Terminal& term);

}  // namespace floe::cli
