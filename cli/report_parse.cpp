#include "report_parse.hpp"

#include "output_arena.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value_stack.hpp>
#include <boost/system/system_error.hpp>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

namespace floe::cli {
namespace {

namespace json = boost::json;
using json::error_code;
using json::string_view;

// boost::json::parser's handler (a value_stack fed by basic_parser's events),
// with the values of some top-level keys left out: their events are counted
// through, not pushed.
class SkippingHandler {
 public:
  static constexpr std::size_t max_object_size = json::object::max_size();
  static constexpr std::size_t max_array_size = json::array::max_size();
  static constexpr std::size_t max_key_size = json::string::max_size();
  static constexpr std::size_t max_string_size = json::string::max_size();

  // `listed` are the top-level keys skipped, or with `keep_listed` the only
  // ones kept.
  SkippingHandler(json::storage_ptr storage, std::initializer_list<std::string_view> listed, bool keep_listed)
      : listed_(listed), keep_listed_(keep_listed) {
    stack_.reset(std::move(storage));
  }

  json::value release() { return stack_.release(); }

  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }

  bool on_object_begin(error_code&) { return open(); }
  bool on_array_begin(error_code&) { return open(); }
  bool on_object_end(std::size_t n, error_code&) {
    if (close()) stack_.push_object(depth_ == 0 ? n - skipped_members_ : n);
    return true;
  }
  bool on_array_end(std::size_t n, error_code&) {
    if (close()) stack_.push_array(n);
    return true;
  }

  bool on_key_part(string_view s, std::size_t, error_code&) {
    if (in_skipped()) return true;
    if (depth_ == 1) {
      root_key_.append(s.data(), s.size());
    } else {
      stack_.push_chars(s);
    }
    return true;
  }
  bool on_key(string_view s, std::size_t, error_code&) {
    if (in_skipped()) return true;
    if (depth_ != 1) {
      stack_.push_key(s);
      return true;
    }
    root_key_.append(s.data(), s.size());
    const bool listed = std::find(listed_.begin(), listed_.end(), root_key_) != listed_.end();
    if (listed != keep_listed_) {
      skip_next_ = true;
    } else {
      stack_.push_key(string_view(root_key_));
    }
    root_key_.clear();
    return true;
  }

  bool on_string_part(string_view s, std::size_t, error_code&) {
    if (!in_skipped() && !skip_next_) stack_.push_chars(s);
    return true;
  }
  bool on_string(string_view s, std::size_t, error_code&) {
    if (scalar()) stack_.push_string(s);
    return true;
  }
  bool on_number_part(string_view, error_code&) { return true; }
  bool on_int64(std::int64_t i, string_view, error_code&) {
    if (scalar()) stack_.push_int64(i);
    return true;
  }
  bool on_uint64(std::uint64_t u, string_view, error_code&) {
    if (scalar()) stack_.push_uint64(u);
    return true;
  }
  bool on_double(double d, string_view, error_code&) {
    if (scalar()) stack_.push_double(d);
    return true;
  }
  bool on_bool(bool b, error_code&) {
    if (scalar()) stack_.push_bool(b);
    return true;
  }
  bool on_null(error_code&) {
    if (scalar()) stack_.push_null();
    return true;
  }
  bool on_comment_part(string_view, error_code&) { return true; }
  bool on_comment(string_view, error_code&) { return true; }

 private:
  bool in_skipped() const { return skip_from_ >= 0; }

  // A container opens; the value of a skipped key starts a skipped subtree.
  bool open() {
    if (skip_next_) {
      skip_next_ = false;
      ++skipped_members_;
      skip_from_ = depth_;
    }
    ++depth_;
    return true;
  }
  // A container closes; true when it is to be pushed (not in a skipped subtree).
  bool close() {
    --depth_;
    if (!in_skipped()) return true;
    if (depth_ == skip_from_) skip_from_ = -1;  // the skipped value itself closed
    return false;
  }
  // A scalar value; true when it is to be pushed.
  bool scalar() {
    if (in_skipped()) return false;
    if (skip_next_) {
      skip_next_ = false;
      ++skipped_members_;
      return false;
    }
    return true;
  }

