// Which signatures a pull must carry. The policy belongs to the file that
// references the artifact: floe.yaml's platform.verification for the
// product's platform, a manifest's artifacts.verification for its
// parent_manifest. Command-line flags (--verify, --key) override it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "diag/diagnostic.hpp"

namespace floe::oci {

enum class VerifyMode { off, warn, enforce };

const char* verify_mode_name(VerifyMode m);  // "off", "warn", "enforce"
std::optional<VerifyMode> parse_verify_mode(const std::string& text);

struct VerificationPolicy {
  VerifyMode mode = VerifyMode::off;
  std::vector<std::string> keys;  // PEM public key files (absolute or relative to the cwd)
  SourceLocation at;              // where the policy was written ({} = command line or default)
};

// The policy written in `file` (a floe.yaml or manifest.yaml), with key paths
// made relative to the file's directory; the default (off) when the file has
// none. A mode without keys under enforce is still enforce (every pull fails
// until keys are listed), so a typo cannot silently disable checking.
Result<VerificationPolicy> policy_from_file(const std::string& file);

// Applies command-line overrides: a non-empty `mode` and/or `keys`.
VerificationPolicy override_policy(VerificationPolicy base, const std::string& mode, const std::vector<std::string>& keys);

}  // namespace floe::oci
