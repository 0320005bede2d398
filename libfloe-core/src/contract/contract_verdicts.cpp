#include "contract/contract_verdicts.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <system_error>

#include "core/environment.hpp"
#include "core/sha256.hpp"
#include "core/user_cache.hpp"

namespace floe {
namespace {

namespace fs = std::filesystem;

std::string verdict_dir() { return (fs::path(user_cache_root()) / "contracts" / "valid").string(); }

}  // namespace

bool contract_verdicts_kept() {
  return !running_build_id().empty() && environment_value("FLOE_CONTRACT_CACHE") != "off";
}

std::string contract_verdict_key(std::string_view schema_release, std::string_view text) {
  if (!contract_verdicts_kept()) return {};
  const std::string& build = running_build_id();
  std::string material;
  material.reserve(build.size() + schema_release.size() + text.size() + 2);
  material.append(build).append(1, '\0').append(schema_release).append(1, '\0').append(text);
  return sha256_hex(material);
}

bool contract_known_valid(const std::string& key) {
  if (key.empty()) return false;
  return ::access((verdict_dir() + "/" + key).c_str(), F_OK) == 0;
}

void remember_valid_contract(const std::string& key) {
  if (key.empty()) return;
  std::error_code ec;
  fs::create_directories(verdict_dir(), ec);
  // An empty file appears whole or not at all: nothing to write atomically.
  const int fd = ::open((verdict_dir() + "/" + key).c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd >= 0) ::close(fd);
}

}  // namespace floe
