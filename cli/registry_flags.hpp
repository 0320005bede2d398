// Command-line settings for commands that reach registries (publish, pull,
// init, sign, verify, and compile with oci:// references): transport,
// credentials and signature checking, turned into the request JSON of
// floe/artifacts.h and floe/compile.h.
#pragma once

#include <CLI/CLI.hpp>
#include <boost/json/object.hpp>
#include <memory>
#include <string>
#include <vector>

namespace floe::cli {

struct RegistryFlags {
  bool plain_http = false, insecure = false, password_stdin = false;
  std::string ca_file, username, cache_dir, verify;
  double timeout_seconds = 0;
  std::vector<std::string> keys;
};

// Adds --plain-http, --insecure, --ca-file, --username, --password-stdin,
// --timeout and --cache-dir; with `verification`, also --verify and --key.
void add_registry_flags(CLI::App* cmd, RegistryFlags& flags, bool verification);

// Fills request["registry_options"] (and "verify"/"keys", and "deadline_ms"
// for --timeout); reads the password from stdin when asked.
void apply_registry_flags(const RegistryFlags& flags, boost::json::object& request);

// --timeout SECONDS, for every command that runs an operation: the whole
// command gives up after this long (docs/cli.md#time-and-size-limits).
void add_timeout_flag(CLI::App* cmd, double& seconds);

// request["deadline_ms"] from --timeout (nothing when it was not given).
void apply_timeout(double seconds, boost::json::object& request);

}  // namespace floe::cli
