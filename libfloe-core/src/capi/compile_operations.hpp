// The operations of the JSON entry points, each declared once in its table
// (capi/compile_capi.cpp, capi/artifact_capi.cpp): the name the request
// schema's "operation" takes (docs/schemas/*-request.schema.json) -> its
// handler. Exposed so a test can hold each table and its schema to each
// other.
#pragma once

#include <string>
#include <vector>

namespace floe {

// The operations floe_compile_run dispatches, sorted.
std::vector<std::string> compile_operation_names();
// The operations floe_artifact_run dispatches, sorted.
std::vector<std::string> artifact_operation_names();

}  // namespace floe
