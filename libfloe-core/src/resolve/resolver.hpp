// Resolution: following a platform reference up its inheritance chain
// (product -> platform, or product -> domain -> enterprise) and merging the
// tiers by ADR-0038's rules. Everything that breaks a rule is reported, all
// in one run, each pointing at the line that broke it and the line of the
// policy it broke.
#pragma once

#include <string>

#include "diag/diagnostic.hpp"
#include "resolve/platform_source.hpp"
#include "resolve/resolved_platform.hpp"

namespace floe {

// Resolves the platform `ref` names (see load_tier for the forms).
// Returns false when diags gained an error.
bool resolve_platform(const std::string& ref, const std::string& base_dir, const SourceLocation& from,
                      const PlatformSourceOptions& options, ResolvedPlatform& out, Diagnostics& diags);

// A product may use the platform only if the chain allows it: a domain must
// list it in approved_products (FLOE-I409); an enterprise manifest is never a
// product's platform (FLOE-I410).
bool check_product_admission(const ResolvedPlatform& platform, const std::string& product_name,
                             const SourceLocation& where, Diagnostics& diags);

}  // namespace floe
