#include "artifacts/artifact_diagnostics.hpp"

#include <fmt/format.h>

#include "artifacts/platform_artifact.hpp"
#include "base/deadline.hpp"
#include "oci/media_types.hpp"
#include "oci/verified_file.hpp"
#include "diag/codes.hpp"

namespace floe::oci {

std::string artifact_code(const Error& e) {
  if (is_deadline_error(e)) return codes::L001;
  if (is_verification_error(e)) return codes::R904;
  if (auto* k = e.detail.if_contains("kind"); k && k->is_string() && k->as_string() == "key") return codes::R907;
  switch (e.code) {
    case FLOE_ERR_UNAVAILABLE:
    case FLOE_ERR_TIMEOUT: return codes::R901;
    case FLOE_ERR_UNAUTHORIZED: return codes::R902;
    case FLOE_ERR_NOT_FOUND: return codes::R903;
    case FLOE_ERR_IO: return codes::R908;
    case FLOE_ERR_LOAD_FAILED: return codes::R909;
    case FLOE_ERR_CONFLICT:
    case FLOE_ERR_ALREADY_EXISTS: return codes::R906;
    default: return codes::R904;
  }
}

namespace {

std::string detail_string(const Error& e, const char* key) {
  auto* v = e.detail.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

// What an artifact of `type` (artifactType, else config mediaType) is, in words.
std::string what_artifact(const std::string& type) {
  if (type.empty()) return "an artifact without an artifactType";
  if (type == kImageConfig || type == "application/vnd.docker.container.image.v1+json") return "a container image";
  if (type == "application/vnd.cncf.helm.config.v1+json") return "a Helm chart";
  if (type == kCosignSignatureArtifact) return "a cosign signature";
  if (type.rfind(kSigstoreBundlePrefix, 0) == 0) return "a sigstore bundle";
  return fmt::format("an artifact of type {}", type);
}

std::string hint_for(const Error& e, const std::string& code) {
  std::string reason = detail_string(e, "reason");
  if (code == codes::R904 && reason == kForeignArtifact)
    return fmt::format(
        "not a floe platform artifact: this is {}. floe pulls what `floe platform publish VERSION` writes "
        "(artifactType {}, one layer per file of a compiled platform): point the reference at such an artifact, or "
        "compile the platform (floe platform compile) and publish it with floe platform publish",
        what_artifact(detail_string(e, "artifact_type")), kPlatformArtifact);
  if (code == codes::R904 && reason == kForeignLayer)
    return "the artifact says it is a floe platform, but a layer is not a floe file (named in the message); nothing "
           "was written. Publish the compiled platform with `floe platform publish VERSION` (one layer per file) "
           "instead of pushing a directory archive with oras";
  if (code == codes::L001)
    return "raise --timeout (the request's deadline_ms), or find out what was slow; nothing that was not complete "
           "was written";
  if (code == codes::R904 && !detail_string(e, "problem").empty())
    return "the OCI layout (or the cache) holds something other than the plain files it should: a FIFO, a device, a "
           "symlink or an oversized file is never read; copy the layout again from its source (skopeo copy, oras "
           "copy, cp -r without symlinks); nothing was written";
  if (code == codes::R901)
    return "check the registry address and that it is running; --timeout raises the limit, --plain-http is for "
           "registries without TLS";
  if (code == codes::R902)
    return "set FLOE_REGISTRY_USERNAME and FLOE_REGISTRY_PASSWORD (or FLOE_REGISTRY_TOKEN), or log in with docker "
           "login so ~/.docker/config.json has credentials for this registry";
  if (code == codes::R903) return "check the repository and tag (floe platform publish VERSION creates them)";
  if (code == codes::R904)
    return "the content does not match what its manifest declares: the registry, a proxy or the layout was "
           "tampered with or is corrupt; nothing was written";
  if (code == codes::R908) return "check that the cache ($XDG_CACHE_HOME/floe/oci) and the output directory are writable";
  if (code == codes::R909)
    return "install the library named above (it is a dependency of floe's package); commands that need no registry "
           "and no key (validate, compile with local platforms, explain, plugins) work without it";
  return {};
}

}  // namespace

Diagnostic artifact_diagnostic(const Error& e, const std::string& subject, const SourceLocation& where) {
  std::string code = artifact_code(e);
  Diagnostic d = artifact_diagnostic(code, e.message, where, hint_for(e, code));
  d.subject = subject;
  return d;
}

Diagnostic artifact_diagnostic(const std::string& code, std::string message, const SourceLocation& where,
                               std::string hint) {
  return make_diagnostic(code, "artifact", std::move(message), where, {}, std::move(hint));
}

}  // namespace floe::oci
