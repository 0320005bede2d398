# Layouts (against skopeo as the independent reader), the blob cache, the
# platform artifact format and signatures (against the openssl CLI).
file(GLOB FLOE_OCI_LOCAL_TEST_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*_local_test.cpp)
add_executable(floe_oci_local_tests ${FLOE_OCI_LOCAL_TEST_SOURCES})
target_link_libraries(floe_oci_local_tests PRIVATE floe_core_internal floe_test_support floe_catch_main floe_warnings)
target_compile_definitions(floe_oci_local_tests PRIVATE ${FLOE_TEST_ENV_DEFS})
catch_discover_tests(floe_oci_local_tests TEST_PREFIX "oci-local: ")
