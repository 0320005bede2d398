// core/simple_pattern: the schema patterns matched without RE2 must answer
// exactly what RE2 does. Exact cases first, then every pattern of floe's own
// schemas (docs/schemas, the plugins' config schemas) against RE2 on random
// texts drawn from the pattern's own characters.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/regex.hpp"
#include "core/simple_pattern.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using floe::Regex;
using floe::SimplePattern;

namespace {

void collect_schema_patterns(const boost::json::value& v, std::set<std::string>& out) {
  if (v.is_object()) {
    for (const auto& [k, child] : v.as_object()) {
      if (k == "pattern" && child.is_string()) out.insert(std::string(child.as_string()));
      if (k == "patternProperties" && child.is_object())
        for (const auto& [p, unused] : child.as_object()) out.insert(std::string(p));
      collect_schema_patterns(child, out);
    }
  } else if (v.is_array()) {
    for (const auto& child : v.as_array()) collect_schema_patterns(child, out);
  }
}

// Every `"pattern": "..."` in a plugin source (their schemas are JSON in raw
// strings), read as the JSON string it is.
void collect_source_patterns(const std::string& text, std::set<std::string>& out) {
  for (std::size_t at = text.find("\"pattern\""); at != std::string::npos; at = text.find("\"pattern\"", at + 1)) {
    std::size_t q = text.find_first_not_of(" :\t\n", at + 9);
    if (q == std::string::npos || text[q] != '"') continue;
    std::size_t e = q + 1;
    while (e < text.size() && text[e] != '"') e += text[e] == '\\' ? 2 : 1;
    boost::system::error_code ec;
    auto parsed = boost::json::parse(text.substr(q, e - q + 1), ec);
    if (!ec && parsed.is_string()) out.insert(std::string(parsed.as_string()));
  }
}

std::set<std::string> floe_patterns() {
  std::set<std::string> out;
  const fs::path root = FLOE_TEST_SOURCE_DIR;
  for (const auto& e : fs::recursive_directory_iterator(root / "docs" / "schemas"))
    if (e.path().extension() == ".json") collect_schema_patterns(boost::json::parse(floe::test::read_file(e.path())), out);
  for (const auto& e : fs::recursive_directory_iterator(root / "plugins")) {
    const auto ext = e.path().extension();
    if (ext == ".cpp" || ext == ".hpp") collect_source_patterns(floe::test::read_file(e.path()), out);
  }
  return out;
}

// Agreement with RE2 on `texts`; returns how many matched.
int agree_with_re2(const std::string& pattern, const std::vector<std::string>& texts) {
  INFO("pattern: " << pattern);
  auto simple = SimplePattern::parse(pattern);
  REQUIRE(simple.has_value());
  const Regex re(pattern);
  REQUIRE(re.ok());  // every pattern the fast path takes is valid RE2
  int matched = 0;
  for (const auto& t : texts) {
    INFO("text: '" << t << "'");
    auto answer = simple->search(t);
    REQUIRE(answer.has_value());
    CHECK(*answer == re.search(t));
    matched += *answer ? 1 : 0;
  }
  return matched;
}

std::vector<std::string> random_texts(const std::string& pattern, std::mt19937& rng, int count) {
  std::string alphabet = "aZ09-_./: @\n\t";
  for (char c : pattern)
    if (static_cast<unsigned char>(c) < 128 && c != '\\') alphabet += c;
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1), length(0, 40);
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) {
    std::string t;
    for (std::size_t n = length(rng); n > 0; --n) t += alphabet[pick(rng)];
    out.push_back(t);
  }
  return out;
}

}  // namespace

