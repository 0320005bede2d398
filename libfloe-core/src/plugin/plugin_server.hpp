// The helper side of isolation: floe-plugin-host loads one plugin with the
// same loader and checks as in-process, and serves floe's requests on its
// pipes (helper_protocol.hpp) until floe closes them or goes away.
#pragma once

#include <string>

namespace floe {

// Serves the plugin of `manifest_file` on fds 3 (requests) and 4 (answers),
// watching fd 5 (the lifeline). Returns the process exit code.
int serve_plugin(const std::string& manifest_file);

}  // namespace floe
