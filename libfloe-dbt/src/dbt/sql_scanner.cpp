#include "dbt/sql_scanner.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <charconv>
#include <cstdint>

namespace floe::dbt {
namespace {

bool is_ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_'; }
bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

// One argument of a Jinja call: a literal we understood, or nothing when the
// argument is an expression (var('x'), a variable, arithmetic...).
using Literal = std::optional<boost::json::value>;

struct CallArgs {
  std::vector<Literal> positional;
  std::map<std::string, Literal> keyword;
};

// The characters skip_plain stops at, as a table (a byte's entry is true).
using StopTable = std::array<bool, 256>;
constexpr StopTable stop_table(std::string_view special) {
  StopTable table{};
  for (char c : special) table[static_cast<unsigned char>(c)] = true;
  return table;
}
constexpr StopTable kInString = stop_table("{'\n");
constexpr StopTable kInSql = stop_table("{-/'\n");

class Scanner {
 public:
  explicit Scanner(std::string_view text) : s_(text) {}

  SqlScan run() {
    bool in_sql_string = false;
    while (!eof()) {
      // Only '{', '-', '/' and '\'' can start what the scan looks for; the
      // character after is looked at only then.
      const char c = s_[i_];
      const char next = i_ + 1 < s_.size() ? s_[i_ + 1] : '\0';
      if (c == '{' && next == '#') {
        mark_first();
        skip_past("#}");
      } else if (c == '{' && (next == '{' || next == '%')) {
        mark_first();
        jinja_block(next == '{' ? "}}" : "%}");
      } else if (in_sql_string) {
        // Jinja is rendered inside SQL strings, but comment markers are text there.
        if (c == '\'') in_sql_string = false;
        advance();
        if (in_sql_string) skip_plain(kInString);
      } else if (c == '-' && next == '-') {
        skip_line();
      } else if (c == '/' && next == '*') {
        skip_past("*/");
      } else if (c == '\'') {
        mark_first();
        in_sql_string = true;
        advance();
      } else {
        if (std::isspace(static_cast<unsigned char>(c)) == 0) mark_first();
        advance();
        if (first_marked_) skip_plain(kInSql);
      }
    }
    return std::move(out_);
  }

 private:
  bool eof() const { return i_ >= s_.size(); }
  bool starts(std::string_view p) const { return s_.substr(i_, p.size()) == p; }
  char peek() const { return eof() ? '\0' : s_[i_]; }

  void advance() {
    if (s_[i_] == '\n') {
      ++line_;
      col_ = 1;
    } else {
      ++col_;
    }
    ++i_;
  }
  void advance(std::size_t n) {
    for (std::size_t k = 0; k < n && !eof(); ++k) advance();
  }
  // Moves to `pos` (at most the end), counting the lines passed.
  void move_to(std::size_t pos) {
    pos = std::min(pos, s_.size());
    while (i_ < pos) {
      const void* nl = std::memchr(s_.data() + i_, '\n', pos - i_);
      if (nl == nullptr) {
        col_ += static_cast<int>(pos - i_);
        i_ = pos;
        return;
      }
      i_ = static_cast<std::size_t>(static_cast<const char*>(nl) - s_.data()) + 1;
      ++line_;
      col_ = 1;
    }
  }
  void skip_past(std::string_view end) {
    move_to(s_.find(end, i_));
    advance(end.size());
  }
  // Steps over text that cannot start anything the scan looks for, up to the
  // next character of `stop` (which holds '\n', so lines are counted): most
  // of a model is plain SQL, and testing every character for "{#", "{{",
  // "{%", "--" and "/*" was most of the scan.
  void skip_plain(const StopTable& stop) {
    std::size_t end = i_;
    while (end < s_.size() && !stop[static_cast<unsigned char>(s_[end])]) ++end;
    col_ += static_cast<int>(end - i_);
    i_ = end;
  }
  void skip_line() { move_to(s_.find('\n', i_)); }
  void skip_space() {
    while (!eof() && std::isspace(static_cast<unsigned char>(s_[i_])) != 0) advance();
  }
  void mark_first() {
    if (first_marked_) return;
    first_marked_ = true;
    out_.first_line = line_;
    out_.first_column = col_;
  }

  // Inside {{ ... }} or {% ... %}: look for ref/source/config calls until the
  // closing delimiter, stepping over string literals so a "}}" inside one does
  // not end the block.
  void jinja_block(std::string_view close) {
    advance(2);
    const std::size_t body_start = i_;
    char previous = '\0';  // last significant character, to reject `x.ref(` and `my_ref(`
    while (!eof() && !starts(close)) {
      const char c = s_[i_];
      if (c == '\'' || c == '"') {
        skip_string();
        previous = c;
      } else if (is_ident_start(c)) {
        const int line = line_;
        const int column = col_;
        const std::size_t start = i_;
        while (!eof() && is_ident_char(s_[i_])) advance();
        const std::string_view ident = s_.substr(start, i_ - start);
        if (previous != '.') {
          if (ident == "raw" && close == "%}" && s_.substr(body_start, start - body_start).find_first_not_of(" \t\r\n-") ==
                                                      std::string_view::npos) {
            skip_raw_block(close);
            return;
          }
          maybe_call(ident, line, column);
        }
        previous = 'a';
      } else {
        if (std::isspace(static_cast<unsigned char>(c)) == 0) previous = c;
        advance();
      }
    }
    advance(close.size());
  }

