// `floe plugins ...`: list, info, doctor, call, compose, manifest.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "terminal.hpp"

namespace floe::cli {

struct GlobalOptions {
  std::vector<std::string> plugin_paths;  // --plugin-path, searched first
  bool verbose = false;
};

// Registers the subcommands; the returned callback state lives in `app`.
void add_plugins_command(CLI::App& app, const GlobalOptions& global, const Terminal& term);

}  // namespace floe::cli
