#include "base/fast_yaml.hpp"

#include <cstdint>
#include <cstring>
#include <string>

#include "base/utf8_encode.hpp"

namespace floe::fastyaml {
namespace {

struct Unsupported {};

[[noreturn]] void unsupported() { throw Unsupported{}; }

bool is_null_string(std::string_view s) { return s == "~" || s == "null" || s == "Null" || s == "NULL"; }

// Whether all eight bytes of `w` are printable ASCII (0x20 to 0x7E): none of
// them can be what prescan_ok refuses, and none starts a line. Bit tests that
// are exact as to whether any byte matches ("has a byte less than n", "has a
// zero byte" on w ^ 0x7F..., both for bytes below 0x80).
bool printable_ascii_word(std::uint64_t w) {
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  constexpr std::uint64_t highs = 0x8080808080808080ULL;
  if ((w & highs) != 0) return false;
  if (((w - 0x20 * ones) & ~w & highs) != 0) return false;  // a control byte or '\n'
  const std::uint64_t del = w ^ (0x7F * ones);
  return ((del - ones) & ~del & highs) == 0;  // no DEL
}

// Bytes the subset never accepts: tabs, CR and other controls, a BOM, the
// YAML 1.1 line breaks NEL / LS / PS, and document markers or directives.
// Runs of printable ASCII inside a line are stepped over eight bytes at a time
// (byte by byte, this scan was ~8 % of a 1k-model validate).
bool prescan_ok(std::string_view s) {
  const std::size_t n = s.size();
  bool line_start = true;
  for (std::size_t i = 0; i < n; ++i) {
    if (!line_start) {
      std::uint64_t w = 0;
      while (i + 8 <= n && (std::memcpy(&w, s.data() + i, 8), printable_ascii_word(w))) i += 8;
      if (i >= n) break;
    }
    const auto c = static_cast<unsigned char>(s[i]);
    if (line_start) {
      if (c == '%') return false;
      if (i + 2 < n && ((s[i] == '-' && s[i + 1] == '-' && s[i + 2] == '-') ||
                        (s[i] == '.' && s[i + 1] == '.' && s[i + 2] == '.'))) {
        return false;
      }
    }
    line_start = c == '\n';
    if (c < 0x20 && c != '\n') return false;
    if (c == 0x7F) return false;
    if (c == 0xC2 && i + 1 < n && static_cast<unsigned char>(s[i + 1]) == 0x85) return false;
    if (c == 0xE2 && i + 2 < n && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) == 0xA8 || static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
      return false;
    }
    if (c == 0xEF && i + 2 < n && static_cast<unsigned char>(s[i + 1]) == 0xBB &&
        static_cast<unsigned char>(s[i + 2]) == 0xBF) {
      return false;
    }
  }
  return true;
}

enum class Context { line_start, seq_item, map_value };

// The parser recurses once per nested collection. Past this depth it gives
// up and the caller falls back to yaml-cpp, which stops at its own limit
// (2000) with YAML::DeepRecursion, reported as FLOE-D006; properties files
// nest four or five levels.
constexpr int kMaxDepth = 1000;

class Parser {
  // Counts one level of nesting for as long as it lives.
  class Nested {
   public:
    explicit Nested(int& depth) : level_(depth) {
      if (++level_ > kMaxDepth) unsupported();
    }
    ~Nested() { --level_; }
    Nested(const Nested&) = delete;
    Nested& operator=(const Nested&) = delete;

   private:
    int& level_;
  };

 public:
  Parser(std::string_view s, Document& doc) : s_(s), n_(s.size()), doc_(doc) {}

  void run() {
    doc_.nodes.clear();
    doc_.nodes.reserve(n_ / 12 + 4);
    doc_.source = s_;
    doc_.arena.clear();
    doc_.root = npos;
    if (next_content() < 0) return;
    doc_.root = parse_node(-1, Context::line_start);
    if (!eof()) unsupported();
  }

 private:
  bool eof() const { return p_ >= n_; }
  char peek(std::size_t k = 0) const { return p_ + k < n_ ? s_[p_ + k] : '\0'; }
  int col() const { return static_cast<int>(p_ - line_start_); }
  static bool blank_or_end(char c) { return c == ' ' || c == '\n' || c == '\0'; }

