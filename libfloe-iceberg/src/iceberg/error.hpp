// floe::iceberg::Error - the one exception type of libfloe-iceberg's C++ side.
//
// Every failure of the client, the metadata parser and the expiry planner is
// an Error. It carries what a person needs to act on it: the operation
// ("load table"), the identifier ("sales.orders"), the HTTP status and the
// catalog's own error type and message when a catalog answered, the URI when
// none did, and for a parse error the JSON pointer of the offending value.
//
// what() is one sentence built from those fields. It never contains a
// secret: no token, client secret, credential or vended storage credential is
// ever put into an Error (the client redacts the catalog's message too when
// it happens to echo one back).
#pragma once

#include <floe/core.h>

#include <stdexcept>
#include <string>

namespace floe::iceberg {

enum class ErrorKind {
  invalid_argument,      // the caller's input is malformed (a request, a name, a retention)
  malformed,             // a document (metadata.json, a catalog response) is not what the spec says
  not_found,             // 404: no such namespace / table
  already_exists,        // 409 on create / rename target
  conflict,              // 409 on commit: a requirement failed (CommitFailedException)
  unauthorized,          // 401 (after one token refresh), or the token endpoint refused the credentials
  forbidden,             // 403
  unavailable,           // the catalog could not be reached (connection refused, DNS, TLS)
  timeout,               // a request exceeded its connect or total timeout
  server,                // 5xx other than the commit-state-unknown ones
  commit_state_unknown,  // 500/502/504 on a commit: the commit may or may not have happened
  unsupported,           // 406 / a feature the server does not offer
  internal,              // a bug in floe
};

// A stable lower-case name ("not_found"), used in the C API's reports.
const char* to_string(ErrorKind kind) noexcept;
// The floe_status a kind maps to at the C boundary.
floe_status to_status(ErrorKind kind) noexcept;

struct ErrorInfo {
  ErrorKind kind = ErrorKind::internal;
  std::string operation;        // "load table", "commit", "get config", "parse metadata", ...
  std::string identifier;       // "sales.orders", "sales", "" when none applies
  int http_status = 0;          // 0 when no HTTP answer came
  std::string catalog_type;     // the catalog's error type ("NoSuchTableException"), if any
  std::string catalog_message;  // the catalog's error message (redacted), if any
  std::string uri;              // the catalog (or token endpoint) URI involved, if any
  std::string principal;        // the OAuth2 client id in use (403/401 messages), if any
  std::string location;         // JSON pointer of a malformed value ("/snapshots/3/timestamp-ms")
  std::string detail;           // anything else that explains it (one clause, no trailing period)
};

class Error : public std::runtime_error {
 public:
  explicit Error(ErrorInfo info);
  const ErrorInfo& info() const noexcept { return info_; }
  ErrorKind kind() const noexcept { return info_.kind; }

 private:
  ErrorInfo info_;
};

// Throws Error(malformed) for a file that is not what the spec says
// (`operation`: "read Avro file", "read manifest"; `uri`: the file).
[[noreturn]] void throw_malformed_file(const std::string& operation, const std::string& uri, const std::string& detail);

// Builds the sentence what() returns (exposed for tests and the C API).
std::string describe(const ErrorInfo& info);

}  // namespace floe::iceberg
