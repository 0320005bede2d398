// The recorded cosign v2.6.5 session of fixtures/cosign-v2.6.5 (README.md
// there says how it was recorded): replays its steps into any ContentTarget
// with floe's own client, byte for byte, in the order cosign wrote them.
#pragma once

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "oci/content_target.hpp"
#include "temp_dir.hpp"

namespace floe::test {

inline std::filesystem::path cosign_recording_dir() {
  return std::filesystem::path(FLOE_TEST_SOURCE_DIR) / "tests/oci/fixtures/cosign-v2.6.5";
}
inline std::string cosign_recording_public_key() { return (cosign_recording_dir() / "cosign.pub").string(); }

// The manifests the recording signed, and its referrers.
inline const std::string kCosignSubject1 = "sha256:8eeee2584d75409f36a561b55f6b3d1ff902d4a99ffc8c57118bf7bf87d6b6ef";
inline const std::string kCosignSubject2 = "sha256:9a8f17b526872967c80bacac19ca85be6c32efc32609eb10a8feddc61ece4927";
inline const std::string kCosignSignatureReferrer1 =
    "sha256:52ded746ea2270eb5bed28929ecf4b6ac9a5c52b052aa92f21b0508652443475";
inline const std::string kCosignBundleReferrer2 =
    "sha256:d98e23a272b92f31de76c11fb850a60dc43a16eb408f9ef67d5926248464f209";

// Pushes the blobs, then the manifests (by tag when the step gives one,
// else by digest) of one step of session.json: subject-1, oci11-signature-1,
// subject-2, bundle-2, oci11-signature-2.
inline void replay_cosign_step(oci::ContentTarget& target, const std::string& step) {
  INFO("replaying " << step);
  auto session = boost::json::parse(read_file(cosign_recording_dir() / "session.json"));
  auto bytes = [](const boost::json::value& hex) {
    return read_file(cosign_recording_dir() / "blobs" / std::string(hex.as_string()));
  };
  const auto& s = session.at("steps").at(step);
  for (const auto& hex : s.at("blobs").as_array()) {
    std::string b = bytes(hex);
    oci::Descriptor d{"application/octet-stream", oci::digest_of(b), static_cast<std::int64_t>(b.size()), {}, {}};
    REQUIRE(d.digest == "sha256:" + std::string(hex.as_string()));
    auto pushed = target.push_blob(d, oci::BlobSource{"", b}, {});
    INFO((pushed ? "" : pushed.error().message));
    REQUIRE(pushed.ok());
  }
  for (const auto& m : s.at("manifests").as_array()) {
    const auto* tag = m.as_object().if_contains("tag");
    std::string where = tag ? std::string(tag->as_string()) : "sha256:" + std::string(m.at("digest").as_string());
    auto pushed = target.push_manifest(where, bytes(m.at("digest")), std::string(m.at("mediaType").as_string()));
    INFO((pushed ? "" : pushed.error().message));
    REQUIRE(pushed.ok());
  }
}

}  // namespace floe::test
