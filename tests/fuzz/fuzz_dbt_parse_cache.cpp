// The dbt parse cache's decoders (libfloe-dbt/src/dbt/parse_cache.hpp): a
// cache file is floe's own, but it sits in the user's cache folder where
// anything can change it. The first byte picks what the rest is: 0 a .sql
// file's encoded scan, 1 a .yml file's encoded properties, else a whole
// cache file (its key "k"). Any input either decodes or is refused (nothing
// reads out of bounds or reserves what the input cannot hold), and what
// decodes encodes to something that decodes again.
#include <cstdlib>
#include <string>

#include "dbt/parse_cache.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view rest = floe::fuzz::text_of(data + 1, size - 1);
  if (data[0] == 0) {
    floe::dbt::SqlScan scan, again;
    if (floe::dbt::decode_sql_scan(rest, scan) && !floe::dbt::decode_sql_scan(floe::dbt::encode_sql_scan(scan), again))
      std::abort();
  } else if (data[0] == 1) {
    floe::dbt::SchemaYml yml, again;
    if (floe::dbt::decode_schema_yml(rest, "models/s.yml", yml) &&
        !floe::dbt::decode_schema_yml(floe::dbt::encode_schema_yml(yml, "models/s.yml"), "models/s.yml", again))
      std::abort();
  } else {
    const floe::dbt::ParseCache cache = floe::dbt::ParseCache::parse(std::string(rest), "k");
    if (cache.size() > rest.size()) std::abort();
  }
  return 0;
}
