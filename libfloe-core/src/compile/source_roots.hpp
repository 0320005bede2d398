// Ingestion sources outside the product's project: an absolute source path
// must lie under one of the landing roots the platform declares
// (ingestion.landing_roots, set by the enterprise), else FLOE-C308 at the
// path. Relative paths that leave the project are refused earlier
// (config/product_rules), and floe run checks the real files again once
// symlinks are resolved.
#pragma once

#include <boost/json/value.hpp>

#include <string>
#include <vector>

#include "config/located_document.hpp"
#include "diag/diagnostic.hpp"

namespace floe {

// The platform's ingestion.landing_roots (resolved values), normalised.
std::vector<std::string> landing_roots(const boost::json::value& platform_values);

// Whether `path` (absolute, lexically normalised here) is `root` or below it.
bool lies_under(const std::string& path, const std::string& root);

// FLOE-C308 for every absolute ingestion.sources[].path of `product` that no
// root contains; false when there was one.
bool check_source_roots(const LocatedDocument& product, const std::vector<std::string>& roots, Diagnostics& diags);

}  // namespace floe
