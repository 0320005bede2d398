// Pins the v1 layout of every struct that crosses the ABI (LP64). A change
// here breaks every plugin built before it: add members only at the end.
#include <catch2/catch.hpp>

#include <cstddef>

#include "floe/floe.h"

static_assert(sizeof(void*) == 8, "the pinned layout is for LP64 targets");

TEST_CASE("core structs keep their v1 layout", "[abi]") {
  CHECK(offsetof(floe_error, struct_size) == 0);
  CHECK(offsetof(floe_error, code) == 4);
  CHECK(offsetof(floe_error, message) == 8);
  CHECK(offsetof(floe_error, detail_json) == 16);
  CHECK(offsetof(floe_error, release) == 24);
  CHECK(offsetof(floe_error, private_data) == 32);
  CHECK(sizeof(floe_error) == 40);
  CHECK(offsetof(floe_buffer, data) == 8);
  CHECK(offsetof(floe_buffer, length) == 16);
  CHECK(offsetof(floe_buffer, release) == 24);
  CHECK(sizeof(floe_buffer) == 40);
}

TEST_CASE("plugin structs keep their v1 layout", "[abi]") {
  CHECK(offsetof(floe_plugin_descriptor, category) == 8);
  CHECK(offsetof(floe_plugin_descriptor, name) == 16);
  CHECK(offsetof(floe_plugin_descriptor, capabilities) == 40);
  CHECK(offsetof(floe_plugin_descriptor, config_schema_json) == 56);
  CHECK(sizeof(floe_plugin_descriptor) == 64);
  CHECK(offsetof(floe_host_api, host_data) == 8);
  CHECK(offsetof(floe_host_api, log) == 16);
  CHECK(offsetof(floe_host_api, get_config) == 24);
  CHECK(offsetof(floe_host_api, get_secret) == 32);
  CHECK(offsetof(floe_host_api, set_error) == 40);
  CHECK(offsetof(floe_host_api, set_buffer) == 48);
  CHECK(offsetof(floe_host_api, emit_event) == 56);        // since 1.2
  CHECK(offsetof(floe_host_api, cancel_requested) == 64);  // since 1.2
  CHECK(sizeof(floe_host_api) == 72);
  CHECK(offsetof(floe_plugin, descriptor) == 8);
  CHECK(offsetof(floe_plugin, instance_new) == 24);
  CHECK(offsetof(floe_plugin, health_check) == 40);
  CHECK(offsetof(floe_plugin, methods) == 48);
  CHECK(offsetof(floe_plugin, release) == 56);
  CHECK(offsetof(floe_registry_options, extra_roots) == 8);
  CHECK(offsetof(floe_registry_options, log_payload) == 24);
}

// Members added since: each at the end, so a 1.0 reader still sees its prefix.
TEST_CASE("ABI 1.2 members sit at the end of their structs", "[abi]") {
  CHECK(offsetof(floe_plugin, min_host_abi) == 64);
  CHECK(sizeof(floe_plugin) == 72);
  CHECK(offsetof(floe_registry_options, isolation) == 32);
  CHECK(offsetof(floe_registry_options, call_timeout_ms) == 36);
  CHECK(sizeof(floe_registry_options) == 40);
}

TEST_CASE("the run observer keeps its layout", "[abi]") {  // since 1.2
  CHECK(offsetof(floe_run_observer, struct_size) == 0);
  CHECK(offsetof(floe_run_observer, reserved) == 4);
  CHECK(offsetof(floe_run_observer, on_event) == 8);
  CHECK(offsetof(floe_run_observer, should_cancel) == 16);
  CHECK(offsetof(floe_run_observer, user_data) == 24);
  CHECK(sizeof(floe_run_observer) == 32);
}

TEST_CASE("category tables keep their v1 method counts", "[abi]") {
  CHECK(FLOE_COMPUTE_V1_METHOD_COUNT == 7);
  CHECK(FLOE_ORCHESTRATOR_V1_METHOD_COUNT == 9);  // get_k8s_workloads appended in 1.3
  CHECK(FLOE_CATALOG_V1_METHOD_COUNT == 17);  // get_engine_config, expire_snapshots, update_table_properties appended (experimental category), get_k8s_workloads in 1.3, fast_forward_branches in 1.4, commit_data_files in 1.5, load_tables in 1.8
  CHECK(FLOE_STORAGE_V1_METHOD_COUNT == 8);  // validate_connection appended, before storage shipped; get_k8s_workloads in 1.3
  CHECK(FLOE_TELEMETRY_BACKEND_V1_METHOD_COUNT == 4);  // get_k8s_workloads appended in 1.3
  CHECK(FLOE_LINEAGE_BACKEND_V1_METHOD_COUNT == 5);  // get_k8s_workloads appended in 1.3
  CHECK(FLOE_DBT_V1_METHOD_COUNT == 9);  // run_operation, then show appended (experimental category)
  CHECK(FLOE_SEMANTIC_LAYER_V1_METHOD_COUNT == 6);  // get_k8s_workloads appended in 1.3
  CHECK(FLOE_INGESTION_V1_METHOD_COUNT == 3);
  CHECK(FLOE_QUALITY_V1_METHOD_COUNT == 7);
  CHECK(FLOE_RBAC_V1_METHOD_COUNT == 5);
  CHECK(FLOE_ALERT_CHANNEL_V1_METHOD_COUNT == 2);
  CHECK(FLOE_SECRETS_V1_METHOD_COUNT == 6);  // generate_secret_manifests appended in 1.3
  CHECK(FLOE_IDENTITY_V1_METHOD_COUNT == 4);
  CHECK(FLOE_NETWORK_SECURITY_V1_METHOD_COUNT == 6);
  CHECK(offsetof(floe_compute_v1, generate_dbt_profile) == 8);
  CHECK(offsetof(floe_catalog_v1, get_dbt_catalog_config) == 8 + 9 * 8);
  CHECK(offsetof(floe_catalog_v1, get_engine_config) == 8 + 10 * 8);
  CHECK(offsetof(floe_catalog_v1, expire_snapshots) == 8 + 11 * 8);
  CHECK(offsetof(floe_catalog_v1, update_table_properties) == 8 + 12 * 8);
  CHECK(offsetof(floe_storage_v1, validate_connection) == 8 + 6 * 8);
  // 1.3: appended after every method a 1.2 plugin has.
  CHECK(offsetof(floe_orchestrator_v1, get_k8s_workloads) == 8 + 8 * 8);
  CHECK(offsetof(floe_catalog_v1, get_k8s_workloads) == 8 + 13 * 8);
  CHECK(offsetof(floe_storage_v1, get_k8s_workloads) == 8 + 7 * 8);
  CHECK(offsetof(floe_telemetry_backend_v1, get_k8s_workloads) == 8 + 3 * 8);
  CHECK(offsetof(floe_lineage_backend_v1, get_k8s_workloads) == 8 + 4 * 8);
  CHECK(offsetof(floe_semantic_layer_v1, get_k8s_workloads) == 8 + 5 * 8);
  CHECK(offsetof(floe_secrets_v1, generate_secret_manifests) == 8 + 5 * 8);
}