  std::uint32_t new_node(Kind kind, int line, int column) {
    const auto index = static_cast<std::uint32_t>(doc_.nodes.size());
    Node& node = doc_.nodes.emplace_back();
    node.kind = kind;
    node.line = line;
    node.column = column;
    return index;
  }

  void skip_spaces() {
    while (p_ < n_ && s_[p_] == ' ') ++p_;
  }

  // Rest of a line: spaces, an optional comment, the line break (or EOF).
  void finish_line() {
    skip_spaces();
    if (peek() == '#') {
      // `#` must follow a space (a plain scalar before it has already taken
      // the spaces, so look at the byte before, not at what was skipped here).
      if (p_ > line_start_ && s_[p_ - 1] != ' ') unsupported();
      while (p_ < n_ && s_[p_] != '\n') ++p_;
    }
    if (eof()) return;
    if (s_[p_] != '\n') unsupported();
    ++p_;
    ++line_;
    line_start_ = p_;
  }

  // From a line start: skips blank and comment lines; at the first
  // non-space character of the next content line, returns its column (-1 at EOF).
  int next_content() {
    for (;;) {
      std::size_t q = p_;
      while (q < n_ && s_[q] == ' ') ++q;
      if (q >= n_) {
        p_ = q;
        return -1;
      }
      if (s_[q] == '#') {
        while (q < n_ && s_[q] != '\n') ++q;
        if (q >= n_) {
          p_ = q;
          return -1;
        }
      }
      if (s_[q] == '\n') {
        p_ = q + 1;
        ++line_;
        line_start_ = p_;
        continue;
      }
      p_ = q;
      return col();
    }
  }

  void link(std::uint32_t& first, std::uint32_t& last, std::uint32_t index) {
    if (first == npos) {
      first = index;
    } else {
      doc_.nodes[last].next = index;
    }
    last = index;
  }

  // --- scalars ---------------------------------------------------------------

  // A slice of the input stays where it is; other text goes to the arena.
  void set_text(std::uint32_t index, std::string_view text) {
    Node& node = doc_.nodes[index];
    if (text.data() >= s_.data() && text.data() + text.size() <= s_.data() + s_.size()) {
      node.text_at = static_cast<std::uint32_t>(text.data() - s_.data());
    } else {
      node.in_arena = true;
      node.text_at = static_cast<std::uint32_t>(doc_.arena.size());
      doc_.arena.append(text);
    }
    node.text_size = static_cast<std::uint32_t>(text.size());
  }

  std::uint32_t quoted_scalar() {
    const std::uint32_t index = new_node(Kind::scalar, line_, col());
    std::string& text = scratch_;
    text.clear();
    const char q = s_[p_++];
    const std::size_t content = p_;
    for (;;) {
      // The run of characters that stand for themselves, appended at once
      // (character by character, the quoted descriptions and test arguments
      // of a 1k-model project's schema.yml files were ~6 % of a validate).
      const std::size_t run = p_;
      while (p_ < n_ && s_[p_] != q && s_[p_] != '\n' && (q == '\'' || s_[p_] != '\\')) ++p_;
      text.append(s_.data() + run, p_ - run);
      if (eof() || s_[p_] == '\n') unsupported();  // multi-line or unclosed
      // Here s_[p_] is the quote, or a backslash inside double quotes.
      if (s_[p_] == q) {
        if (q == '\'' && peek(1) == '\'') {  // '' stands for one quote
          text += '\'';
          p_ += 2;
          continue;
        }
        ++p_;
        break;
      }
      const char e = peek(1);
      p_ += 2;
      switch (e) {
        case '\\': text += '\\'; break;
        case '"': text += '"'; break;
        case '/': text += '/'; break;
        case 'n': text += '\n'; break;
        case 't': text += '\t'; break;
        case 'r': text += '\r'; break;
        case 'b': text += '\b'; break;
        case 'f': text += '\f'; break;
        case '0': text += '\0'; break;
        case ' ': text += ' '; break;
        case 'x':
        case 'u':
        case 'U': {
          const std::size_t digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
          unsigned long cp = 0;
          for (std::size_t i = 0; i < digits; ++i) {
            const char h = peek(i);
            int v = 0;
            if (h >= '0' && h <= '9') {
              v = h - '0';
            } else if (h >= 'a' && h <= 'f') {
              v = h - 'a' + 10;
            } else if (h >= 'A' && h <= 'F') {
              v = h - 'A' + 10;
            } else {
              unsupported();
            }
            cp = cp * 16 + static_cast<unsigned long>(v);
          }
          p_ += digits;
          if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) unsupported();
          base::append_utf8(text, cp);
          break;
        }
        default: unsupported();
      }
    }
    doc_.nodes[index].quoted = true;
    // Every escape (and '') is shorter decoded than written: the same length
    // means the text stands in the input as is.
    const std::size_t written = p_ - 1 - content;
    set_text(index, text.size() == written ? s_.substr(content, written) : std::string_view(text));
    return index;
  }

