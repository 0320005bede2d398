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

// What kind of credential the string `value` at `path` looks like to that
// scan ("a URL with an embedded password", ...), or "" if none. `key` is the
// last key of the path; `in_credentials`: a key above it holds a credential
// map (`credentials: {key: ...}`). Placeholders that only name a variable
// ({{ env_var('X') }}) are not credentials; text beside them is scanned.
std::string credential_at(const std::string& path, const std::string& key, bool in_credentials,
                          const std::string& value);
// The same for a dotted path ("plugins.catalog.config.credentials.pass"),
// as `floe explain` names values.
std::string credential_at(const std::string& dotted_path, const std::string& value);

}  // namespace floe
