#include "core/regex.hpp"

#include <re2/re2.h>

#include <fmt/format.h>

namespace floe {
namespace {

RE2::Options options_for(Regex::Case letter_case) {
  RE2::Options options;
  options.set_log_errors(false);  // a bad user pattern is a diagnostic, not a line on stderr
  options.set_case_sensitive(letter_case == Regex::Case::sensitive);
  return options;
}

// The first construct of `pattern` that RE2 refuses by design, or "".
// Looked for only after RE2 has refused the pattern, so a literal "(?="
// inside a class never produces a false claim.
std::string unsupported_construct(std::string_view p) {
  bool in_class = false;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      const char e = p[i + 1];
      if (!in_class && e >= '1' && e <= '9') return fmt::format("a backreference (\\{})", e);
      if (!in_class && e == 'k' && i + 2 < p.size() && p[i + 2] == '<') return "a named backreference (\\k<...>)";
      ++i;
      continue;
    }
    if (in_class) {
      in_class = c != ']';
      continue;
    }
    if (c == '[') {
      in_class = true;
      if (i + 1 < p.size() && p[i + 1] == ']') ++i;  // "[]...]": the ']' is a literal
      continue;
    }
    const std::string_view rest = p.substr(i);
    if (rest.starts_with("(?=")) return "a lookahead ((?=...))";
    if (rest.starts_with("(?!")) return "a negative lookahead ((?!...))";
    if (rest.starts_with("(?<=")) return "a lookbehind ((?<=...))";
    if (rest.starts_with("(?<!")) return "a negative lookbehind ((?<!...))";
    if (rest.starts_with("(?>")) return "an atomic group ((?>...))";
    if ((c == '*' || c == '+' || c == '?' || c == '}') && i + 1 < p.size() && p[i + 1] == '+')
      return fmt::format("a possessive quantifier ({}+)", c);
  }
  return {};
}

}  // namespace

Regex::Regex(std::string_view pattern, Case letter_case)
    : re_(std::make_unique<RE2>(re2::StringPiece(pattern.data(), pattern.size()), options_for(letter_case))) {}
Regex::~Regex() = default;
Regex::Regex(Regex&&) noexcept = default;
Regex& Regex::operator=(Regex&&) noexcept = default;

bool Regex::ok() const { return re_->ok(); }
std::string Regex::error() const { return re_->ok() ? std::string() : re_->error(); }

bool Regex::full_match(std::string_view text) const {
  return re_->ok() && RE2::FullMatch(re2::StringPiece(text.data(), text.size()), *re_);
}

bool Regex::search(std::string_view text) const {
  return re_->ok() && RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *re_);
}

bool Regex::match_prefix(std::string_view text) const {
  const re2::StringPiece piece(text.data(), text.size());
  return re_->ok() && re_->Match(piece, 0, piece.size(), RE2::ANCHOR_START, nullptr, 0);
}

std::string regex_problem(std::string_view pattern) {
  const Regex re(pattern);
  if (re.ok()) return {};
  if (std::string construct = unsupported_construct(pattern); !construct.empty()) {
    return fmt::format(
        "not supported: it uses {}, which floe's linear-time regular-expression engine (RE2) does not have; "
        "rewrite the pattern without it",
        construct);
  }
  return fmt::format("not a valid regular expression (RE2 syntax): {}", re.error());
}

}  // namespace floe