  // A plain scalar in block context, on one line.
  std::uint32_t plain_block_scalar() {
    const int line = line_;
    const int column = col();
    const std::size_t start = p_;
    std::size_t end = p_;
    while (p_ < n_) {
      const char c = s_[p_];
      if (c == '\n') break;
      if (c == ':' && blank_or_end(peek(1))) break;
      if (c == '#' && p_ > start && s_[p_ - 1] == ' ') break;
      ++p_;
      if (c != ' ') end = p_;
    }
    if (end == start) unsupported();
    return plain_node(line, column, s_.substr(start, end - start));
  }

  std::uint32_t plain_node(int line, int column, std::string_view text) {
    if (is_null_string(text)) return new_node(Kind::null, line, column);
    const std::uint32_t index = new_node(Kind::scalar, line, column);
    set_text(index, text);
    return index;
  }

  static bool plain_start_ok(char c, char next, bool flow) {
    switch (c) {
      case '-': return !blank_or_end(next) && !(flow && (next == ',' || next == ']' || next == '}'));
      case '?': case ':': case ',': case '[': case ']': case '{': case '}': case '#': case '&': case '*':
      case '!': case '|': case '>': case '\'': case '"': case '%': case '@': case '`': case ' ': case '\n':
      case '\0':
        return false;
      default: return true;
    }
  }

  // --- flow collections (one line) -------------------------------------------

  std::uint32_t plain_flow_scalar() {
    if (!plain_start_ok(peek(), peek(1), true)) unsupported();
    const int line = line_;
    const int column = col();
    const std::size_t start = p_;
    std::size_t end = p_;
    while (p_ < n_) {
      const char c = s_[p_];
      if (c == '\n' || c == ',' || c == '[' || c == ']' || c == '{' || c == '}') break;
      if (c == '?') unsupported();
      if (c == ':') {
        const char next = peek(1);
        if (next == ' ' || next == ',' || next == ']' || next == '}') break;
        unsupported();
      }
      if (c == '#' && s_[p_ - 1] == ' ') unsupported();
      ++p_;
      if (c != ' ') end = p_;
    }
    if (end == start) unsupported();
    return plain_node(line, column, s_.substr(start, end - start));
  }

  std::uint32_t flow_item() {
    const char c = peek();
    if (c == '[' || c == '{') return flow_collection();
    if (c == '"' || c == '\'') return quoted_scalar();
    return plain_flow_scalar();
  }

  std::uint32_t flow_collection() {
    const Nested nested(depth_);
    const bool is_map = peek() == '{';
    const char close = is_map ? '}' : ']';
    const std::uint32_t index = new_node(is_map ? Kind::map : Kind::sequence, line_, col());
    ++p_;
    skip_spaces();
    std::uint32_t first = npos;
    std::uint32_t last = npos;
    std::uint32_t count = 0;
    if (peek() == close) {
      ++p_;
      return index;
    }
    for (;;) {
      if (is_map) {
        const char c = peek();
        if (c == '[' || c == '{') unsupported();
        const std::uint32_t key = flow_item();
        if (doc_.nodes[key].kind != Kind::scalar) unsupported();
        for (std::uint32_t i = first; i != npos; i = doc_.nodes[doc_.nodes[i].next].next) {
          if (doc_.text(doc_.nodes[i]) == doc_.text(doc_.nodes[key])) unsupported();  // a duplicate key
        }
        skip_spaces();
        if (peek() != ':') unsupported();
        ++p_;
        skip_spaces();
        if (peek() == ',' || peek() == '}') unsupported();
        const std::uint32_t value = flow_item();
        link(first, last, key);
        link(first, last, value);
      } else {
        const std::uint32_t item = flow_item();
        link(first, last, item);
      }
      ++count;
      skip_spaces();
      if (peek() == ',') {
        ++p_;
        skip_spaces();
        if (peek() == close) unsupported();  // a trailing comma
        continue;
      }
      if (peek() == close) {
        ++p_;
        break;
      }
      unsupported();
    }
    doc_.nodes[index].first = first;
    doc_.nodes[index].count = count;
    return index;
  }

