// The CLI's report parser for the text printer: the same value as
// boost::json::parse, minus the top-level members it is told to skip (or
// with only those it is told to keep); and the raw text of one member, which
// --format json and sarif print as the library wrote it.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <boost/system/system_error.hpp>

#include <string>

#include "report_parse.hpp"

namespace json = boost::json;
using floe::cli::parse_report_only;
using floe::cli::parse_report_without;
using floe::cli::raw_member;

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

TEST_CASE("report parse: only the kept members, the others stepped over whatever they hold", "[report-parse]") {
  const std::string text = R"({"api_version": 1, "outcome": "policy_violation", "stages": [{"outcome": "no"}],
    "diagnostics": [{"a": [1, {"outcome": 2}]}], "sarif": {"runs": []}})";
  json::value got = parse_report_only(text, {"outcome"});
  CHECK(got == json::parse(R"({"outcome": "policy_violation"})"));
  CHECK(parse_report_only(text, {"outcome", "sarif"}) == json::parse(R"({"outcome": "policy_violation", "sarif": {"runs": []}})"));
  CHECK(parse_report_only(text, {}) == json::parse("{}"));
  CHECK_THROWS_AS(parse_report_only(R"({"outcome": "ok", "sarif": [})", {"outcome"}), boost::system::system_error);
}

TEST_CASE("report parse: a member's raw text, whatever comes before and after it", "[report-parse]") {
  // Strings with brackets, escaped quotes and backslashes; nested containers;
  // scalars; white space where JSON allows it.
  const std::string text = " {\"a\": \"x}]\\\"[{,\\\\\", \"b\" : [1, {\"c\": \"]\"}, [[]]] ,\n\"n\":-1.5e3,"
                           "\"t\":true, \"z\": null, \"sarif\": {\"runs\": [{\"r\": \"}\"}]}, \"last\": {}} ";
  const json::value whole = json::parse(text);
  REQUIRE(whole.is_object());
  CHECK(raw_member(text, "a") == "\"x}]\\\"[{,\\\\\"");
  CHECK(raw_member(text, "b") == "[1, {\"c\": \"]\"}, [[]]]");
  CHECK(raw_member(text, "n") == "-1.5e3");
  CHECK(raw_member(text, "t") == "true");
  CHECK(raw_member(text, "z") == "null");
  CHECK(raw_member(text, "sarif") == "{\"runs\": [{\"r\": \"}\"}]}");
  CHECK(raw_member(text, "last") == "{}");
  CHECK(raw_member(text, "c").empty());  // not a top-level member
  CHECK(raw_member(text, "missing").empty());
  for (const auto& [key, value] : whole.as_object()) {
    CAPTURE(key);
    CHECK(json::parse(raw_member(text, key)) == value);
  }
  for (const char* not_an_object : {"", "[1]", "{", "{\"a\"", "{\"a\":", "{\"a\" 1}", "\"sarif\""}) {
    CAPTURE(not_an_object);
    CHECK(raw_member(not_an_object, "sarif").empty());
  }
}