  // {% raw %} ... {% endraw %}: nothing inside is Jinja.
  void skip_raw_block(std::string_view close) {
    skip_past(close);
    while (!eof()) {
      if (starts("{%")) {
        advance(2);
        if (peek() == '-') advance();
        skip_space();
        if (starts("endraw")) {
          skip_past("%}");
          return;
        }
      } else {
        advance();
      }
    }
  }

  void skip_string() {
    const char quote = s_[i_];
    advance();
    while (!eof() && s_[i_] != quote) {
      if (s_[i_] == '\\') advance();
      if (!eof()) advance();
    }
    if (!eof()) advance();
  }

  std::string read_string() {
    const char quote = s_[i_];
    advance();
    std::string value;
    while (!eof() && s_[i_] != quote) {
      if (s_[i_] == '\\' && i_ + 1 < s_.size()) {
        advance();
        const char e = s_[i_];
        value += e == 'n' ? '\n' : e == 't' ? '\t' : e;
      } else {
        value += s_[i_];
      }
      advance();
    }
    if (!eof()) advance();
    return value;
  }

  void maybe_call(std::string_view ident, int line, int column) {
    if (ident != "ref" && ident != "source" && ident != "config") return;
    skip_space();
    if (peek() != '(') return;
    advance();
    const CallArgs args = read_args();
    if (ident == "ref") {
      add_ref(args, line, column);
    } else if (ident == "source") {
      add_source(args, line, column);
    } else {
      add_config(args);
    }
  }

  // Arguments up to the matching ')'.
  CallArgs read_args() {
    CallArgs args;
    for (;;) {
      skip_space();
      if (eof()) return args;
      if (peek() == ')') {
        advance();
        return args;
      }
      // An unclosed call: stop at the end of the Jinja block.
      if (starts("}}") || starts("%}")) return args;
      const std::size_t arg_start = i_;
      std::string keyword;
      if (is_ident_start(peek())) {
        const std::size_t save_i = i_;
        const int save_line = line_;
        const int save_col = col_;
        while (!eof() && is_ident_char(s_[i_])) advance();
        std::string name(s_.substr(save_i, i_ - save_i));
        skip_space();
        if (peek() == '=' && (i_ + 1 >= s_.size() || s_[i_ + 1] != '=')) {
          advance();
          skip_space();
          keyword = std::move(name);
        } else {
          i_ = save_i;
          line_ = save_line;
          col_ = save_col;
        }
      }
      Literal value = read_literal_argument();
      if (keyword.empty()) {
        args.positional.push_back(std::move(value));
      } else {
        args.keyword[keyword] = std::move(value);
      }
      skip_space();
      if (peek() == ',') {
        advance();
      } else if (i_ == arg_start) {
        return args;  // a stray closing bracket: no progress possible
      }
    }
  }

  // A literal followed by ',' or ')' is understood; anything else is skipped
  // to the end of the argument.
  Literal read_literal_argument() {
    Literal value = read_literal();
    skip_space();
    if (value && (peek() == ',' || peek() == ')')) return value;
    skip_expression();
    return std::nullopt;
  }

  // Recursive per nested [ ( { literal, so the depth is bounded: past
  // kSqlLiteralDepthLimit the literal is not understood and the scan records
  // where (the reader reports FLOE-D006); a mutated model file nesting
  // 100k brackets must not overflow the stack (nor would boost::json's
  // recursive destructor survive such a value).
  Literal read_literal(int depth = 0) {
    skip_space();
    const char c = peek();
    if (c == '\'' || c == '"') return boost::json::value(read_string());
    if ((c == '[' || c == '(' || c == '{') && depth >= kSqlLiteralDepthLimit) {
      if (!out_.too_deep) out_.too_deep = SqlPosition{line_, col_};
      return std::nullopt;
    }
    if (c == '[' || c == '(') {
      const char close = c == '[' ? ']' : ')';
      advance();
      boost::json::array items;
      for (;;) {
        skip_space();
        if (peek() == close) {
          advance();
          return boost::json::value(std::move(items));
        }
        Literal item = read_literal(depth + 1);
        if (!item) return std::nullopt;
        items.push_back(std::move(*item));
        skip_space();
        if (peek() == ',') {
          advance();
        } else if (peek() != close) {
          return std::nullopt;
        }
      }
    }
    if (c == '{') {
      advance();
      boost::json::object object;
      for (;;) {
        skip_space();
        if (peek() == '}') {
          advance();
          return boost::json::value(std::move(object));
        }
        if (peek() != '\'' && peek() != '"') return std::nullopt;
        std::string key = read_string();
        skip_space();
        if (peek() != ':') return std::nullopt;
        advance();
        Literal item = read_literal(depth + 1);
        if (!item) return std::nullopt;
        object[key] = std::move(*item);
        skip_space();
        if (peek() == ',') {
          advance();
        } else if (peek() != '}') {
          return std::nullopt;
        }
      }
    }
    if (std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '-') {
      const std::size_t start = i_;
      advance();
      while (!eof() && (std::isdigit(static_cast<unsigned char>(s_[i_])) != 0 || s_[i_] == '.')) advance();
      return number(s_.substr(start, i_ - start));
    }
    if (is_ident_start(c)) {
      const std::size_t start = i_;
      while (!eof() && is_ident_char(s_[i_])) advance();
      const std::string_view word = s_.substr(start, i_ - start);
      if (word == "true" || word == "True") return boost::json::value(true);
      if (word == "false" || word == "False") return boost::json::value(false);
      if (word == "none" || word == "None") return boost::json::value(nullptr);
      return std::nullopt;
    }
    return std::nullopt;
  }

