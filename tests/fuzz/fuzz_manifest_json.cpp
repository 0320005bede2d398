// The streaming reader of dbt's target/manifest.json (Boost.JSON's SAX
// parser in chunks). It reads a path, so each input is written to one file
// in a private temporary directory first. Broken input must be FLOE-D003 at
// a line:column, never an exception.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "dbt/dbt_project.hpp"
#include "fuzz_support.hpp"

namespace {

const std::string& manifest_path() {
  static const std::string path = [] {
    char dir[] = "/tmp/floe-fuzz-manifest-XXXXXX";
    if (mkdtemp(dir) == nullptr) std::abort();
    return std::string(dir) + "/manifest.json";
  }();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string& path = manifest_path();
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr || std::fwrite(data, 1, size, f) != size || std::fclose(f) != 0) std::abort();
  floe::dbt::DbtProject project;
  floe::Diagnostics diags;
  const bool ok = floe::dbt::read_dbt_manifest(path, project, diags);
  floe::fuzz::check_diagnostics(diags, ok);
  return 0;
}
