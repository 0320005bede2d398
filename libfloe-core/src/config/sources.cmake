# Sources of libfloe-core/src/config (appended to FLOE_CORE_SOURCES).

# docs/schemas/<kind>.schema.json are embedded into the library at build time
# (embedded_schema(), floe_schema()); editing a schema rebuilds what includes
# the header. The file formats and the C API's request and report shapes.
set(FLOE_EMBEDDED_SCHEMAS manifest data-product compiled-artifacts compile-request artifact-request run-request table-request operation-report)
set(FLOE_SCHEMA_FILES)
foreach(kind IN LISTS FLOE_EMBEDDED_SCHEMAS)
  list(APPEND FLOE_SCHEMA_FILES ${PROJECT_SOURCE_DIR}/docs/schemas/${kind}.schema.json)
endforeach()
string(REPLACE ";" "," FLOE_SCHEMA_KINDS "${FLOE_EMBEDDED_SCHEMAS}")
set(FLOE_SCHEMAS_HEADER ${CMAKE_CURRENT_BINARY_DIR}/generated/floe/config_schemas.inc)
add_custom_command(
  OUTPUT ${FLOE_SCHEMAS_HEADER}
  COMMAND ${CMAKE_COMMAND} -DOUTPUT=${FLOE_SCHEMAS_HEADER} -DSCHEMA_DIR=${PROJECT_SOURCE_DIR}/docs/schemas
          -DKINDS=${FLOE_SCHEMA_KINDS} -P ${CMAKE_CURRENT_SOURCE_DIR}/src/config/embed_schemas.cmake
  DEPENDS ${FLOE_SCHEMA_FILES} ${CMAKE_CURRENT_SOURCE_DIR}/src/config/embed_schemas.cmake
  COMMENT "Embedding floe's JSON Schemas"
  VERBATIM)

list(APPEND FLOE_CORE_SOURCES
     ${FLOE_SCHEMAS_HEADER}
     src/config/located_document.cpp
     src/config/location_map.cpp
     src/config/config_diagnostic.cpp
     src/config/yaml_scalar.cpp
     src/config/yaml_documents.cpp
     src/config/yaml_reader.cpp
     src/config/yaml_event_reader.cpp
     src/config/document_schema.cpp
     src/config/schema_diagnostics.cpp
     src/config/format_translation.cpp
     src/config/seed_shorthand.cpp
     src/config/two_tier_compat.cpp
     src/config/two_tier_product.cpp
     src/config/alpha_compat.cpp
     src/config/alpha_unsupported_keys.cpp
     src/config/cron.cpp
     src/config/timezone.cpp
     src/config/iso8601.cpp
     src/config/manifest_rules.cpp
     src/config/product_rules.cpp
     src/config/config_loader.cpp)
