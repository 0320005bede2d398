#include "config/config_diagnostic.hpp"

namespace floe {

Diagnostic config_diagnostic(const LocatedDocument& doc, Severity severity, std::string code,
                             const std::string& path, Anchor anchor, std::string message, std::string expected,
                             std::string hint) {
  Diagnostic d;
  d.severity = severity;
  d.code = std::move(code);
  d.category = "config";
  d.message = std::move(message);
  d.where = anchor == Anchor::key ? doc.key_at(path) : doc.at(path);
  if (d.where.file.empty()) d.where.file = doc.file;
  d.subject = path;
  d.expected = std::move(expected);
  d.hint = std::move(hint);
  return d;
}

void add_config_error(const LocatedDocument& doc, Diagnostics& diags, const char* code, const std::string& path,
                      Anchor anchor, std::string message, std::string expected, std::string hint) {
  diags.add(config_diagnostic(doc, Severity::error, code, path, anchor, std::move(message), std::move(expected),
                              std::move(hint)));
}

}  // namespace floe
