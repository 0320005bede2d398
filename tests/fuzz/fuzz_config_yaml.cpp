// The YAML config loader: every input is read both as a platform manifest
// (manifest.yaml) and as a data product (floe.yaml): YAML parsing, the
// located document, JSON Schema checks, format translation and the per-file
// rules (cron, time zones, naming patterns on RE2...).
#include "config/config_loader.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string_view text = floe::fuzz::text_of(data, size);
  {
    floe::LocatedDocument doc;
    floe::Diagnostics diags;
    const bool ok = floe::load_manifest_text(text, "manifest.yaml", doc, diags);
    floe::fuzz::check_diagnostics(diags, ok);
  }
  {
    floe::LocatedDocument doc;
    floe::Diagnostics diags;
    const bool ok = floe::load_data_product_text(text, "floe.yaml", doc, diags);
    floe::fuzz::check_diagnostics(diags, ok);
  }
  return 0;
}
