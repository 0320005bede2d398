# floe_add_plugin(<target> CATEGORY <category> [ENTRYPOINT <symbol>]
#                 [ISOLATION in-process|process] [CALL_TIMEOUT_MS <ms>] SOURCES <src>...)
#
# Builds a floe plugin as a MODULE library in the category's entry-point
# directory and writes its manifest (<target>.plugin.json) beside it. The
# manifest is generated from the plugin's own descriptor by
# `floe plugins manifest`, so the two cannot drift apart. Installs both into
# <libdir>/floe/plugins/<group>/ unless NO_INSTALL is given. ISOLATION and
# CALL_TIMEOUT_MS go into the manifest ("isolation", "call_timeout_ms":
# docs/abi.md#isolation).
#
# Variables: FLOE_EXECUTABLE (the floe CLI target or path),
# FLOE_PLUGIN_OUTPUT_DIR (build-tree root; default: <binary dir>/plugins),
# FLOE_PLUGIN_INSTALL_DIR (install-tree root, relative to the prefix).
include_guard(GLOBAL)

# The category -> entry-point directory table, generated from
# libfloe-core/abi/categories.py by scripts/gen-abi.
include(${CMAKE_CURRENT_LIST_DIR}/FloePluginGroups.cmake)

function(floe_plugin_group out category)
  foreach(pair IN LISTS _FLOE_PLUGIN_GROUPS)
    string(REPLACE "=" ";" kv "${pair}")
    list(GET kv 0 k)
    list(GET kv 1 v)
    if(k STREQUAL category)
      set(${out} ${v} PARENT_SCOPE)
      return()
    endif()
  endforeach()
  message(FATAL_ERROR "floe_add_plugin: unknown category '${category}'")
endfunction()

function(floe_add_plugin target)
  cmake_parse_arguments(ARG "NO_INSTALL" "CATEGORY;OUTPUT_DIR;ENTRYPOINT;ISOLATION;CALL_TIMEOUT_MS" "SOURCES" ${ARGN})
  if(NOT ARG_CATEGORY)
    message(FATAL_ERROR "floe_add_plugin(${target}): CATEGORY is required")
  endif()
  floe_plugin_group(group ${ARG_CATEGORY})
  if(ARG_OUTPUT_DIR)
    set(root ${ARG_OUTPUT_DIR})
  elseif(FLOE_PLUGIN_OUTPUT_DIR)
    set(root ${FLOE_PLUGIN_OUTPUT_DIR})
  else()
    set(root ${CMAKE_CURRENT_BINARY_DIR}/plugins)
  endif()
  set(dir ${root}/${group})

  add_library(${target} MODULE ${ARG_SOURCES})
  set_target_properties(${target} PROPERTIES PREFIX "" LIBRARY_OUTPUT_DIRECTORY ${dir}
                                             CXX_VISIBILITY_PRESET hidden C_VISIBILITY_PRESET hidden
                                             VISIBILITY_INLINES_HIDDEN ON)
  # A plugin whose sources are all C gets the C headers only (no Boost, no
  # C++ project needed); any other source gets the C++ author kit.
  set(kit floe::headers)
  set(all_c TRUE)
  foreach(source IN LISTS ARG_SOURCES)
    if(NOT source MATCHES "\\.c$")
      set(all_c FALSE)
    endif()
  endforeach()
  if(all_c)
    set(kit floe::c-headers)
  endif()
  # floe::* are the installed targets and, in floe's own tree, their aliases.
  target_link_libraries(${target} PRIVATE ${kit})
  if(NOT ARG_ENTRYPOINT)
    set(ARG_ENTRYPOINT floe_plugin_init)
  endif()
  # Export the init function and nothing else: with hidden visibility alone,
  # template instantiations of libraries such as Boost still leak out as
  # (GNU unique) symbols that bind across RTLD_LOCAL between plugins.
  set(exports ${CMAKE_CURRENT_BINARY_DIR}/${target}.exports.map)
  file(WRITE ${exports} "{\n  global: ${ARG_ENTRYPOINT};\n  local: *;\n};\n")
  # Refuse undefined symbols at link time: a plugin must not rely on the host
  # exporting anything (it talks to the host through floe_host_api only).
  target_link_options(${target} PRIVATE -Wl,--no-undefined -Wl,--version-script=${exports})
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${exports})

  set(manifest_options)
  if(ARG_ISOLATION)
    list(APPEND manifest_options --isolation ${ARG_ISOLATION})
  endif()
  if(ARG_CALL_TIMEOUT_MS)
    list(APPEND manifest_options --call-timeout-ms ${ARG_CALL_TIMEOUT_MS})
  endif()
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${FLOE_EXECUTABLE} plugins manifest $<TARGET_FILE:${target}> --category ${ARG_CATEGORY}
            --entrypoint ${ARG_ENTRYPOINT} ${manifest_options} --output ${dir}/${target}.plugin.json
    COMMENT "Writing plugin manifest ${group}/${target}.plugin.json" VERBATIM)

  if(NOT ARG_NO_INSTALL)
    # Every installed plugin, for targets that build all of them and nothing
    # else (floe_reference_plugins).
    set_property(GLOBAL APPEND PROPERTY FLOE_INSTALLED_PLUGINS ${target})
    install(TARGETS ${target} LIBRARY DESTINATION ${FLOE_PLUGIN_INSTALL_DIR}/${group})
    install(FILES ${dir}/${target}.plugin.json DESTINATION ${FLOE_PLUGIN_INSTALL_DIR}/${group})
  endif()
endfunction()

# floe_embed_lake_package(DIR TEMPLATE OUT): a compute plugin's floe_lake dbt
# package (DIR/dbt_project.yml, DIR/macros/commit_tables.sql) embedded in
# C++: TEMPLATE is configured into OUT with the two files' text as
# @FLOE_LAKE_PROJECT@ and @FLOE_LAKE_MACROS@, again whenever they change.
function(floe_embed_lake_package dir template out)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${dir}/dbt_project.yml ${dir}/macros/commit_tables.sql)
  file(READ ${dir}/dbt_project.yml FLOE_LAKE_PROJECT)
  file(READ ${dir}/macros/commit_tables.sql FLOE_LAKE_MACROS)
  # Reading input ports from the lake (DuckDB's package only, so far).
  set(FLOE_LAKE_READ_INPUTS "")
  if(EXISTS ${dir}/macros/read_inputs.sql)
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${dir}/macros/read_inputs.sql)
    file(READ ${dir}/macros/read_inputs.sql FLOE_LAKE_READ_INPUTS)
  endif()
  # Writing data files for the catalog to commit (DuckDB's package only).
  set(FLOE_LAKE_WRITE_DATA_FILES "")
  if(EXISTS ${dir}/macros/write_data_files.sql)
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${dir}/macros/write_data_files.sql)
    file(READ ${dir}/macros/write_data_files.sql FLOE_LAKE_WRITE_DATA_FILES)
  endif()
  configure_file(${template} ${out} @ONLY)
endfunction()
