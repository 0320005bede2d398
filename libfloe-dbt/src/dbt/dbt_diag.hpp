// Diagnostics of libfloe-dbt (codes FLOE-D0xx) built in one place, so every
// reader reports problems with the same category and shape.
//   D001 no dbt_project.yml            D002 YAML syntax error in a dbt yml
//   D003 manifest.json unreadable / unsupported schema version
//   D004 a dbt yml with an unexpected shape (entry skipped)
//   D005 a project file that cannot be read
//   D010 yml entry for a model with no .sql (warning)
//   D011 duplicate model name / duplicate yml entry for one model
#pragma once

#include <string>

#include "diag/diagnostic.hpp"

namespace floe::dbt {

inline Diagnostic dbt_diag(Severity severity, std::string code, std::string message, SourceLocation where,
                           std::string subject = {}, std::string hint = {}) {
  Diagnostic d;
  d.severity = severity;
  d.code = std::move(code);
  d.category = "dbt";
  d.message = std::move(message);
  d.where = std::move(where);
  d.subject = std::move(subject);
  d.hint = std::move(hint);
  return d;
}

}  // namespace floe::dbt
