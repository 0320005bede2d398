# Sources of libfloe-core/src/oci (appended to FLOE_CORE_SOURCES): the OCI
# distribution client, OCI layouts, the blob cache, the platform artifact and
# signatures. remote.cmake (registry over HTTP), local.cmake (layout, cache,
# artifact, signing) and operations.cmake (publish, pull, init, ...) list
# their own files.
list(APPEND FLOE_CORE_SOURCES
     src/oci/descriptor.cpp
     src/oci/reference.cpp
     src/oci/verified_file.cpp)
include(${CMAKE_CURRENT_LIST_DIR}/remote.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/local.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/operations.cmake)
