// Which manifest.json schema versions floe reads: v9 (dbt 1.5, the first
// with tests' attached_node) through v12 (dbt 1.8 - 1.12 and dbt Fusion).
#pragma once

#include <string>
#include <string_view>

namespace floe::dbt {

inline constexpr int kOldestManifestVersion = 9;
inline constexpr int kNewestManifestVersion = 12;

// The N of ".../manifest/vN.json", or 0 when the URL has no such suffix.
int manifest_schema_version(std::string_view dbt_schema_version);

// "" when floe reads this schema; otherwise one sentence saying why not.
std::string manifest_version_problem(std::string_view dbt_schema_version);

}  // namespace floe::dbt
