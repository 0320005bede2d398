# Helpers that build test fixture plugins and their manifests into fixture
# search roots (used by tests/failure and tests/conformance).
#
# Fixture roots live under the test's build directory, never under
# <build>/lib/floe/plugins (the real in-tree root), so broken fixtures cannot
# leak into other tests or into `floe plugins list`. Manifests are written by
# hand (not by `floe plugins manifest`) because many of them must lie.

# Before the guard: every including directory needs the variable.
set(FLOE_FIXTURE_DIR ${CMAKE_CURRENT_LIST_DIR}/fixtures)
include_guard(GLOBAL)

# floe_fixture_plugin(<target> ROOT <root> CATEGORY <category> SOURCES <src>...
#                     [FILE <basename>] [IN <category>] [DEFINES <def>...] [LIBS <lib>...])
# Builds a MODULE library <root>/<group of IN or CATEGORY>/<FILE or target>.so.
# Appends the target to FLOE_FIXTURE_TARGETS in the caller's scope.
function(floe_fixture_plugin target)
  cmake_parse_arguments(A "" "ROOT;CATEGORY;FILE;IN" "SOURCES;DEFINES;LIBS" ${ARGN})
  if(NOT A_IN)
    set(A_IN ${A_CATEGORY})
  endif()
  if(NOT A_FILE)
    set(A_FILE ${target})
  endif()
  floe_plugin_group(group ${A_IN})
  add_library(${target} MODULE ${A_SOURCES})
  set_target_properties(${target} PROPERTIES PREFIX "" OUTPUT_NAME ${A_FILE}
                                             LIBRARY_OUTPUT_DIRECTORY ${A_ROOT}/${group}
                                             C_VISIBILITY_PRESET hidden CXX_VISIBILITY_PRESET hidden
                                             VISIBILITY_INLINES_HIDDEN ON)
  # Plugins compile against the headers only and never link libfloe-core. A
  # plain C plugin takes just the include directory: floe_headers also carries
  # Boost.JSON for the C++ author kit, which a C library must not depend on.
  if(A_SOURCES MATCHES "\\.cpp(;|$)")
    target_link_libraries(${target} PRIVATE floe_headers)
  else()
    target_include_directories(${target} PRIVATE $<TARGET_PROPERTY:floe_headers,INTERFACE_INCLUDE_DIRECTORIES>)
  endif()
  target_link_libraries(${target} PRIVATE floe_warnings ${A_LIBS})
  target_include_directories(${target} PRIVATE ${FLOE_FIXTURE_DIR})
  target_compile_definitions(${target} PRIVATE ${A_DEFINES})
  target_link_options(${target} PRIVATE -Wl,--no-undefined)
  set(FLOE_FIXTURE_TARGETS ${FLOE_FIXTURE_TARGETS} ${target} PARENT_SCOPE)
endfunction()

# floe_fixture_c_plugin(<target> ROOT <root> CATEGORY <category> [NAME <name>] [IN ...] [DEFINES ...])
# The C fixture (fixtures/fixture_plugin.c) with descriptor name NAME (default:
# the target name) and flavor <target>.
function(floe_fixture_c_plugin target)
  cmake_parse_arguments(A "" "ROOT;CATEGORY;NAME;IN;FILE" "DEFINES" ${ARGN})
  if(NOT A_NAME)
    set(A_NAME ${target})
  endif()
  string(TOUPPER "FLOE_CATEGORY_${A_CATEGORY}" category_macro)
  set(extra)
  if(A_IN)
    list(APPEND extra IN ${A_IN})
  endif()
  if(A_FILE)
    list(APPEND extra FILE ${A_FILE})
  endif()
  floe_fixture_plugin(${target} ROOT ${A_ROOT} CATEGORY ${A_CATEGORY} ${extra}
                      SOURCES ${FLOE_FIXTURE_DIR}/fixture_plugin.c ${FLOE_FIXTURE_DIR}/fixture_json.c
                      DEFINES FIXTURE_NAME="${A_NAME}" FIXTURE_FLAVOR="${target}"
                              FIXTURE_CATEGORY=${category_macro} ${A_DEFINES})
  set(FLOE_FIXTURE_TARGETS ${FLOE_FIXTURE_TARGETS} PARENT_SCOPE)
endfunction()

