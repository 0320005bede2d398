// floe's YAML reader takes files inside the common subset through the fast
// parser (base/fast_yaml.hpp) and everything else through yaml-cpp. The two
// must be indistinguishable: same values, same types, same locations of every
// value and key, same diagnostics. Every YAML file of the repository and a set
// of edge cases are read both ways here.
#include <catch2/catch.hpp>

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "config/yaml_reader.hpp"
#include "base/fast_yaml.hpp"
#include "yaml_reading_dump.hpp"

namespace fs = std::filesystem;

namespace {

using Reading = floe::test::YamlReading;
using floe::test::dump_reading;

// Returns whether the fast parser took the text.
bool compare(const std::string& name, const std::string& text) {
  Reading reference;
  Reading fast;
  reference.ok = floe::read_yaml_document_with_yaml_cpp(text, name, reference.doc, reference.diags);
  fast.ok = floe::read_yaml_document(text, name, fast.doc, fast.diags);
  INFO(name << "\n" << text);
  CHECK(dump_reading(reference) == dump_reading(fast));
  floe::fastyaml::Document tree;
  return floe::fastyaml::parse(text, tree);
}


}  // namespace

TEST_CASE("every YAML file of the repository reads the same through the fast parser and yaml-cpp", "[yaml][fast]") {
  int files = 0;
  int fast = 0;
  for (const char* dir : {"examples", "tests", "docs", "plugins", "bench"}) {
    for (const auto& e : fs::recursive_directory_iterator(fs::path(FLOE_TEST_SOURCE_DIR) / dir)) {
      const auto ext = e.path().extension();
      if (!e.is_regular_file() || (ext != ".yml" && ext != ".yaml")) continue;
      ++files;
      if (compare(e.path().string(), floe::test::read_whole_file(e.path()))) ++fast;
    }
  }
  // The fast path must carry the common case, or it is not worth having.
  CHECK(files > 100);
  CHECK(fast * 10 > files * 7);
}

TEST_CASE("the files floe reads on every compile are inside the fast subset", "[yaml][fast]") {
  const fs::path root(FLOE_TEST_SOURCE_DIR);
  for (const char* file : {"examples/customer-360/floe.yaml", "examples/platform/manifest.yaml",
                           "examples/customer-360/contracts/customer_profile.odcs.yaml",
                           "examples/enterprise/manifest.yaml", "examples/enterprise/domains/sales/manifest.yaml"}) {
    INFO(file);
    REQUIRE(fs::exists(root / file));
    CHECK(compare(file, floe::test::read_whole_file(root / file)));
  }
}

TEST_CASE("edge cases read the same through the fast parser and yaml-cpp", "[yaml][fast]") {
  const char* cases[] = {
      "a: 1\nb:\nc: x\n",                              // an empty value before another key
      "a: 1\nb:",                                      // an empty value at the end, no newline
      "a: 1\nb:\n",                                    // ... with a newline
      "a: 1\nb:   \n\n",                               // ... with spaces and blank lines
      "a: 1\nb: # c\n# d\n",                           // ... with comments
      "a:\n  b:\nc: 1\n",                              // an empty value at the end of a nested map
      "a:\n  - b:\n",                                  // ... in a sequence item
      "a: 1\nb:   # nothing here\nc: 2\n",             // an empty value followed by a comment
      "a: ~\nb: null\nc: Null\nd: NULL\n",             // written nulls
      "a: |-\n  true\nb: >\n  12\n  13\n",             // block scalars are text, never booleans or numbers
      "a: |\n  x\n\n  y\nb: |+\n  z\n\n",              // kept and clipped line breaks
      "'on': yes\n\"12\": '12'\nk: \"\\u00e9\\n\"\n",  // quoted keys and values
      "a: {b: 1, c: [x, 'y', 2.5]}\nd: []\ne: {}\n",   // flow collections
      "list:\n- a\n- b: 1\n  c: 2\n-   - nested\n",    // indentless and nested sequences
      "n: 0x1F\no: 0o17\nf: 1e3\ni: .inf\nm: -.INF\nq: .nan\nbig: 18446744073709551615\n",
      "v: 1.0\nw: 2024-01-01\nx: 'a # not a comment'\ny: a#b\n",
      "a: 1\na: 2\n",            // duplicate key: yaml-cpp's FLOE-C005
      "a: &x 1\nb: *x\n",        // aliases: yaml-cpp's path
      "a: !!str 12\n",           // tags
      "---\na: 1\n---\nb: 2\n",  // several documents
      "a: [1, 2\n",              // unclosed flow sequence
      "\n# only a comment\n",    // empty
      "~\n",                     // a null document
      "- 1\n- 2\n",              // a top-level sequence
      "plain scalar\n",          // a top-level scalar
      "a:\n  b:\n    c:\n      d: deep\n",
      "a: multi\n  line plain\n",  // multi-line plain scalar: yaml-cpp's path
      "a:\tb\n",                   // a tab: yaml-cpp's path
      "key with spaces: value with: colon\n",
      "a: 'it''s ''quoted'''\nb: ''''\nc: ''\n",                 // doubled single quotes
      "a: \"x \\\"y\\\" \\\\ \\t z\"\nb: \"\"\nc: \"a'b\"\nd: 'a\"b\\c'\n",  // escapes, the other quote
      "a: \"unclosed\nb: 1\n",                                    // unclosed: yaml-cpp's path
      "a: 'unclosed\n",
  };
  for (const char* text : cases) compare("edge.yaml", text);
  CHECK(compare("simple.yaml", "a: 1\nb: [x]\n"));
  CHECK_FALSE(compare("dup.yaml", "a: 1\na: 2\n"));
}

// The pre-scan steps over printable ASCII eight bytes at a time: a refused
// byte must be caught at every offset of a word, and at every word boundary.
TEST_CASE("the fast parser refuses a control byte, DEL, BOM or YAML 1.1 line break anywhere in a line", "[yaml][fast]") {
  const std::vector<std::string> refused{"\t", "\r", std::string(1, '\0'), "\x01", "\x1f", "\x7f",
                                         "\xc2\x85", "\xe2\x80\xa8", "\xe2\x80\xa9", "\xef\xbb\xbf"};
  for (std::size_t offset = 0; offset < 20; ++offset) {
    std::string value(offset, 'x');
    floe::fastyaml::Document ok;
    INFO("offset " << offset);
    CHECK(floe::fastyaml::parse("key: \"" + value + "yz\"\nother: plain " + value + "\n", ok));
    for (const auto& bytes : refused) {
      for (const std::string& doc : {"key: \"" + value + bytes + "yz\"\n", "key: " + value + "ab" + bytes + "cd\n",
                                     "a: 1\nkey: " + value + bytes + "\n"}) {
        floe::fastyaml::Document d;
        INFO("bytes " << fmt::format("{:02x}", static_cast<unsigned char>(bytes[0])));
        CHECK_FALSE(floe::fastyaml::parse(doc, d));
      }
    }
  }
  // Non-ASCII text that is none of those stays on the fast path.
  floe::fastyaml::Document utf8;
  CHECK(floe::fastyaml::parse("description: \"caf\xc3\xa9 \xe2\x82\xac 12345678\"\n", utf8));
}
