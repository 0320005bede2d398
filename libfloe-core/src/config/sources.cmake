# Sources of libfloe-core/src/config (appended to FLOE_CORE_SOURCES).
list(APPEND FLOE_CORE_SOURCES)
