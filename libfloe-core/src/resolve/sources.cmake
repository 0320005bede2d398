# Sources of libfloe-core/src/resolve (appended to FLOE_CORE_SOURCES).
list(APPEND FLOE_CORE_SOURCES)
