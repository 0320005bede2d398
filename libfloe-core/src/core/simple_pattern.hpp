// The common shape of a JSON Schema `pattern`, matched without RE2.
//
// Most schema patterns are an anchored run of character classes:
// `^[a-z][a-z0-9_]*$`, `^[a-z0-9-]{1,32}$`, `^https?://[^\s]+$`. RE2 takes
// 20-130 µs to compile one, and a command pays that for every pattern it
// meets: a plugin's config schema is checked whole when the plugin loads, so
// a cold compile compiled ~24 patterns (~1.7 M of its ~33 M instructions).
// SimplePattern reads that shape in about a microsecond and matches it with a
// bit-parallel NFA, linear in the text like RE2 (no backtracking), with the
// same answers on ASCII text. Anything else (groups, alternation, lazy
// quantifiers, non-ASCII in the pattern or the text) is RE2's: parse() says
// no, or search() says it cannot tell.
#pragma once

#include <array>
#include <bitset>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace floe {

class SimplePattern {
 public:
  // A pattern of the form  ^? (atom quantifier?)* $?  where an atom is a
  // literal ASCII character, an escaped one (\. \- \/ ...), `.`, \d \D \s \S
  // \w \W, or a class [...] / [^...] of those and ranges; a quantifier is
  // ? * + {n} {m,} {m,n}. nullopt for anything else, and for one that would
  // need more than 64 NFA states ({m,n} counts as n states).
  static std::optional<SimplePattern> parse(std::string_view pattern);

  // RE2's search (a match anywhere, or where the anchors say) when `text` is
  // ASCII; nullopt when it is not (a class then means characters, not bytes:
  // ask RE2).
  std::optional<bool> search(std::string_view text) const;

 private:
  struct Step {
    std::bitset<128> accepts;  // the ASCII characters this step takes
    bool optional = false;     // may be skipped
    bool repeats = false;      // may take more after the first
  };
  // The steps as masks over states (bit i: "before step i"; bit
  // step_count_: matched), so one character moves every state at once.
  std::array<std::uint64_t, 128> taking_{};  // by character: the steps that take it
  std::uint64_t skippable_ = 0;
  std::uint64_t repeating_ = 0;
  std::size_t step_count_ = 0;
  bool anchored_start_ = false;
  bool anchored_end_ = false;

  std::uint64_t closure(std::uint64_t states) const;
};

}  // namespace floe
