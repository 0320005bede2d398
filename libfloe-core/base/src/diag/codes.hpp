// The diagnostic codes floe emits, as constants: codes::C101 is "FLOE-C101".
// Declared once, in codes.def; an emitter that names a code not declared
// there does not compile.
#pragma once

namespace floe::codes {

#define FLOE_CODE(id, rule, outcome, severity_class, description, document) inline constexpr char id[] = "FLOE-" #id;
#include "diag/codes.def"
#undef FLOE_CODE

}  // namespace floe::codes
