// floe platform publish|pull, floe init, floe artifact sign|verify|keygen,
// floe cache ls|prune: argument parsing and printing over floe_artifact_run()
// (floe/artifacts.h).
#pragma once

#include <CLI/CLI.hpp>

#include "plugins_command.hpp"
#include "terminal.hpp"

namespace floe::cli {

// Expects add_platform_commands to have created the `platform` command.
void add_artifact_commands(CLI::App& app, const GlobalOptions& global, const Terminal& term);

}  // namespace floe::cli
