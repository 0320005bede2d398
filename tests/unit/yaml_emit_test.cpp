// compile/yaml_emit: to_yaml (yaml-cpp's emitter) writes profiles.yml, Helm
// values and migrated files: a profile reads as dbt expects it, and random
// documents from the shapes compiles write, with keys and strings that are
// plain, quoted and neither, read back as the same values.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <random>
#include <string>

#include "compile/yaml_emit.hpp"
#include "config/yaml_reader.hpp"

namespace json = boost::json;
using floe::YamlStrings;

namespace {

struct YamlTreeMaker {
  std::mt19937 rng{20261125};
  const std::vector<std::string> words{"type",  "duckdb", "s3_region", "a.b/c-d", "1a",   "true",    "null",
                                       "~",     "",       "x: y",      "{{ env_var('X') }}", "a b",  "-x",
                                       "\"q\"", "back\\slash", "tab\there", "caf\xc3\xa9", "123",   "Null",
                                       "#x",    "%x",     "yes",       "0.5",   "@x",      "x,y"};
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); }
  json::value scalar() {
    switch (pick(7)) {
      case 0: return json::value(words[static_cast<std::size_t>(pick(static_cast<int>(words.size())))]);
      case 1: return json::value(pick(2) == 0);
      case 2: return json::value(static_cast<std::int64_t>(pick(2000)) - 1000);
      case 3: return json::value(nullptr);
      case 4: return json::value(1.5);
      case 5: return json::value(json::object{});
      default: return json::value(json::array{});
    }
  }
  json::value tree(int depth) {
    if (depth == 0 || pick(3) == 0) return scalar();
    const int n = 1 + pick(3);
    if (pick(2) == 0) {
      json::object o;
      for (int i = 0; i < n; ++i) {
        // Mostly plain keys, so whole documents take the direct path.
        std::string key = pick(4) == 0 ? words[static_cast<std::size_t>(pick(static_cast<int>(words.size())))]
                                       : "k" + std::to_string(pick(50));
        o[key] = tree(depth - 1);
      }
      return o;
    }
    json::array a;
    for (int i = 0; i < n; ++i) a.push_back(tree(depth - 1));
    return a;
  }
};

}  // namespace

TEST_CASE("yaml emit: a profiles.yml in block style, every string double-quoted", "[yaml_emit]") {
  const json::value profile = json::parse(R"({"customer_360": {"target": "floe", "outputs": {"floe": {
      "type": "duckdb", "threads": 4, "extensions": [], "settings": {},
      "secrets": [{"type": "iceberg", "client_secret": "{{ env_var('POLARIS_CLIENT_SECRET') }}"}]}}}})");
  CHECK(floe::to_yaml(profile) ==
        "customer_360:\n"
        "  target: \"floe\"\n"
        "  outputs:\n"
        "    floe:\n"
        "      type: \"duckdb\"\n"
        "      threads: 4\n"
        "      extensions: []\n"
        "      settings: {}\n"
        "      secrets:\n"
        "        - type: \"iceberg\"\n"
        "          client_secret: \"{{ env_var('POLARIS_CLIENT_SECRET') }}\"\n");
}

TEST_CASE("yaml emit: random documents read back as the same values, quoted or plain where safe", "[yaml_emit]") {
  YamlTreeMaker maker;
  for (int i = 0; i < 3000; ++i) {
    const json::value doc = maker.tree(4);
    if (!doc.is_object() || doc.as_object().empty()) continue;  // floe writes documents that are maps
    for (YamlStrings strings : {YamlStrings::quoted, YamlStrings::plain_when_safe}) {
      const std::string text = floe::to_yaml(doc, strings);
      INFO(json::serialize(doc) << (strings == YamlStrings::quoted ? " quoted" : " plain_when_safe") << "\n" << text);
      floe::LocatedDocument read;
      floe::Diagnostics diags;
      REQUIRE(floe::read_yaml_document(text, "emitted.yaml", read, diags));
      CHECK(read.root == doc);
    }
  }
}
