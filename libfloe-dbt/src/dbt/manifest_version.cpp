#include "dbt/manifest_version.hpp"

#include <fmt/format.h>

namespace floe::dbt {

int manifest_schema_version(std::string_view url) {
  constexpr std::string_view marker = "manifest/v";
  const auto pos = url.rfind(marker);
  if (pos == std::string_view::npos) return 0;
  std::string_view rest = url.substr(pos + marker.size());
  int version = 0;
  std::size_t digits = 0;
  while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9' && digits < 4) {
    version = version * 10 + (rest[digits] - '0');
    ++digits;
  }
  if (digits == 0 || rest.substr(digits) != ".json") return 0;
  return version;
}

std::string manifest_version_problem(std::string_view url) {
  const int version = manifest_schema_version(url);
  if (version == 0) return fmt::format("'{}' is not a dbt manifest schema version", url);
  if (version < kOldestManifestVersion || version > kNewestManifestVersion) {
    return fmt::format("unsupported manifest schema v{} (floe reads v{} to v{})", version, kOldestManifestVersion,
                       kNewestManifestVersion);
  }
  return {};
}

}  // namespace floe::dbt
