// floe compile --orchestrator-out DIR: after the compile, the platform's
// orchestrator plugin turns the compiled artifacts into the product's code
// location, written to DIR/<location>/ (the plugin names it and its files),
// with DIR/workspace.yaml listing every location in DIR, so the products
// compiled into one DIR load into one deployment. A location whose asset
// keys another product's location in DIR already produces is refused
// (FLOE-P607, naming both); a product the plugin refuses is FLOE-P606.
#pragma once

#include <string>

#include "compile/product_compile.hpp"
#include "diag/compile_report.hpp"

namespace floe {

void write_orchestrator_location(CompileReport& report, const CompileRequest& request, const std::string& out_dir);

}  // namespace floe