  // --- block scalars -----------------------------------------------------------

  std::uint32_t block_scalar(int parent_indent) {
    const std::uint32_t index = new_node(Kind::scalar, line_, col());
    const bool folded = s_[p_] == '>';
    ++p_;
    char chomp = ' ';
    if (peek() == '-' || peek() == '+') chomp = s_[p_++];
    if (peek() != ' ' && peek() != '\n' && peek() != '#') unsupported();  // an indentation indicator, ...
    finish_line();
    if (eof()) unsupported();
    std::string& text = scratch_;
    text.clear();
    std::size_t indent = 0;
    std::size_t empties = 0;
    bool any = false;
    for (;;) {
      std::size_t q = p_;
      while (q < n_ && s_[q] == ' ') ++q;
      const std::size_t spaces = q - p_;
      if (q >= n_) {
        if (any && spaces > indent) unsupported();
        break;  // trailing spaces at EOF: not a line
      }
      if (s_[q] == '\n') {
        if (!any || spaces > indent) unsupported();
        ++empties;
        p_ = q + 1;
        ++line_;
        line_start_ = p_;
        continue;
      }
      if (!any) {
        if (static_cast<int>(spaces) <= parent_indent) unsupported();  // an empty block scalar
        indent = spaces;
      } else if (spaces < indent) {
        break;
      }
      std::size_t e = p_ + indent;
      while (e < n_ && s_[e] != '\n') ++e;
      if (e >= n_) unsupported();  // content at EOF without a line break
      const std::string_view content = s_.substr(p_ + indent, e - p_ - indent);
      if (folded && (content.front() == ' ' || content.back() == ' ')) unsupported();
      if (any) {
        if (!folded) {
          text.append(empties + 1, '\n');
        } else if (empties == 0) {
          text += ' ';
        } else {
          text.append(empties, '\n');
        }
      }
      text.append(content);
      any = true;
      empties = 0;
      p_ = e + 1;
      ++line_;
      line_start_ = p_;
    }
    if (!any) unsupported();
    if (chomp == ' ') {
      text += '\n';
    } else if (chomp == '+') {
      text.append(empties + 1, '\n');
    }
    doc_.nodes[index].quoted = true;  // yaml-cpp tags block scalars "!" too: always text, never `true` or 12
    set_text(index, text);
    next_content();
    return index;
  }

  // --- block collections ---------------------------------------------------------

  // At a node's first character. Leaves the position at the next content
  // line's first non-space character (or EOF).
  std::uint32_t parse_node(int parent_indent, Context context) {
    const int column = col();
    const char c = peek();
    if (c == '-' && blank_or_end(peek(1))) {
      if (context != Context::line_start) unsupported();
      return parse_sequence(column);
    }
    if (c == '|' || c == '>') return block_scalar(parent_indent);
    if (c == '[' || c == '{') {
      const std::uint32_t index = flow_collection();
      finish_line();
      next_content();
      return index;
    }
    std::uint32_t scalar = npos;
    if (c == '"' || c == '\'') {
      scalar = quoted_scalar();
    } else {
      if (!plain_start_ok(c, peek(1), false)) unsupported();
      scalar = plain_block_scalar();
    }
    const std::size_t after = p_;
    skip_spaces();
    if (peek() == ':' && blank_or_end(peek(1))) {
      if (context == Context::map_value) unsupported();
      return parse_map(column, scalar);
    }
    p_ = after;
    finish_line();
    next_content();
    return scalar;
  }

