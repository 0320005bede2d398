# Sources of libfloe-core/src/contract (appended to FLOE_CORE_SOURCES): ODCS v3
# data contracts of a product's ports - loading, checking them against the
# dbt models behind the ports, generating, diffing.

# The ODCS JSON Schemas, as released in the open-data-contract-standard package
# (docs/schemas/odcs/README.md says which and how to update it), embedded like
# floe's own schemas but in a namespace of its own.
set(FLOE_ODCS_SCHEMA_KINDS odcs-3.1.0 odcs-3.2.0)
set(FLOE_ODCS_SCHEMA_FILES)
foreach(kind IN LISTS FLOE_ODCS_SCHEMA_KINDS)
  list(APPEND FLOE_ODCS_SCHEMA_FILES ${PROJECT_SOURCE_DIR}/docs/schemas/odcs/${kind}.schema.json)
endforeach()
string(REPLACE ";" "," FLOE_ODCS_SCHEMA_KIND_LIST "${FLOE_ODCS_SCHEMA_KINDS}")
set(FLOE_ODCS_SCHEMA_HEADER ${CMAKE_CURRENT_BINARY_DIR}/generated/floe/odcs_schema.inc)
add_custom_command(
  OUTPUT ${FLOE_ODCS_SCHEMA_HEADER}
  COMMAND ${CMAKE_COMMAND} -DOUTPUT=${FLOE_ODCS_SCHEMA_HEADER} -DSCHEMA_DIR=${PROJECT_SOURCE_DIR}/docs/schemas/odcs
          -DKINDS=${FLOE_ODCS_SCHEMA_KIND_LIST} -DNAMESPACE=floe::generated_odcs
          -P ${CMAKE_CURRENT_SOURCE_DIR}/src/config/embed_schemas.cmake
  DEPENDS ${FLOE_ODCS_SCHEMA_FILES}
          ${CMAKE_CURRENT_SOURCE_DIR}/src/config/embed_schemas.cmake
  COMMENT "Embedding the ODCS JSON Schema"
  VERBATIM)

list(APPEND FLOE_CORE_SOURCES
     ${FLOE_ODCS_SCHEMA_HEADER}
     src/contract/odcs_schema.cpp
     src/contract/alpha_contract.cpp
     src/contract/data_contract.cpp
     src/contract/contract_verdicts.cpp
     src/contract/port_contracts.cpp
     src/contract/sla_values.cpp
     src/contract/type_compat.cpp
     src/contract/catalog_types.cpp
     src/contract/contract_policy.cpp
     src/contract/contract_checks.cpp
     src/contract/port_verdicts.cpp
     src/contract/contract_diff.cpp
     src/contract/contract_generator.cpp
     src/contract/version_range.cpp
     src/contract/published_product.cpp
     src/contract/input_ports.cpp
     src/contract/data_checks.cpp
     src/contract/data_check_sql.cpp)
