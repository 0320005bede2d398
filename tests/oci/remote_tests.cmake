# The registry client (src/oci/remote.cmake) against real docker-registry
# processes and the fault proxy started by tests/support/registry_fixture.
add_executable(floe_oci_remote_tests
               ${CMAKE_CURRENT_LIST_DIR}/auth_challenge_remote_test.cpp
               ${CMAKE_CURRENT_LIST_DIR}/credentials_remote_test.cpp
               ${CMAKE_CURRENT_LIST_DIR}/registry_remote_test.cpp
               ${CMAKE_CURRENT_LIST_DIR}/auth_remote_test.cpp
               ${CMAKE_CURRENT_LIST_DIR}/faults_remote_test.cpp
               ${CMAKE_CURRENT_LIST_DIR}/user_agent_remote_test.cpp
               ${CMAKE_CURRENT_LIST_DIR}/fixture_port_remote_test.cpp)
target_link_libraries(floe_oci_remote_tests PRIVATE floe_core_internal floe_test_support floe_catch_main floe_warnings)
target_compile_definitions(floe_oci_remote_tests PRIVATE ${FLOE_TEST_ENV_DEFS})
catch_discover_tests(floe_oci_remote_tests TEST_PREFIX "oci-remote: ")