# floe_fixture_manifest(ROOT <root> FILE <stem> [IN <category>]
#                       NAME <name> CATEGORY <category> LIBRARY <file>
#                       [ABI <x.y.z>] [VERSION <semver>] [ENTRYPOINT <symbol>]
#                       [EXTRA <"key": value, ...>])
# floe_fixture_manifest(ROOT <root> FILE <stem> IN <category> CONTENT <text>)
# Writes <root>/<group of IN or CATEGORY>/<stem>.plugin.json.
function(floe_fixture_manifest)
  cmake_parse_arguments(A "" "ROOT;FILE;IN;NAME;CATEGORY;LIBRARY;ABI;VERSION;ENTRYPOINT;CONTENT;EXTRA" "" ${ARGN})
  if(NOT A_IN)
    set(A_IN ${A_CATEGORY})
  endif()
  floe_plugin_group(group ${A_IN})
  if(NOT DEFINED A_CONTENT)
    if(NOT A_ABI)
      set(A_ABI 1.0.0)
    endif()
    if(NOT A_VERSION)
      set(A_VERSION 0.1.0)
    endif()
    set(entry "")
    if(A_ENTRYPOINT)
      set(entry "\n  \"entrypoint\": \"${A_ENTRYPOINT}\",")
    endif()
    if(A_EXTRA)
      string(APPEND entry "\n  ${A_EXTRA},")
    endif()
    set(A_CONTENT "{
  \"manifest_version\": 1,
  \"name\": \"${A_NAME}\",
  \"category\": \"${A_CATEGORY}\",
  \"version\": \"${A_VERSION}\",
  \"abi_version\": \"${A_ABI}\",
  \"library\": \"${A_LIBRARY}\",${entry}
  \"description\": \"floe test fixture ${A_FILE}\",
  \"capabilities\": [\"fixture\"],
  \"requirements\": []
}
")
  endif()
  file(GENERATE OUTPUT ${A_ROOT}/${group}/${A_FILE}.plugin.json CONTENT "${A_CONTENT}")
endfunction()

# floe_fixture_c_plugin_with_manifest(<target> ROOT <root> CATEGORY <category> [NAME <name>]
#                                     [MANIFEST_CATEGORY <c>] [MANIFEST_NAME <n>] [ABI <x.y.z>]
#                                     [ENTRYPOINT <symbol>] [EXTRA <manifest keys>] [IN <category>]
#                                     [DEFINES ...])
# The usual pair: a C fixture library and a manifest beside it describing it
# (truthfully unless MANIFEST_* say otherwise).
function(floe_fixture_c_plugin_with_manifest target)
  cmake_parse_arguments(A "" "ROOT;CATEGORY;NAME;IN;MANIFEST_CATEGORY;MANIFEST_NAME;ABI;ENTRYPOINT;EXTRA" "DEFINES" ${ARGN})
  if(NOT A_NAME)
    set(A_NAME ${target})
  endif()
  if(NOT A_IN)
    set(A_IN ${A_CATEGORY})
  endif()
  if(NOT A_MANIFEST_CATEGORY)
    set(A_MANIFEST_CATEGORY ${A_CATEGORY})
  endif()
  if(NOT A_MANIFEST_NAME)
    set(A_MANIFEST_NAME ${A_NAME})
  endif()
  floe_fixture_c_plugin(${target} ROOT ${A_ROOT} CATEGORY ${A_CATEGORY} NAME ${A_NAME} IN ${A_IN}
                        DEFINES ${A_DEFINES})
  set(extra)
  if(A_ABI)
    list(APPEND extra ABI ${A_ABI})
  endif()
  if(A_ENTRYPOINT)
    list(APPEND extra ENTRYPOINT ${A_ENTRYPOINT})
  endif()
  if(A_EXTRA)
    list(APPEND extra EXTRA ${A_EXTRA})
  endif()
  floe_fixture_manifest(ROOT ${A_ROOT} FILE ${target} IN ${A_IN} NAME ${A_MANIFEST_NAME}
                        CATEGORY ${A_MANIFEST_CATEGORY} LIBRARY ${target}.so ${extra})
  set(FLOE_FIXTURE_TARGETS ${FLOE_FIXTURE_TARGETS} PARENT_SCOPE)
endfunction()
