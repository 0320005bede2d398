// The Jinja/SQL scanner of dbt model files (ref/source/config calls). It has
// no failure mode: every input is scanned to the end; nesting past the limit
// is recorded (FLOE-D006), not recursed into.
#include <cstdlib>

#include "dbt/sql_scanner.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const floe::dbt::SqlScan scan = floe::dbt::scan_model_sql(floe::fuzz::text_of(data, size));
  // Positions are 1-based and inside the text.
  for (const auto& ref : scan.refs) {
    if (ref.line < 1 || ref.column < 1 || static_cast<std::size_t>(ref.line) > size + 1) std::abort();
  }
  if (scan.too_deep && (scan.too_deep->line < 1 || scan.too_deep->column < 1)) std::abort();
  return 0;
}
