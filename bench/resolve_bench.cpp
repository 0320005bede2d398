// floe-resolve-bench: in-process resolution of a platform chain (load every
// manifest, validate it, merge by the inheritance rules, build provenance and
// the governance view), timed over many runs after a warm-up. The first run
// also pays for parsing the embedded JSON Schemas once per process.
//
//   floe-resolve-bench [REF] [RUNS]   (default: examples/enterprise/domains/sales/manifest.yaml, 200)
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include "resolve/resolver.hpp"

int main(int argc, char** argv) {
  std::string ref = argc > 1 ? argv[1] : "examples/enterprise/domains/sales/manifest.yaml";
  int runs = argc > 2 ? std::atoi(argv[2]) : 200;
  using clock = std::chrono::steady_clock;
  std::vector<double> ms;
  double first = 0;
  for (int i = 0; i <= runs; ++i) {
    auto start = clock::now();
    floe::Diagnostics diags;
    floe::ResolvedPlatform platform;
    bool ok = floe::resolve_platform(ref, ".", {}, {}, platform, diags);
    double elapsed = std::chrono::duration<double, std::milli>(clock::now() - start).count();
    if (!ok) {
      for (const auto& d : diags.items()) fmt::print(stderr, "{}\n", floe::format_diagnostic(d));
      return 1;
    }
    if (i == 0) first = elapsed;
    else ms.push_back(elapsed);
  }
  std::sort(ms.begin(), ms.end());
  fmt::print("resolve {}: first {:.2f} ms (schemas parsed), then median {:.3f} ms, p95 {:.3f} ms over {} runs\n", ref,
             first, ms[ms.size() / 2], ms[ms.size() * 95 / 100], ms.size());
  return 0;
}
