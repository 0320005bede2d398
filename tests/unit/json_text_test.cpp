// serialize_json: the library's JSON responses are valid UTF-8 whatever bytes
// the strings in them hold (user files and file names may hold any).
#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/json_text.hpp"

TEST_CASE("serialize_json keeps valid UTF-8 and replaces every invalid sequence with U+FFFD", "[json]") {
  const boost::json::value ok = {{"name", "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"}, {"n", 1}};
  CHECK(floe::serialize_json(ok) == boost::json::serialize(ok));

  const std::string replacement = "\xEF\xBF\xBD";
  const struct {
    const char* bytes;
    std::string shown;
  } cases[] = {
      {"a\xE9z", "a" + replacement + "z"},                       // Latin-1
      {"\xFF\xFE", replacement + replacement},                   // never valid
      {"\xC0\xAF", replacement + replacement},                   // overlong '/'
      {"\xED\xA0\x80", replacement + replacement + replacement}, // a surrogate
      {"\xF4\x90\x80\x80", replacement + replacement + replacement + replacement},  // above U+10FFFF
      {"x\xE2\x82", "x" + replacement + replacement},            // truncated at the end
  };
  for (const auto& c : cases) {
    const boost::json::value v = {{"message", c.bytes}};
    const std::string text = floe::serialize_json(v);
    boost::system::error_code ec;
    const boost::json::value back = boost::json::parse(text, ec);
    REQUIRE_FALSE(ec);
    CHECK(back.at("message").as_string() == c.shown);
  }
}
