# Sources of libfloe-core/src/compile (appended to FLOE_CORE_SOURCES).
list(APPEND FLOE_CORE_SOURCES)
