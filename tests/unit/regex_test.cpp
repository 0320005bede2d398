// core/regex: floe's RE2 wrapper. Matching semantics the callers rely on
// (full, anywhere, anchored at the start, case), linear time on inputs that
// made std::regex overflow its stack or backtrack exponentially, and
// regex_problem's words for syntax RE2 refuses.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "core/regex.hpp"

using floe::Regex;
using floe::regex_problem;

TEST_CASE("regex: full match, search, prefix match and case", "[regex]") {
  const Regex digits("[-+]?[0-9]+");
  CHECK(digits.ok());
  CHECK(digits.error().empty());
  CHECK(digits.full_match("-42"));
  CHECK_FALSE(digits.full_match("42x"));
  CHECK(digits.search("x42"));
  CHECK_FALSE(digits.match_prefix("x42"));
  CHECK(digits.match_prefix("42x"));  // anchored at the start only, like Python's re.match
  const Regex word("secret", Regex::Case::insensitive);
  CHECK(word.search("my SeCrEt"));
  CHECK_FALSE(Regex("secret").search("SECRET"));
}

TEST_CASE("regex: an invalid pattern matches nothing and says why", "[regex]") {
  const Regex bad("(unclosed");
  CHECK_FALSE(bad.ok());
  CHECK_FALSE(bad.error().empty());
  CHECK_FALSE(bad.search("unclosed"));
  CHECK_FALSE(bad.full_match(""));
  CHECK_FALSE(bad.match_prefix("(unclosed"));
}

TEST_CASE("regex: long inputs that broke std::regex run in linear time", "[regex]") {
  const auto start = std::chrono::steady_clock::now();
  // std::regex recursed once per character here: a stack overflow at ~100k.
  CHECK(Regex("[-+]?[0-9]+").full_match(std::string(1000000, '7')));
  CHECK(Regex("^(gold|silver)_([a-z]|_)*$").full_match("gold_" + std::string(1000000, 'a')));
  // Exponential backtracking for a backtracking engine; linear for RE2.
  CHECK_FALSE(Regex("^(a+)+$").full_match(std::string(100000, 'a') + "!"));
  CHECK_FALSE(Regex("(x+x+)+y").search(std::string(100000, 'x')));
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(seconds < 10.0);  // generous for the ASan build; a backtracking engine would not finish
}

TEST_CASE("regex_problem: valid patterns, RE2 syntax errors, and constructs RE2 refuses by design", "[regex]") {
  for (const char* ok : {"^gold_[a-z0-9_]+$", "^(raw|stg|mart)_[a-z0-9_]+$", "^(ab){2}c+$", "^(a+)+$", "(\\w*)*",
                         "^[(?=x)]$"})
    CHECK(regex_problem(ok).empty());
  CHECK(regex_problem("(unclosed").rfind("not a valid regular expression (RE2 syntax): ", 0) == 0);
  CHECK(regex_problem("^(a)\\1$") ==
        "not supported: it uses a backreference (\\1), which floe's linear-time regular-expression engine (RE2) "
        "does not have; rewrite the pattern without it");
  CHECK(regex_problem("^(?<n>a)\\k<n>$").find("backreference") != std::string::npos);
  CHECK(regex_problem("^gold_(?=x)").find("a lookahead ((?=...))") != std::string::npos);
  CHECK(regex_problem("^(?!tmp_)").find("a negative lookahead ((?!...))") != std::string::npos);
  CHECK(regex_problem("(?<=a)b").find("a lookbehind ((?<=...))") != std::string::npos);
  CHECK(regex_problem("(?<!a)b").find("a negative lookbehind ((?<!...))") != std::string::npos);
  CHECK(regex_problem("(?>ab)").find("an atomic group") != std::string::npos);
  CHECK(regex_problem("a++").find("a possessive quantifier (++)") != std::string::npos);
}
