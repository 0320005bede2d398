# The local half of OCI support: layouts, the blob cache, the platform
# artifact format and cosign-compatible signatures.
list(APPEND FLOE_CORE_SOURCES
     src/oci/advisory_lock.cpp
     src/oci/blob_io.cpp
     src/oci/layout_target.cpp
     src/oci/blob_cache.cpp
     src/oci/platform_artifact.cpp
     src/oci/cosign_signature.cpp)
