// floe's one regular-expression engine: RE2. Matching is linear in the
// text's length with bounded memory and no recursion, so neither a
// user-written pattern (custom naming rules, schema `pattern`s) nor untrusted
// text (any scalar of a manifest, a model name, a compiled artifact) can
// backtrack exponentially or exhaust the stack, as std::regex could (its
// executor recurses once per character: a long scalar crashed floe).
//
// RE2 is not ECMAScript: no backreferences (\1) and no lookaround ((?=...),
// (?!...), (?<=...), (?<!...)); regex_problem() says so in words.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace floe {

class Regex {
 public:
  enum class Case { sensitive, insensitive };

  explicit Regex(std::string_view pattern, Case letter_case = Case::sensitive);
  ~Regex();
  Regex(Regex&&) noexcept;
  Regex& operator=(Regex&&) noexcept;
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;

  bool ok() const;
  // RE2's reason when !ok(), e.g. "invalid escape sequence: \1"; "" when ok.
  std::string error() const;

  // The whole of `text` matches. False for a pattern that is not ok().
  bool full_match(std::string_view text) const;
  // A match anywhere in `text`.
  bool search(std::string_view text) const;
  // A match that starts at the beginning of `text` (Python's re.match,
  // ECMAScript's match_continuous) and may end anywhere.
  bool match_prefix(std::string_view text) const;

 private:
  std::unique_ptr<re2::RE2> re_;
};

// "" when `pattern` compiles on RE2; otherwise what is wrong, naming the
// construct when it is ECMAScript/Perl syntax RE2 refuses by design
// (backreferences, lookahead, lookbehind, atomic groups, possessive
// quantifiers), so a pattern written for std::regex or Python gets a clear
// answer rather than RE2's terse one.
std::string regex_problem(std::string_view pattern);

}  // namespace floe
