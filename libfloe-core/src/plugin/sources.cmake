# Sources of libfloe-core/src/plugin (appended to FLOE_CORE_SOURCES):
# discovery, loading, the host table, the registry, and isolation (running a
# plugin in a helper process). FLOE_PLUGIN_HOST_SOURCES are the helper's own
# (floe-plugin-host, built in libfloe-core/CMakeLists.txt): its serving loop
# is no part of the library.
list(APPEND FLOE_CORE_SOURCES
     src/plugin/category_table.cpp
     src/plugin/search_roots.cpp
     src/plugin/plugin_manifest.cpp
     src/plugin/discovery.cpp
     src/plugin/host_api.cpp
     src/plugin/elf_check.cpp
     src/plugin/loader.cpp
     src/plugin/in_process_plugin.cpp
     src/plugin/isolation_policy.cpp
     src/plugin/helper_protocol.cpp
     src/plugin/plugin_process.cpp
     src/plugin/isolated_plugin.cpp
     src/plugin/registry.cpp
     src/plugin/crash_guard.cpp
     src/plugin/composition.cpp)
set(FLOE_PLUGIN_HOST_SOURCES
    src/plugin/plugin_host_main.cpp
    src/plugin/plugin_server.cpp)
