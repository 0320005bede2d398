# publish / pull / init / sign / verify / cache through the floe executable,
# on OCI layouts and on real docker-registry processes, with skopeo and the
# openssl CLI as independent checkers.
add_executable(floe_oci_cli_tests artifact_test_support.cpp layout_cli_test.cpp signing_cli_test.cpp init_cli_test.cpp
                                  registry_cli_test.cpp cosign_referrers_cli_test.cpp)
target_link_libraries(floe_oci_cli_tests PRIVATE floe_compile_test_support floe_core_internal floe_test_support
                                                 floe_catch_main Boost::json fmt::fmt
                                                 floe_warnings)
target_compile_definitions(floe_oci_cli_tests PRIVATE ${FLOE_TEST_ENV_DEFS})
add_dependencies(floe_oci_cli_tests floe)
catch_discover_tests(floe_oci_cli_tests TEST_PREFIX "oci-cli: ")

# cosign itself, both ways, against docker-registry: cosign verifies floe's
# signatures and floe verifies cosign's (scripts/build-cosign builds cosign
# v2.6.5 from the Go module proxy). Labelled anchor: an outside tool, run in
# the outside tools' stage.
add_executable(floe_cosign_tests artifact_test_support.cpp cosign_cli_test.cpp)
target_link_libraries(floe_cosign_tests PRIVATE floe_compile_test_support floe_core_internal floe_test_support
                                                floe_catch_main Boost::json fmt::fmt floe_warnings)
target_compile_definitions(floe_cosign_tests PRIVATE ${FLOE_TEST_ENV_DEFS})
add_dependencies(floe_cosign_tests floe)
catch_discover_tests(floe_cosign_tests TEST_PREFIX "oci-cosign: " PROPERTIES LABELS anchor TIMEOUT 300)
