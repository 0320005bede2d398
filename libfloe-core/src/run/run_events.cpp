#include "run/run_events.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <ctime>
#include <random>

namespace floe::run {

void EventBus::publish(boost::json::object event) const {
  if (!event.contains("at")) event["at"] = utc_now();
  for (const auto& h : handlers_) h(event);
}

std::string utc_timestamp(std::chrono::system_clock::time_point t) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
}

std::string new_run_id() {
  // RFC 9562 UUIDv7: 48 bits of Unix milliseconds, version 7, 74 random bits.
  static thread_local std::mt19937_64 random{std::random_device{}()};
  auto ms = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
  std::uint64_t high = (ms << 16) | 0x7000u | (random() & 0x0fffu);
  std::uint64_t low = (random() & 0x3fffffffffffffffull) | 0x8000000000000000ull;
  return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", high >> 32, (high >> 16) & 0xffffu, high & 0xffffu,
                     low >> 48, low & 0xffffffffffffull);
}

}  // namespace floe::run
