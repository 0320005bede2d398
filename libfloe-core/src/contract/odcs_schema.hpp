// The Open Data Contract Standard's JSON Schema, exactly as the standard's
// released package ships it (docs/schemas/odcs/), embedded at build time.
// Not typed by hand: updating it is copying the new release's file.
#pragma once

#include <boost/json/value.hpp>

#include <string_view>

namespace floe {

// The release the embedded schema comes from; it accepts apiVersion v3.0.0
// through v3.2.0 (and v2.2.x).
inline constexpr std::string_view kOdcsSchemaRelease = "3.2.0";

// The apiVersion floe writes (`floe contract init`): the oldest v3 release
// with `properties` and array-shaped `slaProperties`, which datacontract-cli
// and the Python alpha both read.
inline constexpr std::string_view kOdcsApiVersionWritten = "v3.1.0";

std::string_view odcs_schema_text();
const boost::json::value& odcs_schema_json();  // parsed once, on first use

}  // namespace floe