TEST_CASE("simple pattern: exact answers, anchors, quantifiers and classes", "[simple_pattern]") {
  struct Case {
    std::string pattern;
    std::string text;
    bool matches;
  };
  const std::vector<Case> cases{
      {"^[a-z][a-z0-9_]*$", "orders_2", true},   {"^[a-z][a-z0-9_]*$", "2orders", false},
      {"^[a-z][a-z0-9_]*$", "", false},          {"^[a-z][a-z0-9_]*$", "a", true},
      {"^[a-z0-9-]{1,32}$", "", false},          {"^[a-z0-9-]{1,32}$", std::string(32, 'a'), true},
      {"^[a-z0-9-]{1,32}$", std::string(33, 'a'), false},
      {"^[a-z0-9][a-z0-9.-]*[a-z0-9]$", "a.b-c", true}, {"^[a-z0-9][a-z0-9.-]*[a-z0-9]$", "a-", false},
      {"^[a-z0-9][a-z0-9.-]*[a-z0-9]$", "a", false},
      {"^https?://[^\\s]+$", "http://x", true},  {"^https?://[^\\s]+$", "https://x y", false},
      {"^https?://[^/?#]+", "https://host/path", true}, {"^https?://[^/?#]+", "ftp://host", false},
      {"\\S", "   ", false},                      {"\\S", "  x ", true},
      {"^[^\\r\\n]*$", "one line", true},         {"^[^\\r\\n]*$", "two\nlines", false},
      {"^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$", "arn:aws:iam::123456789012:role/x", true},
      {"^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$", "arn:aws:iam::12345678901:role/x", false},
      {"x{2,}", "axxb", true},                    {"x{2,}", "axb", false},
      {"^a?a?a?aaa$", "aaa", true},               {"^a?a?a?aaa$", "aaaaaaa", false},
      {"^\\.[.]\\-$", "..-", true},               {"^\\.[.]\\-$", "a.-", false},
      {"^a.c$", "abc", true},                     {"^a.c$", "a\nc", false},
      {"^[\\d\\w]+$", "a_9", true},               {"^\\W+$", "a", false},
      {"end\\$", "the end$", true},               {"end\\$", "the end", false},
      {"", "anything", true},                     {"^$", "", true},
      {"^$", "x", false},
  };
  for (const auto& c : cases) {
    INFO(c.pattern << " on '" << c.text << "'");
    auto p = SimplePattern::parse(c.pattern);
    REQUIRE(p.has_value());
    CHECK(p->search(c.text) == std::optional<bool>(c.matches));
    CHECK(Regex(c.pattern).search(c.text) == c.matches);
  }
}

TEST_CASE("simple pattern: what it leaves to RE2", "[simple_pattern]") {
  // Groups, alternation, lazy and doubled quantifiers, POSIX classes, class
  // escapes negated inside a class, backreferences, invalid ranges and
  // repetitions, and more states than it keeps.
  for (const char* p : {"^(a|b)$", "a|b", "^a+?$", "^a**$", "[[:alpha:]]", "[^\\S]", "(a)\\1", "[z-a]", "a{3,2}",
                        "a{", "*a", "^[]a]$", "[abc", "\\bword", "a{64}", "^[a-z]{1,64}$", "caf\xc3\xa9"}) {
    INFO(p);
    CHECK_FALSE(SimplePattern::parse(p).has_value());
  }
  // Non-ASCII text: characters, not bytes, so RE2 answers.
  auto p = SimplePattern::parse("^[^/]$");
  REQUIRE(p.has_value());
  CHECK_FALSE(p->search("\xc3\xa9").has_value());
  CHECK(Regex("^[^/]$").search("\xc3\xa9"));  // one character
}

TEST_CASE("simple pattern: every pattern of floe's schemas agrees with RE2", "[simple_pattern]") {
  const std::set<std::string> patterns = floe_patterns();
  REQUIRE(patterns.size() >= 20);  // the collection really found them
  std::mt19937 rng(20261125);
  int simple = 0, matched = 0;
  for (const auto& p : patterns) {
    if (!SimplePattern::parse(p)) continue;
    ++simple;
    matched += agree_with_re2(p, random_texts(p, rng, 400));
  }
  // Most of them take the fast path, and the random texts do match some.
  CHECK(simple * 2 >= static_cast<int>(patterns.size()));
  CHECK(matched > 100);
}
