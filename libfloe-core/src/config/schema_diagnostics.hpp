// Schema validation of a loaded document, reported as config diagnostics
// FLOE-C101..C107 with file:line:column and did-you-mean hints.
#pragma once

#include <boost/json/value.hpp>

#include "config/located_document.hpp"
#include "diag/diagnostic.hpp"

namespace floe {

// Validates doc.root against `schema`. Unknown keys (C101) point at the key,
// missing keys (C102) at the key of the mapping that lacks them, everything
// else (C103 type, C104 allowed values, C105 pattern, C106 range, C107 items)
// at the value. An issue about a path that already has an error in `diags`
// (or lies under one) is skipped: the specific rule that reported it (C003,
// C212, C213, C301, ...) said it better.
void report_schema_issues(const LocatedDocument& doc, const boost::json::value& schema, Diagnostics& diags);

}  // namespace floe
