#include "observe/telemetry/unix_time.hpp"

#include <charconv>
#include <ctime>

namespace floe::observe::telemetry {
namespace {

bool digits(std::string_view text, std::size_t at, std::size_t count, int& out) {
  if (at + count > text.size()) return false;
  auto [end, ec] = std::from_chars(text.data() + at, text.data() + at + count, out);
  return ec == std::errc() && end == text.data() + at + count;
}

}  // namespace

std::optional<std::uint64_t> unix_nanos(std::string_view text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!digits(text, 0, 4, year) || text.size() < 19 || text[4] != '-' || !digits(text, 5, 2, month) ||
      text[7] != '-' || !digits(text, 8, 2, day) || (text[10] != 'T' && text[10] != ' ') ||
      !digits(text, 11, 2, hour) || text[13] != ':' || !digits(text, 14, 2, minute) || text[16] != ':' ||
      !digits(text, 17, 2, second))
    return std::nullopt;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  std::size_t at = 19;
  std::uint64_t fraction = 0;
  if (at < text.size() && text[at] == '.') {
    int places = 0;
    for (++at; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at) {
      if (places == 9) return std::nullopt;
      fraction = fraction * 10 + static_cast<std::uint64_t>(text[at] - '0');
      ++places;
    }
    if (places == 0) return std::nullopt;
    for (; places < 9; ++places) fraction *= 10;
  }
  std::string_view zone = text.substr(at);
  if (!zone.empty() && zone != "Z" && zone != "+00:00") return std::nullopt;
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  std::time_t seconds = timegm(&tm);
  if (seconds < 0) return std::nullopt;
  return static_cast<std::uint64_t>(seconds) * 1000000000ull + fraction;
}

}  // namespace floe::observe::telemetry
