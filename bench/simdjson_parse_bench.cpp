// floe-simdjson-bench: the yardstick of issue 10's 10k-model figure, a
// simdjson parse of the same target/manifest.json that `floe validate`
// reads. One process, as floe is one process:
//
//   floe-simdjson-bench MANIFEST [--again N]
//
// "first" is padded_string::load + dom::parser::parse (read the file into a
// padded buffer, build the DOM tape: what a program that starts from nothing pays);
// "again" re-parses the buffer already in memory with the parser's memory
// already allocated (simdjson's own best case, N times, the fastest kept).
// bench/validate_bench.py runs it beside floe and reads the JSON line printed.
#include <simdjson.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {
double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: floe-simdjson-bench MANIFEST [--again N]\n");
    return 2;
  }
  int again = 3;
  if (argc >= 4 && std::strcmp(argv[2], "--again") == 0) again = std::max(0, std::atoi(argv[3]));

  simdjson::dom::parser parser;
  auto start = std::chrono::steady_clock::now();
  simdjson::padded_string text;
  simdjson::dom::element root;
  if (auto error = simdjson::padded_string::load(argv[1]).get(text)) {
    std::fprintf(stderr, "simdjson: %s\n", simdjson::error_message(error));
    return 1;
  }
  if (auto error = parser.parse(text).get(root)) {
    std::fprintf(stderr, "simdjson: %s\n", simdjson::error_message(error));
    return 1;
  }
  const double first = seconds_since(start);
  // Something read from the document, so the parse cannot be skipped.
  std::size_t nodes = 0;
  if (simdjson::dom::object n; !root["nodes"].get(n)) nodes = n.size();

  double best_again = 0;
  for (int i = 0; i < again; ++i) {
    start = std::chrono::steady_clock::now();
    if (parser.parse(text).get(root)) return 1;
    const double s = seconds_since(start);
    if (i == 0 || s < best_again) best_again = s;
  }
  std::printf("{\"simdjson\": \"%d.%d.%d\", \"implementation\": \"%s\", \"bytes\": %zu, \"nodes\": %zu, "
              "\"first_seconds\": %.4f, \"again_seconds\": %.4f, \"again_runs\": %d}\n",
              int(simdjson::SIMDJSON_VERSION_MAJOR), int(simdjson::SIMDJSON_VERSION_MINOR),
              int(simdjson::SIMDJSON_VERSION_REVISION),
              simdjson::get_active_implementation()->name().c_str(), text.size(), nodes, first, best_again, again);
  return 0;
}
