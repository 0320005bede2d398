#include "oci/auth_challenge.hpp"
#include "core/text.hpp"

#include <cctype>

namespace floe::oci {
namespace {

// tchar from RFC 7230 section 3.2.6.
bool is_tchar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token68_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("-._~+/").find(c) != std::string_view::npos;
}

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}

  std::vector<AuthChallenge> run() {
    std::vector<AuthChallenge> out;
    while (true) {
      skip_separators();
      if (done()) break;
      std::string scheme = token();
      if (scheme.empty()) break;  // garbage: stop, keep what we have
      AuthChallenge c;
      c.scheme = ascii_lower(scheme);
      skip_spaces();
      if (!try_token68(c)) params(c);
      out.push_back(std::move(c));
    }
    return out;
  }

 private:
  bool done() const { return i_ >= s_.size(); }
  char peek(std::size_t ahead = 0) const { return i_ + ahead < s_.size() ? s_[i_ + ahead] : '\0'; }
  void skip_spaces() {
    while (!done() && (peek() == ' ' || peek() == '\t')) ++i_;
  }
  void skip_separators() {
    while (!done() && (peek() == ' ' || peek() == '\t' || peek() == ',')) ++i_;
  }
  std::string token() {
    std::size_t start = i_;
    while (!done() && is_tchar(peek())) ++i_;
    return std::string(s_.substr(start, i_ - start));
  }

  // token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
  // It is one only if what follows (after the '=' padding) ends the
  // challenge: otherwise `name=value` is an auth-param.
  bool try_token68(AuthChallenge& c) {
    std::size_t j = i_;
    while (j < s_.size() && is_token68_char(s_[j])) ++j;
    if (j == i_) return false;
    std::size_t k = j;
    while (k < s_.size() && s_[k] == '=') ++k;
    std::size_t end = k;
    while (end < s_.size() && (s_[end] == ' ' || s_[end] == '\t')) ++end;
    // "abc", "abc==" (then the end or a comma) are token68; "a=b" is a param.
    if (end < s_.size() && s_[end] != ',') return false;
    c.token68 = std::string(s_.substr(i_, k - i_));
    i_ = k;
    return true;
  }

  // #auth-param, stopping at the start of the next challenge (a token not
  // followed by '=').
  void params(AuthChallenge& c) {
    while (true) {
      std::size_t mark = i_;
      skip_separators();
      std::string name = token();
      skip_spaces();
      if (name.empty() || peek() != '=') {
        i_ = mark;  // the next challenge's scheme (or the end)
        return;
      }
      ++i_;
      skip_spaces();
      std::string value = peek() == '"' ? quoted() : token();
      c.params[ascii_lower(name)] = value;
    }
  }

  // quoted-string with quoted-pair: "a \"b\", c" -> a "b", c
  std::string quoted() {
    std::string v;
    ++i_;
    while (!done() && peek() != '"') {
      if (peek() == '\\' && i_ + 1 < s_.size()) ++i_;
      v += peek();
      ++i_;
    }
    if (!done()) ++i_;
    return v;
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

}  // namespace

std::string AuthChallenge::param(const std::string& name) const {
  auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

std::vector<AuthChallenge> parse_www_authenticate(std::string_view header) { return Parser(header).run(); }

}  // namespace floe::oci
