// floe-dbt-bench: times libfloe-dbt reading one dbt project, from its files
// or from target/manifest.json, for docs/performance figures. Run it under
// /usr/bin/time -v for peak RSS (one mode per process, so RSS is that mode's).
//
//   python3 bench/gen_dbt_project.py --models 10000 --out /tmp/p10k --manifest
//   /usr/bin/time -v build/bin/floe-dbt-bench /tmp/p10k --files
//   /usr/bin/time -v build/bin/floe-dbt-bench /tmp/p10k --manifest
#include <fmt/format.h>

#include <chrono>
#include <cstring>
#include <string>

#include "dbt/dbt_project.hpp"

int main(int argc, char** argv) {
  if (argc < 3 || (std::strcmp(argv[2], "--files") != 0 && std::strcmp(argv[2], "--manifest") != 0)) {
    fmt::print(stderr, "usage: floe-dbt-bench PROJECT_DIR --files|--manifest [--runs N]\n");
    return 2;
  }
  const std::string dir = argv[1];
  const bool manifest = std::strcmp(argv[2], "--manifest") == 0;
  int runs = 1;
  if (argc >= 5 && std::strcmp(argv[3], "--runs") == 0) runs = std::max(1, std::atoi(argv[4]));

  double best = 1e300;
  floe::dbt::DbtProject project;
  for (int i = 0; i < runs; ++i) {
    floe::Diagnostics diags;
    project = floe::dbt::DbtProject{};
    const auto start = std::chrono::steady_clock::now();
    const bool ok = manifest ? floe::dbt::read_dbt_manifest(dir + "/target/manifest.json", project, diags)
                             : floe::dbt::read_dbt_project(dir, project, diags, false);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    best = std::min(best, seconds);
    if (!ok) {
      for (const auto& d : diags.items()) fmt::print(stderr, "{}\n", floe::format_diagnostic(d));
      return 1;
    }
  }
  std::size_t tests = 0;
  std::size_t columns = 0;
  std::size_t refs = 0;
  for (const auto& m : project.models) {
    tests += m.tests.size();
    columns += m.columns.size();
    refs += m.refs.size();
  }
  fmt::print("{{\"origin\": \"{}\", \"models\": {}, \"columns\": {}, \"tests\": {}, \"refs\": {}, \"sources\": {}, "
             "\"best_seconds\": {:.3f}, \"runs\": {}}}\n",
             project.origin, project.models.size(), columns, tests, refs, project.sources.size(), best, runs);
  return 0;
}
