// libfloe-iceberg's table metadata parser (metadata.json v1/v2/v3) and the
// expiry planner over what it accepts. Broken input must be an
// floe::iceberg::Error of kind malformed with a location, never another
// exception or a crash; a parsed model must plan and serialize.
#include <cstdlib>
#include <string_view>

#include "iceberg/error.hpp"
#include "iceberg/expiry.hpp"
#include "iceberg/metadata.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  floe::iceberg::TableMetadata m;
  try {
    m = floe::iceberg::parse_table_metadata(text, "fuzz.metadata.json");
  } catch (const floe::iceberg::Error& e) {
    if (e.kind() != floe::iceberg::ErrorKind::malformed || e.info().location.empty()) std::abort();
    return 0;
  }
  floe::iceberg::Retention r;
  r.older_than_ms = 1700000000000LL;
  r.keep_last = 3;
  r.now_ms = 1800000000000LL;
  floe::iceberg::ExpiryPlan plan = floe::iceberg::plan_expiry(m, r);
  if (plan.remove.size() + plan.keep.size() != m.snapshots.size() && !m.snapshots.empty()) {
    // Duplicate snapshot ids collapse in the plan; anything else is a bug.
    bool duplicates = false;
    for (size_t i = 0; i < m.snapshots.size() && !duplicates; ++i)
      for (size_t j = i + 1; j < m.snapshots.size(); ++j)
        if (m.snapshots[i].snapshot_id == m.snapshots[j].snapshot_id) duplicates = true;
    if (!duplicates) std::abort();
  }
  (void)floe::iceberg::to_json(m);
  (void)floe::iceberg::to_json(plan);
  return 0;
}
