// The last gate before compiled output is written: a scan for anything that
// looks like a credential. Secret references are already placeholders, so a
// hit means a value slipped in (a password typed into a config block, a key
// pasted into a description) and the write is refused.
#pragma once

#include <boost/json/value.hpp>

#include <string>

#include "diag/diagnostic.hpp"

namespace floe {

// Adds one FLOE-S501 error per suspicious string, naming its JSON path and
// the kind of credential, never the value. `file` names the output.
void scan_for_credentials(const boost::json::value& output, const std::string& file, Diagnostics& diags);

}  // namespace floe
