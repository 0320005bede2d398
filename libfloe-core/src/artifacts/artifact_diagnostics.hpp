// Turning a failed OCI operation into a diagnostic the user can act on. The
// FLOE-R9xx codes (docs/user-guide.md#artifact-codes) decide the exit code:
//   R901 registry unreachable or timed out      (network, exit 6)
//   R902 credentials missing or rejected         (network, exit 6)
//   R903 reference not found                     (invalid input, exit 3)
//   R904 content failed verification: digest, size, format, unsafe titles (exit 7)
//   R905 signature missing or not valid under an enforce policy (exit 7)
//   R906 an immutable version exists with other content (policy, exit 4)
//   R907 malformed reference, version or key (detail kind "key") (invalid input, exit 3)
//   R908 local cache or output could not be written  (I/O, exit 8)
//   R909 libcurl or libcrypto (opened on first use) missing or unusable (I/O, exit 8)
//   L001 the operation's deadline (--timeout) passed           (timed out, exit 124)
#pragma once

#include <string>

#include "base/result.hpp"
#include "diag/diagnostic.hpp"

namespace floe::oci {

// The R code an error maps to (by status and detail.kind).
std::string artifact_code(const Error& e);

// A diagnostic for `e` while working on `subject` (a reference or path),
// located at `where` (the file line holding the reference, if any).
Diagnostic artifact_diagnostic(const Error& e, const std::string& subject, const SourceLocation& where = {});

// A diagnostic with an explicit code.
Diagnostic artifact_diagnostic(const std::string& code, std::string message, const SourceLocation& where,
                               std::string hint);

}  // namespace floe::oci
