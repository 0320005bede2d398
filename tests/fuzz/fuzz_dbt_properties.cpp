// The dbt properties reader (schema.yml and friends): the hand-written fast
// path (base/fast_yaml.cpp) and, for anything outside its subset, the yaml-cpp
// fallback. Both must end in entries or coded diagnostics (FLOE-D002,
// D004, D006), never a crash.
#include "dbt/schema_yml_reader.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string text(floe::fuzz::text_of(data, size));
  floe::dbt::SchemaYml yml;
  floe::Diagnostics diags;
  const bool ok = floe::dbt::read_schema_yml("models/schema.yml", text, yml, diags);
  floe::fuzz::check_diagnostics(diags, ok);
  return 0;
}
