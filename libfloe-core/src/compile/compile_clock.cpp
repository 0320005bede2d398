#include "compile/compile_clock.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <ctime>

namespace floe {

CompileClock CompileClock::now() {
  CompileClock c;
  if (const char* sde = std::getenv("SOURCE_DATE_EPOCH"); sde && *sde) {
    char* end = nullptr;
    long long v = std::strtoll(sde, &end, 10);
    if (end && *end == '\0' && v >= 0) {
      c.epoch_seconds = v;
      c.from_source_date_epoch = true;
      return c;
    }
  }
  c.epoch_seconds = std::chrono::duration_cast<std::chrono::seconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
  return c;
}

namespace {
std::tm utc(std::int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  return tm;
}
}  // namespace

std::string CompileClock::iso8601() const {
  std::tm tm = utc(epoch_seconds);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                     tm.tm_min, tm.tm_sec);
}

std::string CompileClock::date() const {
  std::tm tm = utc(epoch_seconds);
  return fmt::format("{:04}-{:02}-{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

}  // namespace floe