  // A numeric literal such as 3, -2 or 1.5. Text that is no number ("-",
  // "1.2.3") or does not fit (an integer past 2^63) is not understood; it
  // must not throw as std::stoll / std::stod would.
  static Literal number(std::string_view text) {
    const char* first = text.data();
    const char* last = first + text.size();
    if (text.find('.') == std::string_view::npos) {
      std::int64_t v = 0;
      const auto [end, ec] = std::from_chars(first, last, v);
      if (ec == std::errc() && end == last) return boost::json::value(v);
      return std::nullopt;
    }
    double d = 0;
    const auto [end, ec] = std::from_chars(first, last, d);
    if (ec == std::errc() && end == last) return boost::json::value(d);
    return std::nullopt;
  }

  // Skips an argument expression up to the ',' or ')' that ends it.
  void skip_expression() {
    int depth = 0;
    while (!eof()) {
      const char c = s_[i_];
      if (depth == 0 && (starts("}}") || starts("%}"))) return;
      if (c == '\'' || c == '"') {
        skip_string();
        continue;
      }
      if (c == '(' || c == '[' || c == '{') {
        ++depth;
      } else if (c == ')' || c == ']' || c == '}') {
        if (depth == 0) return;
        --depth;
      } else if (c == ',' && depth == 0) {
        return;
      }
      advance();
    }
  }

  static std::optional<std::string> string_of(const Literal& l) {
    if (!l || !l->is_string()) return std::nullopt;
    return std::string(l->get_string());
  }

  void add_ref(const CallArgs& args, int line, int column) {
    ScannedRef ref;
    ref.line = line;
    ref.column = column;
    if (args.positional.size() == 1) {
      auto name = string_of(args.positional[0]);
      if (!name) return;
      ref.name = *name;
    } else if (args.positional.size() == 2) {
      auto package = string_of(args.positional[0]);
      auto name = string_of(args.positional[1]);
      if (!package || !name) return;
      ref.package = *package;
      ref.name = *name;
    } else {
      return;
    }
    for (const char* key : {"v", "version"}) {
      auto it = args.keyword.find(key);
      if (it != args.keyword.end() && it->second) {
        ref.version = it->second->is_string() ? std::string(it->second->get_string())
                                              : boost::json::serialize(*it->second);
      }
    }
    out_.refs.push_back(std::move(ref));
  }

  void add_source(const CallArgs& args, int line, int column) {
    if (args.positional.size() != 2) return;
    auto source_name = string_of(args.positional[0]);
    auto table_name = string_of(args.positional[1]);
    if (!source_name || !table_name) return;
    out_.sources.push_back({*source_name, *table_name, line, column});
  }

  void add_config(const CallArgs& args) {
    ScannedConfig& config = out_.config;
    if (auto it = args.keyword.find("materialized"); it != args.keyword.end()) {
      if (auto m = string_of(it->second)) config.materialized = *m;
    }
    if (auto it = args.keyword.find("enabled"); it != args.keyword.end() && it->second && it->second->is_bool()) {
      config.enabled = it->second->get_bool();
    }
    if (auto it = args.keyword.find("tags"); it != args.keyword.end() && it->second) {
      if (it->second->is_string()) config.tags.emplace_back(it->second->get_string());
      if (it->second->is_array()) {
        for (const auto& tag : it->second->get_array()) {
          if (tag.is_string()) config.tags.emplace_back(tag.get_string());
        }
      }
    }
    if (auto it = args.keyword.find("meta"); it != args.keyword.end() && it->second && it->second->is_object()) {
      for (const auto& [key, value] : it->second->get_object()) {
        config.meta[std::string(key)] = boost::json::serialize(value);
      }
    }
  }

  std::string_view s_;
  std::size_t i_ = 0;
  int line_ = 1;
  int col_ = 1;
  bool first_marked_ = false;
  SqlScan out_;
};

}  // namespace

SqlScan scan_model_sql(std::string_view text) { return Scanner(text).run(); }

}  // namespace floe::dbt
