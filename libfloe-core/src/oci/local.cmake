# The local half of the OCI protocol: layouts, the blob cache and
# cosign-compatible signature payloads (libcrypto, opened on first use).
list(APPEND FLOE_CORE_SOURCES
     src/oci/advisory_lock.cpp
     src/oci/blob_io.cpp
     src/oci/layout_target.cpp
     src/oci/blob_cache.cpp
     src/oci/crypto_library.cpp
     src/oci/cosign_signature.cpp)
