#include "run/run_events.hpp"

#include <fmt/format.h>

#include <ctime>

#include "core/uuid.hpp"

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

std::string new_run_id() { return uuid_v7(); }

}  // namespace floe::run
