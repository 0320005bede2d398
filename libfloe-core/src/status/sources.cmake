# Sources of libfloe-core/src/status (appended to FLOE_CORE_SOURCES).
list(APPEND FLOE_CORE_SOURCES src/status/platform_status.cpp src/status/cluster_workloads.cpp)
