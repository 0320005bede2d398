// compute-duckdb: workload sizes and the DuckDB settings derived from them.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>

#include "duckdb_config.hpp"
#include "resource_presets.hpp"

using namespace floe::compute_duckdb;

namespace {

// Bytes of a quantity with a binary suffix: "512Mi" (Kubernetes) or
// "384MiB" (DuckDB).
double bytes_of(std::string_view quantity) {
  static const std::map<std::string_view, double> units = {
      {"Mi", 1024.0 * 1024}, {"Gi", 1024.0 * 1024 * 1024}, {"MiB", 1024.0 * 1024}, {"GiB", 1024.0 * 1024 * 1024}};
  auto split = quantity.find_first_not_of("0123456789.");
  return std::stod(std::string(quantity.substr(0, split))) * units.at(quantity.substr(split));
}

// Cores of a Kubernetes CPU quantity in millicores ("500m").
double cores_of(std::string_view quantity) {
  REQUIRE(quantity.ends_with("m"));
  return std::stod(std::string(quantity.substr(0, quantity.size() - 1))) / 1000.0;
}

}  // namespace

TEST_CASE("compute-duckdb presets: the documented sizes") {
  REQUIRE(resource_presets().size() == 3);
  CHECK(resource_preset_names() == "small, medium, large");
  CHECK(find_resource_preset("huge") == nullptr);
  CHECK(find_resource_preset("Small") == nullptr);

  CHECK(boost::json::serialize(resource_requirements(*find_resource_preset("small"))) ==
        R"({"cpu_request":"100m","cpu_limit":"500m","memory_request":"256Mi","memory_limit":"512Mi",)"
        R"("ephemeral_storage_request":"100Mi","ephemeral_storage_limit":"1Gi"})");
  auto medium = resource_requirements(*find_resource_preset("medium"));
  CHECK(medium.at("cpu_request") == "500m");
  CHECK(medium.at("cpu_limit") == "2000m");
  CHECK(medium.at("memory_request") == "1Gi");
  CHECK(medium.at("memory_limit") == "4Gi");
  auto large = resource_requirements(*find_resource_preset("large"));
  CHECK(large.at("cpu_request") == "2000m");
  CHECK(large.at("cpu_limit") == "8000m");
  CHECK(large.at("memory_request") == "4Gi");
  CHECK(large.at("memory_limit") == "16Gi");
  CHECK(large.at("ephemeral_storage_limit") == "1Gi");
}

TEST_CASE("compute-duckdb presets: DuckDB stays inside the pod it is sized for") {
  for (const auto& preset : resource_presets()) {
    INFO(preset.name);
    CHECK(is_valid_memory_limit(preset.duckdb_memory_limit));
    double pod = bytes_of(preset.memory_limit);
    double duckdb = bytes_of(preset.duckdb_memory_limit);
    CHECK(duckdb == Approx(pod * 0.75));
    CHECK(duckdb >= bytes_of(preset.memory_request) * 0.75);
    // One worker thread per whole CPU of the limit, at least one.
    CHECK(preset.duckdb_threads == std::max<std::int64_t>(1, static_cast<std::int64_t>(cores_of(preset.cpu_limit))));
    CHECK(cores_of(preset.cpu_request) <= cores_of(preset.cpu_limit));
  }
}