  json::value_stack stack_;
  std::vector<std::string_view> listed_;
  bool keep_listed_ = false;
  std::string root_key_;              // a key of the top-level object, read in parts
  int depth_ = 0;                     // containers open
  int skip_from_ = -1;                // the depth a skipped subtree opened at; -1 outside one
  bool skip_next_ = false;            // the next value is a skipped key's
  std::size_t skipped_members_ = 0;   // of the top-level object
};

json::value parse_listed(std::string_view text, std::initializer_list<std::string_view> listed, bool keep_listed) {
  json::basic_parser<SkippingHandler> parser(json::parse_options{}, output_arena(), listed, keep_listed);
  error_code ec;
  const std::size_t used = parser.write_some(false, text.data(), text.size(), ec);
  if (!ec && used < text.size()) ec = json::error::extra_data;
  if (ec) throw boost::system::system_error(ec);
  return parser.handler().release();
}

bool json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

json::value parse_report_without(std::string_view text, std::initializer_list<std::string_view> skipped) {
  return parse_listed(text, skipped, false);
}

json::value parse_report_only(std::string_view text, std::initializer_list<std::string_view> kept) {
  return parse_listed(text, kept, true);
}

namespace {

// Steps over JSON text by counting brackets outside strings: no recursion,
// nothing built. Whether the text is valid JSON is the caller's parse to
// say; here anything unexpected ends the walk (ok() false).
class RawScanner {
 public:
  explicit RawScanner(std::string_view text) : text_(text) {}

  bool ok() const { return ok_; }
  bool at(char c) {
    skip_space();
    return ok_ && i_ < text_.size() && text_[i_] == c;
  }
  // Consumes `c` after white space; false (and not ok) when it is not there.
  bool expect(char c) {
    if (!at(c)) return ok_ = false;
    ++i_;
    return true;
  }
  bool at_end() {
    skip_space();
    return i_ >= text_.size();
  }

  // The key at the scanner (its text as written, escapes included), and the ':' after it.
  std::string_view key() {
    if (!at('"')) {
      ok_ = false;
      return {};
    }
    const std::size_t begin = i_ + 1;
    skip_string();
    const std::string_view name = ok_ ? text_.substr(begin, i_ - 1 - begin) : std::string_view();
    expect(':');
    return name;
  }

  // The value at the scanner, as written (no white space around it).
  std::string_view value() {
    skip_space();
    const std::size_t begin = i_;
    std::size_t depth = 0;
    while (ok_ && i_ < text_.size()) {
      const char c = text_[i_];
      if (c == '"') {
        skip_string();
        if (depth == 0) break;
        continue;
      }
      if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (depth == 0) break;  // the enclosing container ends after a scalar
        if (--depth == 0) {
          ++i_;
          break;
        }
      } else if (depth == 0 && (c == ',' || json_space(c))) {
        break;  // a scalar's end
      }
      ++i_;
    }
    if (depth != 0) ok_ = false;
    std::size_t end = std::min(i_, text_.size());
    while (end > begin && json_space(text_[end - 1])) --end;
    if (end == begin) ok_ = false;
    return text_.substr(begin, end - begin);
  }

 private:
  void skip_space() {
    while (i_ < text_.size() && json_space(text_[i_])) ++i_;
  }
  // At a string's opening quote; ends after its closing one. The closing
  // quote is the first one after an even number of backslashes (memchr: a
  // report's strings are most of its bytes).
  void skip_string() {
    const std::size_t content = i_ + 1;
    std::size_t from = content;
    for (;;) {
      const void* quote = from < text_.size() ? std::memchr(text_.data() + from, '"', text_.size() - from) : nullptr;
      if (quote == nullptr) {
        ok_ = false;
        i_ = text_.size();
        return;
      }
      const std::size_t q = static_cast<std::size_t>(static_cast<const char*>(quote) - text_.data());
      std::size_t slashes = 0;
      while (q - slashes > content && text_[q - slashes - 1] == '\\') ++slashes;
      if (slashes % 2 == 0) {
        i_ = q + 1;
        return;
      }
      from = q + 1;
    }
  }

  std::string_view text_;
  std::size_t i_ = 0;
  bool ok_ = true;
};

}  // namespace

std::string_view raw_member(std::string_view text, std::string_view key) {
  RawScanner scan(text);
  if (!scan.expect('{') || scan.at('}')) return {};
  for (;;) {
    const std::string_view name = scan.key();
    const std::string_view value = scan.value();
    if (!scan.ok()) return {};
    if (name == key) return value;
    if (!scan.expect(',')) return {};
  }
}

std::optional<std::vector<std::string_view>> raw_elements(std::string_view array) {
  RawScanner scan(array);
  std::vector<std::string_view> out;
  if (!scan.expect('[')) return std::nullopt;
  if (scan.at(']')) {
    scan.expect(']');
    return scan.at_end() ? std::optional(std::move(out)) : std::nullopt;
  }
  for (;;) {
    out.push_back(scan.value());
    if (!scan.ok()) return std::nullopt;
    if (scan.at(']')) break;
    if (!scan.expect(',')) return std::nullopt;
  }
  scan.expect(']');
  if (!scan.ok() || !scan.at_end()) return std::nullopt;
  return out;
}

}  // namespace floe::cli
