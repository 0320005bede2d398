# Sources of libfloe-core/src/resolve (appended to FLOE_CORE_SOURCES).
list(APPEND FLOE_CORE_SOURCES
     src/resolve/platform_source.cpp
     src/resolve/inheritance_rules.cpp
     src/resolve/tier_merge.cpp
     src/resolve/resolved_platform.cpp
     src/resolve/platform_defaults.cpp
     src/resolve/governance_view.cpp
     src/resolve/resolver.cpp)
