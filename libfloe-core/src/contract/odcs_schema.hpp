// The Open Data Contract Standard's JSON Schemas, exactly as the standard's
// released packages ship them (docs/schemas/odcs/), embedded at build time.
// Not typed by hand: updating one is copying the new release's file.
#pragma once

#include <boost/json/value.hpp>

#include <string_view>

namespace floe {

// The releases embedded. A contract is validated against the schema of its
// apiVersion's release: v3.2.0 against 3.2.0, every earlier v3 (and v2.2.x)
// against 3.1.0, which accepts them (3.2.0 also requires, say, a `map` on a
// property without logicalType, which 3.1.0 documents do not have).
inline constexpr std::string_view kOdcsReleases[] = {"3.1.0", "3.2.0"};

// The apiVersion floe writes (`floe contract init`): the oldest v3 release
// with `properties` and array-shaped `slaProperties`, which datacontract-cli
// and the Python alpha both read.
inline constexpr std::string_view kOdcsApiVersionWritten = "v3.1.0";

// The schema `api_version` ("v3.1.0") is validated against, and its release.
const boost::json::value& odcs_schema_json(std::string_view api_version);
std::string_view odcs_schema_release(std::string_view api_version);

// A release's schema text as shipped ("" for a release floe does not embed).
std::string_view odcs_schema_text(std::string_view release);

}  // namespace floe
