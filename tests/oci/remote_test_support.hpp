// Shared helpers of the registry client tests: a clean credential
// environment, targets for a fixture's registry, blobs and manifests.
#pragma once

#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "oci/descriptor.hpp"
#include "oci/media_types.hpp"
#include "oci/reference.hpp"
#include "oci/registry_target.hpp"
#include "registry_fixture.hpp"
#include "temp_dir.hpp"

namespace floe::test {

// Sets environment variables for a scope and restores them after. The
// constructor also clears every FLOE_REGISTRY_* credential variable and
// DOCKER_CONFIG, so the machine's own settings never leak into a test, and
// shortens the retry backoff.
class RegistryEnv {
 public:
  RegistryEnv() {
    for (const char* name :
         {"FLOE_REGISTRY_USERNAME", "FLOE_REGISTRY_PASSWORD", "FLOE_REGISTRY_TOKEN", "DOCKER_CONFIG"})
      set(name, std::nullopt);
    set("FLOE_REGISTRY_RETRY_BASE_MS", "20");
  }
  ~RegistryEnv() {
    for (auto it = saved_.rbegin(); it != saved_.rend(); ++it) {
      if (it->second) ::setenv(it->first.c_str(), it->second->c_str(), 1);
      else ::unsetenv(it->first.c_str());
    }
  }
  RegistryEnv(const RegistryEnv&) = delete;
  RegistryEnv& operator=(const RegistryEnv&) = delete;

  void set(const std::string& name, std::optional<std::string> value) {
    const char* old = std::getenv(name.c_str());
    saved_.emplace_back(name, old ? std::optional<std::string>(old) : std::nullopt);
    if (value) ::setenv(name.c_str(), value->c_str(), 1);
    else ::unsetenv(name.c_str());
  }

 private:
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

// Options with no ambient credentials (an empty docker config directory),
// short timeouts, and ciuser's password when `with_credentials`.
inline oci::RegistryOptions test_options(const TempDir& empty_docker_config, bool with_credentials) {
  oci::RegistryOptions o;
  o.docker_config_dir = empty_docker_config.str();
  o.connect_timeout_ms = 3000;
  o.timeout_ms = 30000;
  o.max_retries = 3;
  if (with_credentials) {
    o.username = RegistryServer::user();
    o.password = RegistryServer::pass();
  }
  return o;
}

inline oci::Reference reference(const std::string& uri) {
  auto r = oci::parse_reference(uri);
  if (!r) throw std::runtime_error("bad reference " + uri + ": " + r.error().message);
  return r.value();
}

inline oci::Descriptor blob_descriptor(const std::string& bytes, const std::string& media_type,
                                       const std::string& title = "") {
  oci::Descriptor d{media_type, oci::digest_of(bytes), static_cast<std::int64_t>(bytes.size()), {}, {}};
  if (!title.empty()) d.annotations[oci::kTitle] = title;
  return d;
}

// An OCI image manifest the way floe writes artifacts: artifactType, the
// empty config, annotated layers; optionally a subject.
inline std::string artifact_manifest(const std::string& artifact_type, const std::vector<oci::Descriptor>& layers,
                                     const oci::Descriptor* subject = nullptr) {
  boost::json::object m;
  m["schemaVersion"] = 2;
  m["mediaType"] = oci::kImageManifest;
  m["artifactType"] = artifact_type;
  m["config"] = oci::descriptor_to_json(oci::empty_config_descriptor());
  boost::json::array l;
  for (const auto& d : layers) l.push_back(oci::descriptor_to_json(d));
  m["layers"] = std::move(l);
  if (subject) m["subject"] = oci::descriptor_to_json(*subject);
  m["annotations"] = boost::json::object{{oci::kVersion, "1.2.3"}};
  return boost::json::serialize(m);
}

}  // namespace floe::test
