// dotenv_parser.cpp - see dotenv_parser.h for the accepted syntax.
#include "dotenv_parser.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string.h>  // explicit_bzero (glibc)

namespace dotenv {

namespace {

// Files larger than this are refused (a .env file is a few KiB; this stops a
// misconfigured path such as /dev/zero from eating memory).
constexpr std::size_t kMaxFileSize = 16u << 20;

bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_name_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9') || c == '.' || c == '-'; }

// A cursor over the whole text, counting lines (values in quotes may span
// several lines, so the parser does not work line by line).
class parser {
 public:
  parser(std::string_view text, const std::string& source) : s_(text), source_(source) {
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") i_ = 3;  // UTF-8 byte-order mark
  }

  entries run() {
    entries out;
    while (!eof()) {
      skip_blanks();
      if (at_eol()) {
        next_line();
        continue;
      }
      if (peek() == '#') {  // comment line
        skip_to_eol();
        next_line();
        continue;
      }
      const int start = line_;
      if (s_.substr(i_, 6) == "export" && i_ + 6 < s_.size() && is_blank(s_[i_ + 6])) {
        i_ += 6;
        skip_blanks();
      }
      std::string name = read_name(start);
      skip_blanks();
      if (eof() || peek() != '=')
        fail(start, "expected NAME=VALUE: the name is not followed by '=' "
                    "(names are letters, digits, '_', '.' and '-')");
      ++i_;
      skip_blanks();
      std::string value;
      if (!eof() && (peek() == '"' || peek() == '\'')) {
        value = read_quoted(start);
        // Only blanks or a comment may follow the closing quote.
        skip_blanks();
        if (!at_eol() && peek() == '#') skip_to_eol();
        if (!at_eol()) {
          wipe(value);
          fail(line_, "unexpected text after the closing quote");
        }
      } else {
        value = read_unquoted();
      }
      next_line();
      auto [it, inserted] = out.values().try_emplace(std::move(name));
      if (!inserted) wipe(it->second);
      it->second = std::move(value);
    }
    return out;
  }

 private:
  [[noreturn]] void fail(int line, const std::string& problem) const {
    throw syntax_error(source_ + ":" + std::to_string(line) + ": " + problem, line);
  }

  bool eof() const { return i_ >= s_.size(); }
  char peek() const { return s_[i_]; }
  // At the end of a line: '\n', "\r\n", a lone '\r' before the end, or the end.
  bool at_eol() const {
    return eof() || s_[i_] == '\n' || (s_[i_] == '\r' && (i_ + 1 == s_.size() || s_[i_ + 1] == '\n'));
  }
  void skip_blanks() {
    while (!eof() && is_blank(s_[i_])) ++i_;
  }
  void skip_to_eol() {
    while (!at_eol()) ++i_;
  }
  void next_line() {
    if (!eof() && s_[i_] == '\r') ++i_;
    if (!eof() && s_[i_] == '\n') {
      ++i_;
      ++line_;
    }
  }

  std::string read_name(int line) {
    if (eof() || !is_name_start(peek()))
      fail(line, "expected NAME=VALUE: a name must start with a letter or '_'");
    std::size_t begin = i_;
    while (!eof() && is_name_char(peek())) ++i_;
    return std::string(s_.substr(begin, i_ - begin));
  }

  // Up to the end of the line; " #" or "\t#" starts a comment; trimmed.
  std::string read_unquoted() {
    std::size_t begin = i_;
    skip_to_eol();
    std::string_view raw = s_.substr(begin, i_ - begin);
    for (std::size_t k = 1; k < raw.size(); ++k) {
      if (raw[k] == '#' && is_blank(raw[k - 1])) {
        raw = raw.substr(0, k);
        break;
      }
    }
    while (!raw.empty() && is_blank(raw.back())) raw.remove_suffix(1);
    return std::string(raw);
  }

  // From the opening quote through the closing one; may span lines.
  std::string read_quoted(int start) {
    const char quote = s_[i_++];
    std::string value;
    for (;;) {
      if (eof()) {
        wipe(value);
        fail(start, quote == '"' ? "unterminated double-quoted value (no closing \")"
                                 : "unterminated single-quoted value (no closing ')");
      }
      char c = s_[i_++];
      if (c == quote) break;
      if (c == '\r' && !eof() && s_[i_] == '\n') continue;  // CRLF inside quotes -> LF
      if (c == '\n') ++line_;
      if (c == '\\' && quote == '"' && !eof()) {
        char e = s_[i_++];
        switch (e) {
          case 'n': c = '\n'; break;
          case 't': c = '\t'; break;
          case 'r': c = '\r'; break;
          case '"': c = '"'; break;
          case '\\': c = '\\'; break;
          default:  // not an escape: keep the backslash and the character
            value += '\\';
            if (e == '\n') ++line_;
            c = e;
        }
      }
      value += c;
    }
    return value;
  }

  std::string_view s_;
  const std::string& source_;
  std::size_t i_ = 0;
  int line_ = 1;
};

}  // namespace

void wipe(std::string& s) noexcept {
  if (!s.empty()) explicit_bzero(s.data(), s.size());
  s.clear();
}

entries::~entries() {
  for (auto& [name, value] : values_) wipe(value);
}

entries parse(std::string_view text, const std::string& source) { return parser(text, source).run(); }

entries load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw io_error("cannot open " + path + ": " + std::strerror(errno));
  std::string text;
  char chunk[4096];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    text.append(chunk, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxFileSize) {
      wipe(text);
      throw io_error(path + " is larger than 16 MiB; is it really a .env file?");
    }
  }
  explicit_bzero(chunk, sizeof chunk);
  if (in.bad()) {
    wipe(text);
    throw io_error("cannot read " + path + ": " + std::strerror(errno));
  }
  try {
    entries result = parse(text, path);
    wipe(text);
    return result;
  } catch (...) {
    wipe(text);
    throw;
  }
}

}  // namespace dotenv
