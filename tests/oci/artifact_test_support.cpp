#include "artifact_test_support.hpp"

#include "core/sha256.hpp"

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

namespace floe::test {
namespace fs = std::filesystem;

ArtifactWorkspace::ArtifactWorkspace() : examples(tmp.path() / "examples"), cache(tmp.path() / "cache") {
  copy_tree(examples_dir(), examples);
}

std::map<std::string, std::string> ArtifactWorkspace::env() const {
  return {{"XDG_CACHE_HOME", cache.string()},
          {"DOCKER_CONFIG", (tmp.path() / "docker").string()},
          {"FLOE_REGISTRY_USERNAME", ""},
          {"FLOE_REGISTRY_PASSWORD", ""},
          {"FLOE_REGISTRY_TOKEN", ""},
          {"FLOE_PLATFORM_REGISTRY", ""}};
}

std::string ArtifactWorkspace::path(const std::string& rel) const { return (tmp.path() / rel).string(); }

JsonRun ArtifactWorkspace::floe(std::vector<std::string> args, std::map<std::string, std::string> extra) const {
  auto e = env();
  for (auto& [k, v] : extra) e[k] = v;
  return floe_json(std::move(args), e);
}

ProcessResult ArtifactWorkspace::floe_text(const std::vector<std::string>& args, std::map<std::string, std::string> extra) const {
  auto e = env();
  for (auto& [k, v] : extra) e[k] = v;
  return run_floe(args, e);
}

fs::path layout_blob(const fs::path& layout, const std::string& digest) {
  return layout / "blobs" / "sha256" / digest.substr(digest.find(':') + 1);
}

std::string forge_layout_manifest(const fs::path& layout, const std::string& old_digest, const std::string& bytes) {
  std::string digest = "sha256:" + sha256_hex(bytes);
  write_file(layout_blob(layout, digest), bytes);
  boost::json::value index = boost::json::parse(read_file(layout / "index.json"));
  for (auto& entry : index.at("manifests").as_array())
    if (entry.at("digest").as_string() == old_digest) {
      entry.as_object()["digest"] = digest;
      entry.as_object()["size"] = bytes.size();
    }
  write_file(layout / "index.json", boost::json::serialize(index));
  return digest;
}

std::map<std::string, std::string> tree_of(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) out[fs::relative(e.path(), dir).generic_string()] = read_file(e.path());
  return out;
}

}  // namespace floe::test
