# Sources of libfloe-core/src/config (appended to FLOE_CORE_SOURCES).

# docs/schemas/*.schema.json are embedded into the library at build time
# (document_schema()); editing a schema rebuilds what includes the header.
set(FLOE_MANIFEST_SCHEMA ${PROJECT_SOURCE_DIR}/docs/schemas/manifest.schema.json)
set(FLOE_PRODUCT_SCHEMA ${PROJECT_SOURCE_DIR}/docs/schemas/data-product.schema.json)
set(FLOE_ARTIFACTS_SCHEMA ${PROJECT_SOURCE_DIR}/docs/schemas/compiled-artifacts.schema.json)
set(FLOE_SCHEMAS_HEADER ${CMAKE_CURRENT_BINARY_DIR}/generated/floe/config_schemas.inc)
add_custom_command(
  OUTPUT ${FLOE_SCHEMAS_HEADER}
  COMMAND ${CMAKE_COMMAND} -DOUTPUT=${FLOE_SCHEMAS_HEADER} -DMANIFEST_SCHEMA=${FLOE_MANIFEST_SCHEMA}
          -DPRODUCT_SCHEMA=${FLOE_PRODUCT_SCHEMA}
          -DARTIFACTS_SCHEMA=${FLOE_ARTIFACTS_SCHEMA} -P ${CMAKE_CURRENT_SOURCE_DIR}/src/config/embed_schemas.cmake
  DEPENDS ${FLOE_MANIFEST_SCHEMA} ${FLOE_PRODUCT_SCHEMA} ${FLOE_ARTIFACTS_SCHEMA} ${CMAKE_CURRENT_SOURCE_DIR}/src/config/embed_schemas.cmake
  COMMENT "Embedding floe's JSON Schemas"
  VERBATIM)

list(APPEND FLOE_CORE_SOURCES
     ${FLOE_SCHEMAS_HEADER}
     src/config/located_document.cpp
     src/config/config_diagnostic.cpp
     src/config/yaml_scalar.cpp
     src/config/yaml_reader.cpp
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
