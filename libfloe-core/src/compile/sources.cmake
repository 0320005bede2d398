# Sources of libfloe-core/src/compile (appended to FLOE_CORE_SOURCES).
list(APPEND FLOE_CORE_SOURCES
     src/compile/compile_clock.cpp
     src/compile/secret_refs.cpp
     src/compile/secret_scan.cpp
     src/compile/yaml_emit.cpp
     src/compile/product_placeholders.cpp
     src/compile/source_roots.cpp
     src/compile/product_namespace.cpp
     src/compile/lake_profile.cpp
     src/compile/dbt_profile.cpp
     src/compile/selected_plugins.cpp
     src/compile/transform_projects.cpp
     src/compile/compiled_artifacts.cpp
     src/compile/output_self_check.cpp
     src/compile/compile_cache.cpp
     src/compile/product_compile.cpp
     src/compile/validate_watch.cpp
     src/compile/contract_stage.cpp
     src/compile/cached_compile.cpp
     src/compile/orchestrator_location.cpp
     src/compile/platform_compile.cpp)
list(APPEND FLOE_CORE_SOURCES
     src/compile/explain.cpp
     src/compile/policy_tests.cpp
     src/compile/migrated_yaml.cpp
     src/compile/migrate.cpp
     src/compile/contract_commands.cpp)
