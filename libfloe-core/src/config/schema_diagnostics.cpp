#include "config/schema_diagnostics.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "config/config_diagnostic.hpp"
#include "diag/codes.hpp"
#include "schema/json_schema.hpp"

namespace floe {
namespace {

struct Split {
  std::string parent;  // "metadata"; "" at the top level
  std::string key;     // "verison"; "[2]" for array items
};

Split split_path(const std::string& path) {
  std::size_t cut = path.find_last_of(".[");
  if (cut == std::string::npos) return {"", path};
  if (path[cut] == '[') return {path.substr(0, cut), path.substr(cut)};
  return {path.substr(0, cut), path.substr(cut + 1)};
}

std::string where_in(const std::string& parent) {
  return parent.empty() ? "at the top level" : fmt::format("in '{}'", parent);
}

bool already_reported(const Diagnostics& diags, const std::string& path) {
  return std::any_of(diags.items().begin(), diags.items().end(), [&](const Diagnostic& d) {
    if (d.severity != Severity::error || d.subject.empty()) return false;
    if (d.subject == path) return true;
    return path.size() > d.subject.size() && path.compare(0, d.subject.size(), d.subject) == 0 &&
           (path[d.subject.size()] == '.' || path[d.subject.size()] == '[');
  });
}

std::string unquoted(const std::string& json_text) {
  if (json_text.size() >= 2 && json_text.front() == '"' && json_text.back() == '"')
    return json_text.substr(1, json_text.size() - 2);
  return json_text;
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  std::string match = closest_match(word, candidates);
  return match.empty() ? std::string() : fmt::format("did you mean '{}'?", match);
}

Diagnostic to_diagnostic(const LocatedDocument& doc, const SchemaIssue& issue) {
  Split at = split_path(issue.path);
  auto make = [&](const char* code, Anchor anchor, std::string message) {
    return config_diagnostic(doc, Severity::error, code, issue.path, anchor, std::move(message), issue.expected);
  };
  switch (issue.kind) {
    case SchemaIssueKind::unknown_key: {
      Diagnostic d = make(codes::C101, Anchor::key, fmt::format("unknown key '{}' {}", at.key, where_in(at.parent)));
      d.actual = at.key;
      d.hint = did_you_mean(at.key, issue.allowed);
      if (d.hint.empty()) d.hint = "remove it, or check its indentation";
      return d;
    }
    case SchemaIssueKind::missing_required: {
      Diagnostic d = make(codes::C102, Anchor::key, fmt::format("missing required key '{}' {}", at.key, where_in(at.parent)));
      // The key is absent: point at the mapping that should hold it.
      d.where = at.parent.empty() ? SourceLocation{doc.file, 1, 1} : doc.key_at(at.parent);
      d.hint = fmt::format("add '{}:'{}", at.key, at.parent.empty() ? "" : fmt::format(" under '{}'", at.parent));
      return d;
    }
    case SchemaIssueKind::wrong_type: {
      Diagnostic d = make(codes::C103, Anchor::value,
                          fmt::format("'{}' has the wrong type: expected {}, got {}", issue.path, issue.expected, issue.actual));
      d.actual = issue.actual;
      bool scalar = issue.actual == "integer" || issue.actual == "number" || issue.actual == "boolean";
      if (issue.expected.find("string") != std::string::npos && scalar)
        d.hint = "YAML read this as a " + issue.actual + "; put the value in quotes to make it a string";
      return d;
    }
    case SchemaIssueKind::not_in_enum: {
      Diagnostic d = make(codes::C104, issue.on_key ? Anchor::key : Anchor::value,
                          fmt::format("'{}' does not allow {}", issue.path, issue.actual));
      d.actual = issue.actual;
      d.hint = did_you_mean(unquoted(issue.actual), issue.allowed);
      return d;
    }
    case SchemaIssueKind::pattern: {
      Diagnostic d = issue.on_key
                         ? make(codes::C105, Anchor::key,
                                fmt::format("key '{}' {} is not {}", at.key, where_in(at.parent), issue.expected))
                         : make(codes::C105, Anchor::value,
                                fmt::format("'{}' is {}, which is not {}", issue.path, issue.actual, issue.expected));
      d.actual = issue.actual;
      return d;
    }
    case SchemaIssueKind::range: {
      Diagnostic d = make(codes::C106, Anchor::value, fmt::format("'{}': {}", issue.path, issue.message));
      d.actual = issue.actual;
      return d;
    }
    case SchemaIssueKind::items: {
      Diagnostic d = make(codes::C107, Anchor::value, fmt::format("'{}': {}", issue.path, issue.message));
      d.actual = issue.actual;
      if (issue.expected == "unique items") d.hint = "remove the duplicate";
      return d;
    }
  }
  return make(codes::C103, Anchor::value, issue.message);
}

}  // namespace

void report_schema_issues(const LocatedDocument& doc, const boost::json::value& schema, Diagnostics& diags) {
  Diagnostics found;
  for (const auto& issue : validate_against_schema(schema, doc.root)) {
    if (already_reported(diags, issue.path)) continue;
    found.add(to_diagnostic(doc, issue));
  }
  diags.append(found);
}

}  // namespace floe
