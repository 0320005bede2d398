#include "core/simple_pattern.hpp"

#include <cstddef>

namespace floe {
namespace {

using CharSet = std::bitset<128>;

constexpr std::size_t kMaxSteps = 63;  // state 63 is "matched"

CharSet range(char lo, char hi) {
  CharSet s;
  for (int c = lo; c <= hi; ++c) s.set(static_cast<std::size_t>(c));
  return s;
}

CharSet one(char c) {
  CharSet s;
  s.set(static_cast<unsigned char>(c));
  return s;
}

// RE2's Perl classes (ASCII only, as RE2's are): \s is [\t\n\f\r ].
CharSet digits() { return range('0', '9'); }
CharSet spaces() { return one('\t') | one('\n') | one('\f') | one('\r') | one(' '); }
CharSet word() { return range('0', '9') | range('A', 'Z') | range('a', 'z') | one('_'); }

bool is_ascii(char c) { return static_cast<unsigned char>(c) < 128; }
bool is_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// The single character an escape stands for (\n, \., \-, ...); nullopt for a
// class escape (\d) or one RE2 reads otherwise (\1, \b, \p, ...).
std::optional<char> escaped_char(char c) {
  switch (c) {
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'f': return '\f';
    case 'v': return '\v';
    default: break;
  }
  if (is_ascii(c) && !is_alnum(c) && c != '\0') return c;  // punctuation stands for itself
  return std::nullopt;
}

// A class escape (\d, \s, \w and their negations), or nullopt.
std::optional<CharSet> class_escape(char c) {
  switch (c) {
    case 'd': return digits();
    case 'D': return ~digits();
    case 's': return spaces();
    case 'S': return ~spaces();
    case 'w': return word();
    case 'W': return ~word();
    default: return std::nullopt;
  }
}

class Reader {
 public:
  explicit Reader(std::string_view p) : p_(p) {}
  bool done() const { return pos_ >= p_.size(); }

  // An atom: a literal, an escape, `.` or a class.
  std::optional<CharSet> atom() {
    const char c = p_[pos_];
    if (!is_ascii(c)) return std::nullopt;
    switch (c) {
      case '[': ++pos_; return bracket();
      case '\\': {
        if (pos_ + 1 >= p_.size()) return std::nullopt;
        const char e = p_[pos_ + 1];
        pos_ += 2;
        if (auto s = class_escape(e)) return s;
        if (auto ch = escaped_char(e)) return one(*ch);
        return std::nullopt;
      }
      case '.': ++pos_; return ~one('\n');  // RE2: . takes anything but a newline
      case '(': case ')': case '|': case '*': case '+': case '?': case '{': case '}': case '^': case '$': case ']':
        return std::nullopt;
      default: ++pos_; return one(c);
    }
  }

  // The quantifier after an atom as (min, max), max -1 for unbounded;
  // (1, 1) when there is none; nullopt for one outside the subset.
  std::optional<std::pair<int, int>> quantifier() {
    if (done()) return std::pair{1, 1};
    std::pair<int, int> q{1, 1};
    switch (p_[pos_]) {
      case '?': q = {0, 1}; ++pos_; break;
      case '*': q = {0, -1}; ++pos_; break;
      case '+': q = {1, -1}; ++pos_; break;
      case '{': {
        ++pos_;
        auto lo = number();
        if (!lo) return std::nullopt;
        int hi = *lo;
        if (!done() && p_[pos_] == ',') {
          ++pos_;
          if (!done() && p_[pos_] == '}') {
            hi = -1;
          } else {
            auto n = number();
            if (!n || *n < *lo) return std::nullopt;
            hi = *n;
          }
        }
        if (done() || p_[pos_] != '}') return std::nullopt;
        ++pos_;
        q = {*lo, hi};
        break;
      }
      default: return std::pair{1, 1};
    }
    // A second quantifier (a lazy `?`, or RE2's "bad repetition") is RE2's.
    if (!done() && (p_[pos_] == '?' || p_[pos_] == '*' || p_[pos_] == '+' || p_[pos_] == '{')) return std::nullopt;
    return q;
  }

 private:
  std::string_view p_;
  std::size_t pos_ = 0;

  std::optional<int> number() {
    int n = 0;
    std::size_t digits_read = 0;
    while (!done() && p_[pos_] >= '0' && p_[pos_] <= '9' && digits_read < 4) {
      n = n * 10 + (p_[pos_] - '0');
      ++pos_;
      ++digits_read;
    }
    if (digits_read == 0 || (!done() && p_[pos_] >= '0' && p_[pos_] <= '9')) return std::nullopt;
    return n;
  }

