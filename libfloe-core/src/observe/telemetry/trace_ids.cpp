#include "observe/telemetry/trace_ids.hpp"

#include <fmt/format.h>

namespace floe::observe::telemetry {

TraceIds::TraceIds() {
  std::random_device device;
  std::seed_seq seed{device(), device(), device(), device()};
  random_.seed(seed);
}

std::string TraceIds::hex_id(int words) {
  // An id of all zeros is invalid in both OTLP and Trace Context.
  for (;;) {
    std::string out;
    bool zero = true;
    for (int i = 0; i < words; ++i) {
      std::uint64_t word = random_();
      zero = zero && word == 0;
      out += fmt::format("{:016x}", word);
    }
    if (!zero) return out;
  }
}

std::string TraceIds::new_trace_id() { return hex_id(2); }
std::string TraceIds::new_span_id() { return hex_id(1); }

std::string traceparent(const std::string& trace_id, const std::string& span_id) {
  return fmt::format("00-{}-{}-01", trace_id, span_id);
}

}  // namespace floe::observe::telemetry
