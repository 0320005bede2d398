# libfloe-dbt sources, compiled into libfloe-core (paths relative to libfloe-core/).
list(APPEND FLOE_CORE_SOURCES)
