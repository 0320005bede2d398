// Editing a LocatedDocument while translating an older or shorter spelling
// into floe's current model (the Python alpha's formats, the seeds'
// shorthand, the two-tier format of the architecture deep-dive). Values keep
// their source locations under their new paths, so problems inside a
// translated value are still reported at the line the user wrote; each
// translation is reported as a FLOE-C090 note where it happened.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string>

#include "config/located_document.hpp"
#include "diag/diagnostic.hpp"

namespace floe {

// translation_note() for the two-tier format: the message says so.
void two_tier_note(LocatedDocument& doc, Diagnostics& diags, const std::string& path, const std::string& message,
                   std::string hint);

// Re-keys every location at or under `from` to the same place under `to`
// ("from", "from.x", "from[2]", "from#key").
void relocate(LocatedDocument& doc, const std::string& from, const std::string& to);

// A FLOE-C090 note at the key of `path`.
void translation_note(LocatedDocument& doc, Diagnostics& diags, const std::string& path, std::string message,
                      std::string hint);

// `v[key]` when it is an object, else nullptr.
boost::json::object* child_object(boost::json::value& v, const char* key);

// Moves obj[from] to obj[to] (both members of the object at `base`), with
// their locations.
void rename_key(LocatedDocument& doc, boost::json::object& obj, const std::string& base, const char* from,
                const char* to);

// Removes `obj[key]` (a member of the object at `base`) and its locations:
// for keys floe has no equivalent of, after the note saying so.
void drop_key(LocatedDocument& doc, boost::json::object& obj, const std::string& base, const char* key);

// FLOE-C108 when one field is given in two spellings with different values:
// names both places. Returns true when the values are equal (nothing reported).
bool same_in_both_spellings(const LocatedDocument& doc, Diagnostics& diags, const std::string& old_path,
                            const boost::json::value& old_value, const std::string& new_path,
                            const boost::json::value& new_value);

// {secret_ref: x}, {env: X}, {file: p}, {k8s: {...}}, {vault: {...}}.
bool is_secret_reference(const boost::json::value& v);

}  // namespace floe
