// Where floe looks for plugins. Each root holds one entry-point directory per
// category (floe.computes/, floe.catalogs/, ...). Order is precedence: the
// first root that provides a (category, name) wins.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace floe {

enum class RootSource { extra, env, virtualenv, user, prefix, system };

const char* root_source_name(RootSource source);

struct SearchRoot {
  std::string path;
  RootSource source;
  bool exists = false;
};

// Reads an environment variable; injectable for tests.
using EnvLookup = std::function<std::optional<std::string>(const char* name)>;
EnvLookup process_environment();

// The roots, in order: `extra` (':'-separated, from the API/CLI), then those
// enabled by `flags` (FLOE_SEARCH_*): FLOE_PLUGIN_PATH, $VIRTUAL_ENV/lib/floe/plugins,
// ${XDG_DATA_HOME:-$HOME/.local/share}/floe/plugins, <libfloe-core's dir>/floe/plugins,
// /usr/lib/floe/plugins. Empty entries are ignored; a directory listed twice
// is kept once, at its first position.
std::vector<SearchRoot> search_roots(uint32_t flags, const std::string& extra, const EnvLookup& env);

// The directory libfloe-core was loaded from (for the prefix root).
std::string library_directory();

}  // namespace floe
