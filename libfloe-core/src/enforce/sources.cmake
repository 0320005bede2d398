# Sources of libfloe-core/src/enforce (appended to FLOE_CORE_SOURCES).
list(APPEND FLOE_CORE_SOURCES)
