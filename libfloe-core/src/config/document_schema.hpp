// The JSON Schemas of docs/schemas/, embedded at build time: the file kinds'
// (manifest, data product, compiled artifacts) and the C API's request and
// report shapes. Parsed once, on first use.
#pragma once

#include <boost/json/value.hpp>

#include <string_view>
#include <vector>

#include "config/config_loader.hpp"

namespace floe {

const boost::json::value& document_schema_json(DocumentKind kind);

// docs/schemas/<kind>.schema.json as shipped ("manifest", "data-product",
// "compiled-artifacts", "compile-request", "artifact-request",
// "operation-report"); "" for a kind floe does not ship.
std::string_view embedded_schema(std::string_view kind);

// The same, parsed; nullptr for a kind floe does not ship.
const boost::json::value* embedded_schema_json(std::string_view kind);

// Every kind embedded_schema() knows, in docs/schemas order.
std::vector<std::string_view> embedded_schema_kinds();

}  // namespace floe
