// `floe validate --watch`: the library's floe_validate_watch, printed. Text:
// the first validate's report as `floe validate` prints it, then a line per
// save naming the files, what appeared and what went away, the totals and
// how long the judging took. JSON: each round's object on a line of its own
// (JSON Lines). Ctrl-C ends it; the exit code is the last round's outcome's.
#pragma once

#include <boost/json/object.hpp>

#include <string>

#include "registry_flags.hpp"
#include "terminal.hpp"

namespace floe::cli {

void run_validate_watch(boost::json::object request, const RegistryFlags& registry, const std::string& format,
                        const Terminal& term);

}  // namespace floe::cli
