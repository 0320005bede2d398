// floe migrate: the current format (manifest.yaml / floe.yaml) of a file in
// an older one, over floe_compile_run() (floe/compile.h, operation migrate).
#pragma once

#include <CLI/CLI.hpp>

#include "terminal.hpp"

namespace floe::cli {

void add_migrate_command(CLI::App& app, const Terminal& term);

}  // namespace floe::cli