  std::uint32_t parse_sequence(int column) {
    const Nested nested(depth_);
    const std::uint32_t index = new_node(Kind::sequence, line_, column);
    std::uint32_t first = npos;
    std::uint32_t last = npos;
    std::uint32_t count = 0;
    for (;;) {
      ++p_;  // the '-'
      skip_spaces();
      std::uint32_t item = npos;
      if (eof() || peek() == '\n' || peek() == '#') {
        finish_line();
        if (next_content() <= column) unsupported();  // an empty entry
        item = parse_node(column, Context::line_start);
      } else {
        item = parse_node(column, Context::seq_item);
      }
      link(first, last, item);
      ++count;
      if (eof() || col() != column || !(peek() == '-' && blank_or_end(peek(1)))) break;
    }
    if (!eof() && col() > column) unsupported();
    doc_.nodes[index].first = first;
    doc_.nodes[index].count = count;
    return index;
  }

  std::uint32_t parse_map(int column, std::uint32_t first_key) {
    const Nested nested(depth_);
    const std::uint32_t index = new_node(Kind::map, doc_.nodes[first_key].line, column);
    std::uint32_t first = npos;
    std::uint32_t last = npos;
    std::uint32_t count = 0;
    std::uint32_t key = first_key;
    for (;;) {
      // At the ':' after `key`.
      const Node& k = doc_.nodes[key];
      if (k.kind != Kind::scalar || k.text_size > 1000) unsupported();
      for (std::uint32_t i = first; i != npos; i = doc_.nodes[doc_.nodes[i].next].next) {
        if (doc_.text(doc_.nodes[i]) == doc_.text(k)) unsupported();  // a duplicate key
      }
      ++p_;
      skip_spaces();
      std::uint32_t value = npos;
      if (eof() || peek() == '\n' || peek() == '#') {
        const int value_line = line_;
        const int value_column = col();
        finish_line();
        const int next = next_content();
        if (next > column) {
          value = parse_node(column, Context::line_start);
        } else if (next == column && peek() == '-' && blank_or_end(peek(1))) {
          value = parse_sequence(column);  // indentless
        } else {
          value = new_node(Kind::null, value_line, value_column);
        }
      } else {
        value = parse_node(column, Context::map_value);
      }
      link(first, last, key);
      link(first, last, value);
      ++count;
      if (eof() || col() < column) break;
      if (col() > column) unsupported();
      const char c = peek();
      if (c == '"' || c == '\'') {
        key = quoted_scalar();
      } else {
        if (!plain_start_ok(c, peek(1), false)) unsupported();
        key = plain_block_scalar();
      }
      skip_spaces();
      if (!(peek() == ':' && blank_or_end(peek(1)))) unsupported();
    }
    doc_.nodes[index].first = first;
    doc_.nodes[index].count = count;
    return index;
  }

  std::string_view s_;
  std::size_t n_;
  Document& doc_;
  std::string scratch_;  // a quoted or block scalar being decoded
  std::size_t p_ = 0;
  int line_ = 0;
  std::size_t line_start_ = 0;
  int depth_ = 0;
};

}  // namespace

bool parse(std::string_view text, Document& doc) {
  if (text.size() >= npos || !prescan_ok(text)) return false;  // offsets are 32-bit
  try {
    Parser(text, doc).run();
    return true;
  } catch (const Unsupported&) {
    return false;
  }
}

std::string_view NodeRef::Scalar() const {
  return node().kind == Kind::scalar ? doc_->text(node()) : std::string_view();
}

NodeRef NodeRef::operator[](std::string_view key) const {
  if (node().kind != Kind::map) return {};
  // The first pair with the key (as yaml-cpp); stops there: a dbt properties
  // file asks each of ~460k column maps for ten keys.
  for (std::uint32_t k = node().first; k != npos;) {
    const std::uint32_t v = doc_->nodes[k].next;
    if (doc_->text(doc_->nodes[k]) == key) return NodeRef(doc_, v);
    k = doc_->nodes[v].next;
  }
  return {};
}

}  // namespace floe::fastyaml
