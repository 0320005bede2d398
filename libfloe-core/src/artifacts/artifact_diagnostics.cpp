#include "artifacts/artifact_diagnostics.hpp"

#include <fmt/format.h>

#include "oci/verified_file.hpp"

namespace floe::oci {

std::string artifact_code(const Error& e) {
  if (is_verification_error(e)) return "FLOE-R904";
  if (auto* k = e.detail.if_contains("kind"); k && k->is_string() && k->as_string() == "key") return "FLOE-R907";
  switch (e.code) {
    case FLOE_ERR_UNAVAILABLE:
    case FLOE_ERR_TIMEOUT: return "FLOE-R901";
    case FLOE_ERR_UNAUTHORIZED: return "FLOE-R902";
    case FLOE_ERR_NOT_FOUND: return "FLOE-R903";
    case FLOE_ERR_IO: return "FLOE-R908";
    case FLOE_ERR_CONFLICT:
    case FLOE_ERR_ALREADY_EXISTS: return "FLOE-R906";
    default: return "FLOE-R904";
  }
}

namespace {

std::string hint_for(const std::string& code) {
  if (code == "FLOE-R901")
    return "check the registry address and that it is running; --timeout raises the limit, --plain-http is for "
           "registries without TLS";
  if (code == "FLOE-R902")
    return "set FLOE_REGISTRY_USERNAME and FLOE_REGISTRY_PASSWORD (or FLOE_REGISTRY_TOKEN), or log in with docker "
           "login so ~/.docker/config.json has credentials for this registry";
  if (code == "FLOE-R903") return "check the repository and tag (floe platform publish VERSION creates them)";
  if (code == "FLOE-R904")
    return "the content does not match what its manifest declares: the registry, a proxy or the layout was "
           "tampered with or is corrupt; nothing was written";
  if (code == "FLOE-R908") return "check that the cache ($XDG_CACHE_HOME/floe/oci) and the output directory are writable";
  return {};
}

}  // namespace

Diagnostic artifact_diagnostic(const Error& e, const std::string& subject, const SourceLocation& where) {
  std::string code = artifact_code(e);
  Diagnostic d = artifact_diagnostic(code, e.message, where, hint_for(code));
  d.subject = subject;
  return d;
}

Diagnostic artifact_diagnostic(const std::string& code, std::string message, const SourceLocation& where,
                               std::string hint) {
  return make_diagnostic(code, "artifact", std::move(message), where, {}, std::move(hint));
}

}  // namespace floe::oci