  // One member of a class that can end a range: a literal or an escaped
  // character. nullopt (with `set` filled) for a class escape.
  enum class Member { character, set, bad };
  Member member(char& ch, CharSet& set) {
    const char c = p_[pos_];
    if (!is_ascii(c) || c == '[') return Member::bad;  // [[:alpha:]] and such are RE2's
    if (c != '\\') {
      ch = c;
      ++pos_;
      return Member::character;
    }
    if (pos_ + 1 >= p_.size()) return Member::bad;
    const char e = p_[pos_ + 1];
    pos_ += 2;
    if (e == 'd' || e == 's' || e == 'w') {
      set = *class_escape(e);
      return Member::set;
    }
    if (auto x = escaped_char(e)) {
      ch = *x;
      return Member::character;
    }
    return Member::bad;  // \D \S \W inside a class, \1, \p, ...
  }

  // After '[': the members up to ']'.
  std::optional<CharSet> bracket() {
    bool negated = false;
    if (!done() && p_[pos_] == '^') {
      negated = true;
      ++pos_;
    }
    if (!done() && p_[pos_] == ']') return std::nullopt;  // "[]...]": RE2's reading
    CharSet s;
    bool any = false;
    while (!done() && p_[pos_] != ']') {
      char lo = 0;
      CharSet escape_set;
      switch (member(lo, escape_set)) {
        case Member::bad: return std::nullopt;
        case Member::set: s |= escape_set; any = true; continue;
        case Member::character: break;
      }
      // "a-z"; a '-' first or last is itself.
      if (pos_ + 1 < p_.size() && p_[pos_] == '-' && p_[pos_ + 1] != ']') {
        ++pos_;
        char hi = 0;
        if (member(hi, escape_set) != Member::character || hi < lo) return std::nullopt;
        s |= range(lo, hi);
      } else {
        s.set(static_cast<unsigned char>(lo));
      }
      any = true;
    }
    if (done() || !any) return std::nullopt;  // no closing ']'
    ++pos_;
    return negated ? ~s : s;
  }
};

}  // namespace

std::optional<SimplePattern> SimplePattern::parse(std::string_view pattern) {
  SimplePattern out;
  std::vector<Step> steps;
  std::size_t start = 0;
  std::size_t end = pattern.size();
  if (end > 0 && pattern[0] == '^') {
    out.anchored_start_ = true;
    start = 1;
  }
  if (end > start && pattern[end - 1] == '$') {
    std::size_t backslashes = 0;
    while (end - 1 - backslashes > start && pattern[end - 2 - backslashes] == '\\') ++backslashes;
    if (backslashes % 2 == 0) {
      out.anchored_end_ = true;
      --end;
    }
  }
  Reader body(pattern.substr(start, end - start));  // between the anchors
  while (!body.done()) {
    auto set = body.atom();
    if (!set) return std::nullopt;
    auto q = body.quantifier();
    if (!q) return std::nullopt;
    const auto [lo, hi] = *q;
    const std::size_t needed = static_cast<std::size_t>(hi < 0 ? (lo == 0 ? 1 : lo) : hi);
    if (steps.size() + needed > kMaxSteps) return std::nullopt;
    for (int i = 0; i < lo; ++i) steps.push_back(Step{*set, false, false});
    if (hi < 0) {
      if (lo == 0) steps.push_back(Step{*set, true, true});  // x*
      else steps.back().repeats = true;                       // x+, x{m,}
    } else {
      for (int i = lo; i < hi; ++i) steps.push_back(Step{*set, true, false});
    }
  }
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const std::uint64_t bit = std::uint64_t{1} << i;
    if (steps[i].optional) out.skippable_ |= bit;
    if (steps[i].repeats) out.repeating_ |= bit;
    for (std::size_t c = 0; c < 128; ++c)
      if (steps[i].accepts.test(c)) out.taking_[c] |= bit;
  }
  out.step_count_ = steps.size();
  return out;
}

std::uint64_t SimplePattern::closure(std::uint64_t states) const {
  // A skippable step's state also stands at the next one; chains of them
  // ("x?x?x?") settle in at most one pass per step.
  for (;;) {
    const std::uint64_t more = states | ((states & skippable_) << 1);
    if (more == states) return states;
    states = more;
  }
}

std::optional<bool> SimplePattern::search(std::string_view text) const {
  for (char c : text)
    if (!is_ascii(c)) return std::nullopt;
  const std::uint64_t matched = std::uint64_t{1} << step_count_;
  std::uint64_t states = closure(1);
  if (!anchored_end_ && (states & matched) != 0) return true;
  for (char c : text) {
    // Every state whose step takes `c` moves on, and a repeating one may
    // also stay: one mask operation for all states at once.
    const std::uint64_t took = states & taking_[static_cast<unsigned char>(c)];
    std::uint64_t next = (took << 1) | (took & repeating_);
    if (!anchored_start_) next |= 1;  // a match may also start after this character
    states = closure(next);
    if (states == 0) return false;
    if (!anchored_end_ && (states & matched) != 0) return true;
  }
  return (states & matched) != 0;
}

}  // namespace floe
