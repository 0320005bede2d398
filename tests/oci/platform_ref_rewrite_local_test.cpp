// floe init rewrites platform.ref in floe.yaml in place (issue 34 item 18).
// Before, a flow mapping, a block scalar, a plain scalar on two lines or a
// single-quoted value with '' was edited textually into a file that no longer
// parsed, or meant something else, with exit 0. Now every edit is proved by
// parsing: exactly that one value changed, or nothing is written.
#include <catch2/catch.hpp>

#include <string>

#include "artifacts/product_init.hpp"
#include "config/yaml_reader.hpp"

using floe::oci::set_platform_ref;

namespace {

constexpr const char* kNew = "oci://registry.example.com/platforms/sales:1.4.0";

// The line:column of platform.ref's value, as the YAML reader locates it.
floe::SourceLocation ref_location(const std::string& text) {
  floe::LocatedDocument doc;
  floe::Diagnostics diags;
  REQUIRE(floe::read_yaml_document(text, "floe.yaml", doc, diags));
  auto found = doc.locations.find("platform.ref");
  REQUIRE(found.has_value());
  return *found;
}

std::string ref_value(const std::string& text) {
  floe::LocatedDocument doc;
  floe::Diagnostics diags;
  REQUIRE(floe::read_yaml_document(text, "floe.yaml", doc, diags));
  return std::string(doc.root.at("platform").at("ref").as_string());
}

floe::Result<std::string> rewrite(const std::string& text, const std::string& current) {
  auto at = ref_location(text);
  return set_platform_ref(text, "floe.yaml", at.line, at.column, current, kNew);
}

}  // namespace

TEST_CASE("platform.ref: plain, quoted, commented and flow values are replaced, the rest byte for byte") {
  struct Case {
    std::string text, current;
  };
  const Case cases[] = {
      {"name: shop\nplatform:\n  ref: oci://old/p:1.0  # pinned\nschedule: daily\n", "oci://old/p:1.0"},
      {"name: shop\nplatform:\n  ref: \"oci://old/p:1.0\"\n", "oci://old/p:1.0"},
      {"name: shop\nplatform:\n  ref: 'it''s:1.0'\n", "it's:1.0"},
      {"name: shop\nplatform: {ref: oci://old/p:1.0, verify: true}\n", "oci://old/p:1.0"},
      {"name: shop\nplatform: {verify: true, ref: 'oci://old/p:1.0'}\n", "oci://old/p:1.0"},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    auto edited = rewrite(c.text, c.current);
    REQUIRE(edited);
    CHECK(ref_value(*edited) == kNew);
    // Only the value changed: the text before and after it is the same.
    auto at = c.text.find(c.current == "it's:1.0" ? "'it''s:1.0'" : c.current);
    if (c.text[at - 1] == '\'' || c.text[at - 1] == '"') --at;  // the opening quote is replaced too
    CHECK(edited->substr(0, at) == c.text.substr(0, at));
    CHECK(edited->find("name: shop") == 0);
  }
  auto kept = rewrite("platform:\n  ref: oci://old/p:1.0  # pinned\n", "oci://old/p:1.0");
  REQUIRE(kept);
  CHECK(*kept == std::string("platform:\n  ref: \"") + kNew + "\"  # pinned\n");
}

TEST_CASE("platform.ref: a layout the rewrite cannot prove is refused, nothing written") {
  // A plain scalar continued on the next line: replacing the first line
  // would leave the second behind as part of the value.
  auto two_lines = rewrite("platform:\n  ref: oci://old/p\n    :1.0\nname: shop\n", "oci://old/p :1.0");
  REQUIRE_FALSE(two_lines);
  CHECK_THAT(two_lines.error().message, Catch::Contains("would change more of floe.yaml than that value"));

  auto block = rewrite("platform:\n  ref: |\n    oci://old/p:1.0\nname: shop\n", "oci://old/p:1.0\n");
  REQUIRE_FALSE(block);
  CHECK_THAT(block.error().message, Catch::Contains("block scalar"));

  // The value found is not the one floe thinks is current: refused too.
  auto other = rewrite("platform:\n  ref: oci://old/p:1.0\n", "oci://something/else:2.0");
  REQUIRE_FALSE(other);
}
