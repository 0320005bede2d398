// floe/plugin_json.h, the C plugin kit's JSON helper: what it reads agrees
// with a full JSON parser (Boost.JSON), and hostile input is refused, never
// read past its end or into a deep recursion.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <string>
#include <vector>

#include "floe/plugin_json.h"

namespace {

floe_json_span span(const std::string& text) { return {text.data(), text.size()}; }

std::string str(const std::string& json, std::size_t capacity = 256) {
  std::vector<char> out(capacity);
  if (floe_json_string(span(json), out.data(), out.size()) != 0) return "<refused>";
  return out.data();
}

}  // namespace

TEST_CASE("plugin_json: members are found as a JSON parser reads them", "[abi][plugin-json]") {
  const std::string request =
      R"( {"name": "orders", "nested": {"name": "inner", "list": [1, {"name": 2}]}, "n": -42, "ok": true,)"
      R"( "off": false, "empty": {}, "none": null, "big": 1e3} )";
  floe_json_span value{};
  REQUIRE(floe_json_is_object(span(request)));
  REQUIRE(floe_json_find(span(request), "name", &value) == 1);
  CHECK(std::string(value.text, value.length) == "\"orders\"");  // the top level's, not the nested one
  REQUIRE(floe_json_find(span(request), "nested", &value) == 1);
  CHECK(boost::json::parse(std::string(value.text, value.length)) ==
        boost::json::parse(R"({"name": "inner", "list": [1, {"name": 2}]})"));
  CHECK(floe_json_find(span(request), "list", &value) == 0);  // only in the nested object
  long long n = 0;
  REQUIRE(floe_json_find(span(request), "n", &value) == 1);
  CHECK(floe_json_integer(value, &n) == 0);
  CHECK(n == -42);
  REQUIRE(floe_json_find(span(request), "big", &value) == 1);
  CHECK(floe_json_integer(value, &n) == -1);  // 1e3 is not written as an integer
  REQUIRE(floe_json_find(span(request), "ok", &value) == 1);
  CHECK(floe_json_is_true(value));
  REQUIRE(floe_json_find(span(request), "off", &value) == 1);
  CHECK_FALSE(floe_json_is_true(value));
  CHECK(floe_json_find(span("{}"), "a", &value) == 0);
  CHECK(floe_json_integer(span("9223372036854775807"), &n) == 0);
  CHECK(floe_json_integer(span("9223372036854775808"), &n) == -1);  // out of range, not clamped

  std::vector<std::string> items;
  std::size_t cursor = 0;
  const std::string array = R"([ "a", {"b": [1, 2]}, 3.5, [] ])";
  floe_json_span element{};
  while (floe_json_array_next(span(array), &cursor, &element) == 1) items.emplace_back(element.text, element.length);
  CHECK(items == std::vector<std::string>{"\"a\"", R"({"b": [1, 2]})", "3.5", "[]"});
  cursor = 0;
  CHECK(floe_json_array_next(span("[1, 2"), &cursor, &element) == -1);
}

TEST_CASE("plugin_json: strings decode to UTF-8, as a JSON parser decodes them", "[abi][plugin-json]") {
  for (const std::string json : {R"("plain")", R"("q\"b\\s\/t\tn\nr\r")", R"("caf\u00e9 \u20ac")",
                                  R"("\ud83d\ude00 smile")", "\"raw caf\xC3\xA9\"", R"("\u0041\u007f")"}) {
    INFO(json);
    CHECK(str(json) == std::string(boost::json::parse(json).as_string()));
  }
  CHECK(str(R"("\ud83d alone")") == "<refused>");  // a lone high surrogate
  CHECK(str(R"("\ude00")") == "<refused>");        // a lone low surrogate
  CHECK(str(R"("a\u0000b")") == "<refused>");      // a NUL a C string cannot hold
  CHECK(str(R"("abcdef")", 7) == "abcdef");
  CHECK(str(R"("abcdef")", 6) == "<refused>");     // no room for the NUL
  CHECK(str(R"("\u20ac")", 3) == "<refused>");     // three bytes and the NUL do not fit in 3
  CHECK(str("42") == "<refused>");
  CHECK(str("\"unterminated") == "<refused>");
}

TEST_CASE("plugin_json: malformed and hostile requests are refused", "[abi][plugin-json]") {
  floe_json_span value{};
  for (const std::string bad : {"", "   ", "[]", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{\"a\":1 \"b\":2}",
                                "{\"a\":tru}", "{\"a\":\"x\ty\"}", "{\"a\":\"\\q\"}", "{\"a\":01x}", "{\"a\":1} x",
                                "{\"a\":[1,]}", "{\"a\":-}", "{\"a\":1.}", "{\"a\":\"\\u12\"}"}) {
    INFO(bad);
    CHECK_FALSE(floe_json_is_object(span(bad)));
    CHECK(floe_json_find(span(bad), "a", &value) == -1);
  }
  // Nesting: 64 levels are read, 65 refused, and a million cost no stack.
  auto nested = [](int depth) { return "{\"a\":" + std::string(depth - 1, '[') + std::string(depth - 1, ']') + "}"; };
  CHECK(floe_json_is_object(span(nested(64))));
  CHECK_FALSE(floe_json_is_object(span(nested(65))));
  CHECK_FALSE(floe_json_is_object(span("{\"a\":" + std::string(1000000, '[') + "}")));
  // A span is never read past its length: the same text, cut short.
  const std::string whole = R"({"name": "x"})";
  CHECK_FALSE(floe_json_is_object(floe_json_span{whole.data(), whole.size() - 1}));
}

TEST_CASE("plugin_json: what the writer escapes, a JSON parser reads back", "[abi][plugin-json]") {
  floe_json_out out = FLOE_JSON_OUT_INIT;
  const std::string tricky = "q\"b\\s/ \x01\x1f tab\t nl\n caf\xC3\xA9";
  floe_json_out_text(&out, "{\"v\": ");
  floe_json_out_string(&out, tricky.c_str());
  floe_json_out_text(&out, ", \"n\": 1}");
  REQUIRE_FALSE(out.failed);
  REQUIRE(out.data != nullptr);
  CHECK(out.length == std::string(out.data).size());
  auto parsed = boost::json::parse(std::string(out.data, out.length));
  CHECK(parsed.at("v").as_string() == tricky);
  // And the reader reads back what the writer wrote.
  floe_json_span value{};
  REQUIRE(floe_json_find(floe_json_span{out.data, out.length}, "v", &value) == 1);
  CHECK(str(std::string(value.text, value.length)) == tricky);
  floe_json_out_free(&out);
  CHECK(out.data == nullptr);
}
