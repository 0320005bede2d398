// Diagnostics: every problem floe finds in user input, collected (never
// thrown one at a time) so a user sees all of them in one run. Each carries
// where (file:line:column), a stable code, what was expected and how to fix.
#pragma once

#include <boost/json/value.hpp>

#include <string>
#include <vector>

namespace floe {

enum class Severity { error, warning, note };

const char* severity_name(Severity s);  // "error", "warning", "note"

struct SourceLocation {
  std::string file;  // as the user would type it (relative when given relative); "" if unknown
  int line = 0;      // 1-based; 0 when unknown
  int column = 0;    // 1-based; 0 when unknown
};

// A second place a finding is about: a data contract's column and the dbt
// model's column it was checked against, say.
struct RelatedLocation {
  SourceLocation where;
  std::string what;  // "the column in the model's YAML"
};

struct Diagnostic {
  Severity severity = Severity::error;
  std::string code;      // stable: "FLOE-C101", "FLOE-E201", ...
  std::string category;  // "config", "inheritance", "naming", "coverage", "documentation", "dag", "custom", ...
  std::string message;   // one sentence, names the subject: "'stg_payments' violates naming convention"
  SourceLocation where;
  std::string subject;   // the key path or model name the problem is about ("governance.pii_encryption", "stg_payments")
  std::string expected;  // "bronze_*, silver_* or gold_* prefix"; "" if not applicable
  std::string actual;    // what was found; "" if not applicable
  std::string hint;      // how to fix: "rename to 'bronze_payments'", "did you mean 'version'?"
  std::string override_applied;  // the policy override pattern that downgraded this finding, if any
  std::vector<RelatedLocation> related;  // other places the finding is about (shown after the main one)
};

// An ordered collection; order is the order problems were found.
class Diagnostics {
 public:
  void add(Diagnostic d) { items_.push_back(std::move(d)); }
  void append(const Diagnostics& other);
  const std::vector<Diagnostic>& items() const noexcept { return items_; }
  std::vector<Diagnostic>& items() noexcept { return items_; }
  bool has_errors() const noexcept;
  std::size_t count(Severity s) const noexcept;
  bool empty() const noexcept { return items_.empty(); }

 private:
  std::vector<Diagnostic> items_;
};

// An error diagnostic; the other fields (subject, actual, ...) are set by the caller when they apply.
Diagnostic make_diagnostic(std::string code, std::string category, std::string message, SourceLocation where,
                           std::string expected = {}, std::string hint = {});

// {"severity", "code", "category", "message", "file", "line", "column",
//  "subject", "expected", "actual", "hint", "related": [{"file", "line",
//  "column", "what"}]} (empty strings/zeros/lists omitted).
boost::json::value diagnostic_to_json(const Diagnostic& d);
// The same, serialized onto `out` without building the object (the same bytes
// as boost::json::serialize(diagnostic_to_json(d))): reports of thousands of
// findings are written this way.
void append_diagnostic_json(std::string& out, const Diagnostic& d);
// A list of them as a JSON array ("[...]"), the same bytes; a long list is
// written in parts on the cores and joined.
void append_diagnostics_json(std::string& out, const std::vector<Diagnostic>& items);

// The inverse of diagnostic_to_json (a report read back, e.g. from the
// compile cache); members it lacks stay empty.
Diagnostic diagnostic_from_json(const boost::json::object& o);

// "file:line:column: error FLOE-C101: message" + indented expected/hint lines.
std::string format_diagnostic(const Diagnostic& d);

// Text from outside (a catalog's error, a table, model or file name) made
// safe for a terminal: an escape sequence in it could recolour, rewrite or
// hide what floe prints (ESC, a carriage return). Control characters but
// the newline and the tab are shown as \xNN, C1 controls (U+0080-U+009F)
// as \uNNNN. format_diagnostic applies it; so does everything the CLI
// prints from a report or an event (cli/report_fields.hpp).
std::string terminal_safe(std::string_view text);
// Whether terminal_safe(text) == text (nothing to escape).
bool is_terminal_safe(std::string_view text);

// The closest candidate by edit distance, or "" when nothing is close enough
// to be a plausible typo (for "did you mean" hints).
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace floe
