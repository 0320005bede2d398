// floe migrate: reads a file through the normal loader, so every translation
// of an older format applies (the two-tier platform.yaml/floe.yaml, the
// Python alpha's files, the seeds' shorthand), and writes the result in the
// current format: manifest.yaml or floe.yaml. A file with errors is not
// migrated; an existing file is only replaced when asked.
#pragma once

#include <boost/json/value.hpp>

#include <string>

#include "diag/compile_report.hpp"

namespace floe {

struct MigrateRequest {
  std::string path;          // the file to migrate
  std::string output;        // "" = manifest.yaml / floe.yaml beside it; "-" = not written (text in the result)
  bool force = false;        // replace an existing output file
  std::string kind;          // "" = from the content (else the file name), "manifest", "data-product"
  std::string platform_ref;  // data products: the platform.ref to write instead of the file's
};

// `result`: {"kind", "output", "notes" (translations applied), "text" (the
// new file)}; null when the file could not be migrated. Codes: the loader's
// (exit 3), FLOE-U103 output exists without force, FLOE-U104 kind unknown
// (exit 2), FLOE-O801 not writable (exit 8).
CompileReport migrate(const MigrateRequest& request, boost::json::value& result);

}  // namespace floe
