// The value checks behind the rules: cron, dates, durations, time zones
// (regular expressions: tests/unit/regex_test.cpp).
#include <catch2/catch.hpp>

#include "config/cron.hpp"
#include "config/iso8601.hpp"
#include "config/timezone.hpp"

TEST_CASE("cron expressions", "[formats]") {
  for (const char* ok : {"0 6 * * *", "*/15 * * * *", "0 0 1 JAN,jul MON-FRI", "5 4 * * 7", "0 0-23/2 * * *",
                         "@daily", "  0   6 * * *  "})
    CHECK_FALSE(floe::check_cron(ok).has_value());
  auto bad = [](const char* e) { return floe::check_cron(e).value().message; };
  CHECK(bad("0 6 * *") == "a cron expression has 5 fields, this one has 4");
  CHECK(bad("60 * * * *") == "field 1 (minute): 60 is outside 0-59");
  CHECK(bad("* * 0 * *") == "field 3 (day-of-month): 0 is outside 1-31");
  CHECK(bad("* * * FOO *") == "field 4 (month): 'FOO' is not a number or a name");
  CHECK(bad("* * * * 1-9") == "field 5 (day-of-week): 9 is outside 0-7");
  CHECK(bad("*/0 * * * *") == "field 1 (minute): step '0' in '*/0' must be a positive number");
  CHECK(bad("5-1 * * * *") == "field 1 (minute): range '5-1' runs backwards");
  CHECK(bad("1,,2 * * * *") == "field 1 (minute): empty list item");
  CHECK(floe::check_cron("* * * * 8")->expected ==
        "day-of-week: 0-7 or SUN-SAT, '*', lists (a,b), ranges (a-b) and steps (*/n, a-b/n)");
}

TEST_CASE("ISO-8601 dates and durations", "[formats]") {
  CHECK(floe::is_iso8601_date("2027-03-31"));
  CHECK(floe::is_iso8601_date("2028-02-29"));
  CHECK_FALSE(floe::is_iso8601_date("2027-02-29"));
  CHECK_FALSE(floe::is_iso8601_date("2027-3-31"));
  CHECK_FALSE(floe::is_iso8601_date("2027-00-10"));
  for (const char* ok : {"PT6H", "P1D", "P1Y2M3W4DT5H6M7S", "PT30M", "PT1.5S", "P0D"}) CHECK(floe::is_iso8601_duration(ok));
  for (const char* bad : {"6h", "P", "PT", "P6H", "PT6D", "PT1.5H30M", "P1DT", "PT6H6H", "P-1D", "PT6M6H"})
    CHECK_FALSE(floe::is_iso8601_duration(bad));
}

TEST_CASE("IANA time zones", "[formats]") {
  CHECK(floe::is_known_timezone("UTC"));
  CHECK(floe::is_known_timezone("Europe/Berlin"));
  CHECK(floe::is_known_timezone("America/Argentina/Buenos_Aires"));
  CHECK_FALSE(floe::is_known_timezone("Mars/Olympus"));
  CHECK_FALSE(floe::is_known_timezone("../../etc/passwd"));
  CHECK_FALSE(floe::is_known_timezone("/etc/localtime"));
  CHECK_FALSE(floe::is_known_timezone("zone1970.tab"));  // a file, but not a zone
}
