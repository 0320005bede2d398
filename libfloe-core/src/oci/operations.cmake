# The artifact operations on top of the OCI pieces: publish, pull, init,
# sign/verify, the cache commands, the resolver's oci:// fetcher and the C
# entry point floe_artifact_run.
list(APPEND FLOE_CORE_SOURCES
     src/oci/artifact_diagnostics.cpp
     src/oci/artifact_options.cpp
     src/oci/verification_policy.cpp
     src/oci/lock_file.cpp
     src/oci/signature_ops.cpp
     src/oci/parallel_transfers.cpp
     src/oci/platform_pull.cpp
     src/oci/platform_publish.cpp
     src/oci/oci_fetcher.cpp
     src/oci/artifact_ops.cpp
     src/oci/product_init.cpp
     src/capi/artifact_capi.cpp
     src/capi/artifact_request.cpp)
