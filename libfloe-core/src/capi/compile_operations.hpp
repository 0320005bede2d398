// The compile family's operations (floe_compile_run), declared once in
// capi/compile_capi.cpp: the name the request schema's "operation" takes
// (docs/schemas/compile-request.schema.json) -> its handler. Exposed so a
// test can hold the table and the schema to each other.
#pragma once

#include <string>
#include <vector>

namespace floe {

// The operations floe_compile_run dispatches, sorted.
std::vector<std::string> compile_operation_names();

}  // namespace floe
