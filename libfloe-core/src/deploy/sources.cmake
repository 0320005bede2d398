# Sources of libfloe-core/src/deploy (appended to FLOE_CORE_SOURCES).
list(APPEND FLOE_CORE_SOURCES
     src/deploy/cluster_apply.cpp
     src/deploy/deploy_files.cpp
     src/deploy/product_resources.cpp
     src/deploy/namespace_security.cpp
     src/deploy/platform_deploy.cpp
     src/deploy/plugin_calls.cpp
     src/deploy/pod_hardening.cpp
     src/deploy/product_jobs.cpp
     src/deploy/product_objects.cpp
     src/deploy/value_slots.cpp
     src/deploy/workload.cpp
     src/deploy/workload_objects.cpp)
