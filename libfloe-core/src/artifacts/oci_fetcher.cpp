#include "artifacts/oci_fetcher.hpp"

#include <filesystem>

#include "artifacts/artifact_diagnostics.hpp"
#include "artifacts/lock_file.hpp"
#include "artifacts/platform_pull.hpp"
#include "artifacts/verification_policy.hpp"
#include "base/deadline.hpp"
#include "diag/codes.hpp"

namespace floe::oci {
namespace fs = std::filesystem;

OciFetcher make_oci_fetcher(FetcherSettings settings) {
  return [settings = std::move(settings)](const std::string& text, const SourceLocation& from,
                                          Diagnostics& diags) -> std::optional<std::string> {
    auto parsed = parse_reference(text);
    if (!parsed) {
      diags.add(artifact_diagnostic(codes::R907, parsed.error().message, from, ""));
      return std::nullopt;
    }
    // Only a real file (not "--platform") has a lock and a policy beside it.
    std::error_code ec;
    bool from_file = from.line > 0 && fs::is_regular_file(from.file, ec);
    std::string base = from_file ? fs::path(from.file).parent_path().string() : std::string();
    Reference ref = with_layout_base(*parsed, base);
    VerificationPolicy policy;
    if (from_file) {
      auto lock = read_lock_file(lock_path_for(from.file));
      if (!lock) {
        diags.add(is_deadline_error(lock.error()) ? artifact_diagnostic(lock.error(), text, from)
                                                  : artifact_diagnostic(codes::R907, lock.error().message, from, ""));
        return std::nullopt;
      }
      if (const LockPin* pin = lock->find(text); pin && !ref.pinned()) ref.digest = pin->digest;
      auto file_policy = policy_from_file(from.file);
      if (!file_policy) {
        diags.add(is_deadline_error(file_policy.error())
                      ? artifact_diagnostic(file_policy.error(), text, from)
                      : artifact_diagnostic(codes::R907, file_policy.error().message, from, ""));
        return std::nullopt;
      }
      policy = *file_policy;
    }
    policy = override_policy(policy, settings.verify_mode, settings.keys);
    auto pulled = pull_platform(ref, policy, settings.options, from, diags);
    if (!pulled) return std::nullopt;
    return pulled->dir;
  };
}

}  // namespace floe::oci
