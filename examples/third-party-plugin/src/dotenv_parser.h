// dotenv_parser.h - a small parser for .env files (KEY=VALUE lines).
//
// Independent of floe: the plugin (dotenv_secrets.cpp) maps its exceptions to
// floe status codes. Accepted syntax, one assignment per line:
//
//   # a comment line; blank lines are ignored
//   export NAME=value          an optional `export ` prefix (shell style)
//   NAME = value # comment     unquoted: trimmed; ` #` starts a comment
//   NAME="a \"b\"\nc"          double quotes: escapes \n \t \r \" \\ ;
//                              may span lines
//   NAME='literal $x \n'       single quotes: taken literally; may span lines
//   NAME=                      empty value
//
// Names are letters, digits, '_', '.' and '-', not starting with a digit.
// A later assignment of a name replaces an earlier one. CRLF line endings and
// a UTF-8 byte-order mark are accepted.
#ifndef DOTENV_PARSER_H
#define DOTENV_PARSER_H

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

namespace dotenv {

// A malformed line. what() is "<source>:<line>: <problem>"; it never quotes
// the offending text, which may hold (part of) a secret.
class syntax_error : public std::runtime_error {
 public:
  syntax_error(const std::string& message, int line) : std::runtime_error(message), line_(line) {}
  int line() const noexcept { return line_; }

 private:
  int line_;
};

// The file could not be read. what() names the path and the reason.
class io_error : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Name -> value, sorted by name (byte order). Wipes the values' memory when
// destroyed, since they are secrets.
class entries {
 public:
  entries() = default;
  entries(const entries&) = delete;
  entries& operator=(const entries&) = delete;
  entries(entries&&) = default;
  entries& operator=(entries&&) = default;
  ~entries();

  std::map<std::string, std::string>& values() noexcept { return values_; }
  const std::map<std::string, std::string>& values() const noexcept { return values_; }

 private:
  std::map<std::string, std::string> values_;
};

// Parses .env text; `source` names it in error messages (usually the path).
// Throws syntax_error.
entries parse(std::string_view text, const std::string& source);

// Reads and parses the file at `path`. Throws io_error or syntax_error.
entries load(const std::string& path);

// Overwrites a string's characters with zeros (not optimised away).
void wipe(std::string& s) noexcept;

}  // namespace dotenv

#endif  // DOTENV_PARSER_H
