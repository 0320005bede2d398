// The media types and annotation keys floe reads and writes on OCI targets.
// Values come from the OCI image spec v1.1, cosign's legacy signature format
// and floe's own artifact type (docs/oci.md).
#pragma once

namespace floe::oci {

inline constexpr const char* kImageManifest = "application/vnd.oci.image.manifest.v1+json";
inline constexpr const char* kImageIndex = "application/vnd.oci.image.index.v1+json";
inline constexpr const char* kImageConfig = "application/vnd.oci.image.config.v1+json";
inline constexpr const char* kDockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
inline constexpr const char* kEmptyConfig = "application/vnd.oci.empty.v1+json";
inline constexpr const char* kEmptyDigest = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
inline constexpr const char* kEmptyData = "{}";

// floe's platform artifact (one layer per file of the compiled platform).
inline constexpr const char* kPlatformArtifact = "application/vnd.floe.platform.v1+json";
inline constexpr const char* kPlatformFileLayer = "application/vnd.floe.platform.file.v1+json";
// floe's data product artifact: a product's published contract set
// (product.json and one ODCS file per output port), same layout.
inline constexpr const char* kProductArtifact = "application/vnd.floe.product.v1+json";
inline constexpr const char* kProductFileLayer = "application/vnd.floe.product.file.v1+json";

// cosign's legacy (simple signing) signature objects.
inline constexpr const char* kSimpleSigning = "application/vnd.dev.cosign.simplesigning.v1+json";
inline constexpr const char* kCosignSignatureAnnotation = "dev.cosignproject.cosign/signature";
// The artifactType of the same signatures stored as OCI 1.1 referrers
// (`cosign sign --registry-referrers-mode=oci-1-1`).
inline constexpr const char* kCosignSignatureArtifact = "application/vnd.dev.cosign.artifact.sig.v1+json";
// Sigstore bundles (cosign --new-bundle-format, cosign v3's default):
// "application/vnd.dev.sigstore.bundle.v0.3+json" and other versions.
inline constexpr const char* kSigstoreBundlePrefix = "application/vnd.dev.sigstore.bundle";

// What oras pushes for a directory: a tar+gzip layer it unpacks on pull.
inline constexpr const char* kOrasUnpackAnnotation = "io.deis.oras.content.unpack";

// Annotation keys.
inline constexpr const char* kTitle = "org.opencontainers.image.title";
inline constexpr const char* kCreated = "org.opencontainers.image.created";
inline constexpr const char* kVersion = "org.opencontainers.image.version";
inline constexpr const char* kSource = "org.opencontainers.image.source";
inline constexpr const char* kRevision = "org.opencontainers.image.revision";
inline constexpr const char* kRefName = "org.opencontainers.image.ref.name";
inline constexpr const char* kFloePlatformName = "dev.floe.platform.name";
inline constexpr const char* kFloePlatformScope = "dev.floe.platform.scope";
inline constexpr const char* kFloePlatformParent = "dev.floe.platform.parent";

}  // namespace floe::oci
