// floe compile, validate, explain, schema, contract, platform compile, platform test:
// argument parsing and printing over floe_compile_run() (floe/compile.h).
#pragma once

#include <CLI/CLI.hpp>

#include "plugins_command.hpp"
#include "terminal.hpp"

namespace floe::cli {

// All of them, in the order `floe --help` lists them: the three parts below.
void add_compile_commands(CLI::App& app, const GlobalOptions& global, const Terminal& term);
// floe compile, validate, explain, schema: the four below.
void add_product_compile_commands(CLI::App& app, const GlobalOptions& global, const Terminal& term);
void add_product_compile_command(CLI::App& app, const GlobalOptions& global, const Terminal& term);
void add_product_validate_command(CLI::App& app, const GlobalOptions& global, const Terminal& term);
void add_explain_command(CLI::App& app, const GlobalOptions& global, const Terminal& term);
void add_schema_command(CLI::App& app, const GlobalOptions& global, const Terminal& term);
// floe contract init | diff | lint (`contract test` is a run command).
void add_contract_group(CLI::App& app, const GlobalOptions& global, const Terminal& term);
// floe platform compile | status | deploy | test (publish and pull are artifact commands).
void add_platform_commands(CLI::App& app, const GlobalOptions& global, const Terminal& term);

}  // namespace floe::cli
