// Finding signatures in an OCI layout: the recorded cosign v2.6.5 session
// (cosign_recording.hpp) replayed into a layout, checked with
// check_signatures and cosign's public key; floe's own .sig signatures are
// still found first.
#include <catch2/catch.hpp>

#include "artifacts/signature_lookup.hpp"
#include "artifacts/signature_ops.hpp"
#include "cosign_recording.hpp"
#include "oci/layout_target.hpp"
#include "oci/media_types.hpp"

using namespace floe;
using namespace floe::oci;
using namespace floe::test;

TEST_CASE("a cosign OCI 1.1 referrer signature in a layout verifies, a bundle alone is reported but not verified") {
  TempDir tmp;
  LayoutTarget layout((tmp.path() / "layout").string(), true);
  BlobCache cache((tmp.path() / "cache").string());
  for (const char* step : {"subject-1", "oci11-signature-1", "subject-2", "bundle-2"}) replay_cosign_step(layout, step);
  std::vector<std::string> keys{cosign_recording_public_key()};

  auto one = check_signatures(layout, cache, kCosignSubject1, keys);
  INFO((one ? one->problem : one.error().message));
  REQUIRE(one.ok());
  CHECK(one->verified);

  auto found = signatures_in_referrers(layout, kCosignSubject2);
  REQUIRE(found.ok());
  CHECK(found->layers.empty());
  REQUIRE(found->bundles.size() == 1);
  CHECK(found->bundles[0].digest == kCosignBundleReferrer2);
  CHECK(found->bundles[0].artifact_type == "application/vnd.dev.sigstore.bundle.v0.3+json");

  auto two = check_signatures(layout, cache, kCosignSubject2, keys);
  REQUIRE(two.ok());
  CHECK_FALSE(two->verified);
  CHECK(two->signatures == 0);
  CHECK_THAT(two->problem, Catch::Contains("found a sigstore bundle"));
  CHECK_THAT(signature_fix(*two, "usual"), Catch::Contains("--new-bundle-format=false"));

  replay_cosign_step(layout, "oci11-signature-2");
  auto both = check_signatures(layout, cache, kCosignSubject2, keys);
  REQUIRE(both.ok());
  CHECK(both->verified);
  CHECK(signature_fix(SignatureCheck{}, "usual") == "usual");
  SignatureCheck mixed = *two;  // a bundle beside a signature by another key
  mixed.signatures = 1;
  CHECK_THAT(signature_fix(mixed, "usual"), Catch::StartsWith("usual; ") && Catch::Contains("--new-bundle-format=false"));
}
