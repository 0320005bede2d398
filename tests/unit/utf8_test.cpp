// core/utf8: the first byte that is not well-formed UTF-8, with its line and
// column (the reader's diagnostic points there); and the other side of text
// from outside, diagnostics that print it safely.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/utf8.hpp"
#include "diag/diagnostic.hpp"

using floe::first_invalid_utf8;

TEST_CASE("utf8: well-formed text of 1 to 4 byte characters passes") {
  CHECK_FALSE(first_invalid_utf8("").has_value());
  CHECK_FALSE(first_invalid_utf8("plain ascii\nline two").has_value());
  CHECK_FALSE(first_invalid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xEF\xBF\xBF \xF4\x8F\xBF\xBF").has_value());
}

TEST_CASE("utf8: Latin-1, truncated, overlong, surrogate and out-of-range sequences are found where they start") {
  struct Case {
    std::string text;
    std::size_t offset, line, column;
  };
  const Case cases[] = {
      {"name: caf\xE9\n", 9, 1, 10},                  // Latin-1 e-acute
      {"a\nb\nxy\xC3", 6, 3, 3},                        // truncated at the end
      {"\xC0\xAF", 0, 1, 1},                            // overlong '/'
      {"ok \xE0\x80\xAF", 3, 1, 4},                     // overlong 3-byte
      {"\xED\xA0\x80", 0, 1, 1},                        // a UTF-16 surrogate
      {"\xF4\x90\x80\x80", 0, 1, 1},                    // above U+10FFFF
      {"\xF5\x80\x80\x80", 0, 1, 1},                    // no such lead byte
      {"x\xE2\x82y", 1, 1, 2},                          // a continuation missing
      {"\x80", 0, 1, 1},                                // a lone continuation byte
  };
  for (const auto& c : cases) {
    INFO(c.offset);
    auto bad = first_invalid_utf8(c.text);
    REQUIRE(bad.has_value());
    CHECK(bad->offset == c.offset);
    CHECK(bad->line == c.line);
    CHECK(bad->column == c.column);
    CHECK(bad->byte == static_cast<unsigned char>(c.text[c.offset]));
  }
}

// Text from outside reaches the terminal through diagnostics (issue 34 item
// 16): escape sequences and carriage returns in it are shown, not obeyed.
TEST_CASE("a diagnostic's text shows control characters from outside as hex escapes, keeping newlines") {
  floe::Diagnostic d = floe::make_diagnostic("FLOE-X103", "ingestion",
                                             "catalog said: \x1b[2J\x1b[31mgone\r fake line\x07 \xC2\x9B" "31m",
                                             {"models/\x1b]0;title\x07x.sql", 3, 1}, "a table\nname", "retry");
  std::string text = floe::format_diagnostic(d);
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find('\r') == std::string::npos);
  CHECK(text.find('\x07') == std::string::npos);
  CHECK(text.find("\xC2\x9B") == std::string::npos);
  CHECK(text.find("catalog said: \\x1B[2J\\x1B[31mgone\\x0D fake line\\x07 \\u009B31m") != std::string::npos);
  CHECK(text.find("models/\\x1B]0;title\\x07x.sql:3:1: error FLOE-X103") == 0);
  CHECK(text.find("expected: a table\nname") != std::string::npos);  // the newline stays
}

TEST_CASE("utf8: is_terminal_safe says exactly when terminal_safe changes nothing") {
  // The CLI prints a field as it is when is_terminal_safe says so, and
  // through terminal_safe otherwise: the two must agree on every input.
  const std::vector<std::string> samples = {
      "", "plain", "tab\tand\nnewline", "escape \x1b[31mred", "bell\x07", "del\x7f", "caf\xC3\xA9",
      "C1 \xC2\x9B" "31m", "C1 edge \xC2\x80", "not C1 \xC2\xA0", "cut at the end \xC2", "\r carriage", "nul" + std::string(1, '\0')};
  for (const auto& s : samples) {
    INFO(s);
    CHECK(floe::is_terminal_safe(s) == (floe::terminal_safe(s) == s));
  }
  // Every single byte and every pair after 0xC2.
  for (int c = 0; c < 256; ++c) {
    const std::string one(1, static_cast<char>(c));
    CHECK(floe::is_terminal_safe(one) == (floe::terminal_safe(one) == one));
    const std::string pair = "\xC2" + one;
    CHECK(floe::is_terminal_safe(pair) == (floe::terminal_safe(pair) == pair));
  }
}
