# Sources of libfloe-core/src/artifacts (appended to FLOE_CORE_SOURCES): what
# floe does with OCI - the platform artifact format, publish, pull, init,
# sign/verify, the verification policy, floe.lock, the cache commands and the
# resolver's oci:// fetcher - built on the protocol pieces of src/oci.
list(APPEND FLOE_CORE_SOURCES
     src/artifacts/platform_artifact.cpp
     src/artifacts/artifact_diagnostics.cpp
     src/artifacts/artifact_options.cpp
     src/artifacts/verification_policy.cpp
     src/artifacts/lock_file.cpp
     src/artifacts/signature_lookup.cpp
     src/artifacts/signature_ops.cpp
     src/artifacts/platform_pull.cpp
     src/artifacts/platform_publish.cpp
     src/artifacts/oci_fetcher.cpp
     src/artifacts/artifact_ops.cpp
     src/artifacts/product_init.cpp
     src/artifacts/product_consumers.cpp
     src/artifacts/product_artifacts.cpp
     src/capi/artifact_capi.cpp
     src/capi/artifact_request.cpp)
