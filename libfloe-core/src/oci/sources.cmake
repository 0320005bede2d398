# Sources of libfloe-core/src/oci (appended to FLOE_CORE_SOURCES): the OCI
# protocol pieces, with no knowledge of what floe stores in them. remote.cmake
# (a registry over HTTP) and local.cmake (layouts, the blob cache, cosign
# signatures) list their own files; what floe does with them (publish, pull,
# verify, lock) lives one layer up, in src/artifacts.
list(APPEND FLOE_CORE_SOURCES
     src/oci/descriptor.cpp
     src/oci/reference.cpp
     src/oci/verified_file.cpp
     src/oci/parallel_transfers.cpp)
include(${CMAKE_CURRENT_LIST_DIR}/remote.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/local.cmake)
