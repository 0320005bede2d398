// The secret references only a secrets plugin resolves, resolved through the
// one the platform selects (plugins.secrets: env, file, vault, ...), opened
// the first time a run needs it: {secret_ref: NAME} is the key NAME,
// {k8s: {name, key}} the key "name/key" (a mounted Secret's file), {vault:
// {path, key}} the key "path#key". docs/plugins/secrets.md.
#pragma once

#include "run/run_context.hpp"
#include "run/tool_environment.hpp"

namespace floe::run {

// The key a secrets plugin is asked for; "" when `reference` is not of a
// plugin's kind.
std::string plugin_secret_key(const boost::json::value& reference);

// A resolver over the run's registry; the plugin instance lives in the
// registry (closed with it).
PluginSecretResolver plugin_secret_resolver(RunContext& ctx);

}  // namespace floe::run
