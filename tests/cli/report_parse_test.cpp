// The CLI's report parser for the text printer: the same value as
// boost::json::parse, minus the top-level members it is told to skip.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <boost/system/system_error.hpp>

#include <string>

#include "report_parse.hpp"

namespace json = boost::json;
using floe::cli::parse_report_without;

namespace {

// What parse_report_without must give: the whole parse, the members erased.
json::value expected_without(const std::string& text, std::initializer_list<const char*> keys) {
  json::value v = json::parse(text);
  for (const char* k : keys) v.as_object().erase(k);
  return v;
}

}  // namespace

TEST_CASE("report parse: skipped top-level members of every kind, kept ones whatever their depth", "[report-parse]") {
  const std::string text = R"({"api_version": 1, "enforcement": {"passed": false, "findings": [{"a": [1, 2, {"b": null}]}]},
    "stages": [{"lines": [{"text": "ok", "enforcement": "kept below the top"}]}], "skip_string": "x\"y\u00e9",
    "skip_number": -12.5e3, "skip_null": null, "skip_array": [[], {}, [1, [2, [3]]]], "skip_bool": true,
    "diagnostics": [{"enforcement": {"nested": true}, "line": 18446744073709551615, "column": -3}], "written": []})";
  const auto keys = {"enforcement", "skip_string", "skip_number", "skip_null", "skip_array", "skip_bool"};
  json::value got = parse_report_without(text, {"enforcement", "skip_string", "skip_number", "skip_null", "skip_array",
                                                "skip_bool"});
  CHECK(got == expected_without(text, keys));
  CHECK(got.as_object().size() == 4);
  CHECK(got.at("diagnostics").at(0).at("enforcement").at("nested") == true);
  CHECK(parse_report_without(text, {}) == json::parse(text));
}

TEST_CASE("report parse: keys and strings long enough to arrive in parts", "[report-parse]") {
  const std::string long_key(20000, 'k');
  const std::string long_text = std::string(30000, 'v') + "\\n\\u00e9" + std::string(9000, 'w');
  const std::string text = "{\"" + long_key + "\": \"" + long_text + "\", \"enforcement\": \"" + long_text +
                           "\", \"" + long_key + "x\": {\"" + long_key + "\": [\"" + long_text + "\"]}}";
  CHECK(parse_report_without(text, {"enforcement"}) == expected_without(text, {"enforcement"}));
  CHECK(parse_report_without(text, {long_key}) == expected_without(text, {long_key.c_str()}));
}

TEST_CASE("report parse: invalid JSON throws as boost::json::parse does", "[report-parse]") {
  for (const char* bad : {"", "{", R"({"enforcement": [1, 2})", R"({"a": 1} trailing)", R"({"a": tru})"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_report_without(bad, {"enforcement"}), boost::system::system_error);
  }
}
