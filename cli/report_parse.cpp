#include "report_parse.hpp"

#include "output_arena.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value_stack.hpp>
#include <boost/system/system_error.hpp>

#include <algorithm>
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

// One pass over the top-level object that steps over each value by counting
// brackets outside strings: no recursion, nothing built. Whether the text is
// valid JSON is the caller's parse to say; here anything unexpected ends the
// search with "no such member".
std::string_view raw_member(std::string_view text, std::string_view key) {
  const std::size_t n = text.size();
  std::size_t i = 0;
  const auto skip_space = [&] {
    while (i < n && json_space(text[i])) ++i;
  };
  const auto skip_string = [&] {  // at its opening quote; ends after its closing one
    for (++i; i < n;) {
      const char c = text[i++];
      if (c == '\\')
        ++i;
      else if (c == '"')
        return;
    }
  };
  skip_space();
  if (i >= n || text[i] != '{') return {};
  ++i;
  for (;;) {
    skip_space();
    if (i >= n || text[i] != '"') return {};
    const std::size_t key_begin = i + 1;
    skip_string();
    const std::string_view name = text.substr(key_begin, i - 1 - key_begin);
    skip_space();
    if (i >= n || text[i] != ':') return {};
    ++i;
    skip_space();
    const std::size_t value_begin = i;
    std::size_t depth = 0;
    while (i < n) {
      const char c = text[i];
      if (c == '"') {
        skip_string();
        if (depth == 0) break;
        continue;
      }
      if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (depth == 0) break;  // the top-level object ends after a scalar
        if (--depth == 0) {
          ++i;
          break;
        }
      } else if (c == ',' && depth == 0) {
        break;
      }
      ++i;
    }
    std::size_t value_end = std::min(i, n);
    while (value_end > value_begin && json_space(text[value_end - 1])) --value_end;
    if (name == key) return text.substr(value_begin, value_end - value_begin);
    skip_space();
    if (i >= n || text[i] != ',') return {};
    ++i;
  }
}

}  // namespace floe::cli
