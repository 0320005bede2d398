# Sources of libfloe-core/src/observe itself (appended to FLOE_CORE_SOURCES):
# what the run's observers (lineage/, telemetry/) share.
list(APPEND FLOE_CORE_SOURCES
     src/observe/json_poster.cpp)
