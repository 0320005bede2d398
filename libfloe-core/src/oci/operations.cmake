# The artifact operations on top of the OCI pieces: publish, pull, init,
# sign/verify, the cache commands, the resolver's oci:// fetcher and the C
# entry point floe_artifact_run.
# TEMPORARY (while the registry and layout halves are being written): built
# only once their headers exist.
if(EXISTS ${CMAKE_CURRENT_LIST_DIR}/registry_target.hpp AND EXISTS ${CMAKE_CURRENT_LIST_DIR}/platform_artifact.hpp
   AND EXISTS ${CMAKE_CURRENT_LIST_DIR}/cosign_signature.hpp)
  set(FLOE_OCI_OPERATIONS ON CACHE INTERNAL "")
  list(APPEND FLOE_CORE_SOURCES
       src/oci/artifact_diagnostics.cpp
       src/oci/artifact_options.cpp
       src/oci/verification_policy.cpp
       src/oci/lock_file.cpp
       src/oci/signature_ops.cpp
       src/oci/platform_pull.cpp
       src/oci/platform_publish.cpp
       src/oci/oci_fetcher.cpp
       src/oci/artifact_ops.cpp
       src/oci/product_init.cpp
       src/oci/parallel_transfers.cpp
       src/capi/artifact_capi.cpp
       src/capi/artifact_request.cpp)
else()
  set(FLOE_OCI_OPERATIONS OFF CACHE INTERNAL "")
endif()
