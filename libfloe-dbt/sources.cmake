# libfloe-dbt sources, compiled into libfloe-core (included from libfloe-core/CMakeLists.txt).
list(APPEND FLOE_CORE_SOURCES
     ${PROJECT_SOURCE_DIR}/libfloe-dbt/src/dbt/sql_scanner.cpp
     ${PROJECT_SOURCE_DIR}/libfloe-dbt/src/dbt/yaml_support.cpp
     ${PROJECT_SOURCE_DIR}/libfloe-dbt/src/dbt/fast_yaml.cpp
     ${PROJECT_SOURCE_DIR}/libfloe-dbt/src/dbt/schema_yml_reader.cpp
     ${PROJECT_SOURCE_DIR}/libfloe-dbt/src/dbt/project_file.cpp
     ${PROJECT_SOURCE_DIR}/libfloe-dbt/src/dbt/project_normalize.cpp
     ${PROJECT_SOURCE_DIR}/libfloe-dbt/src/dbt/project_reader.cpp
     ${PROJECT_SOURCE_DIR}/libfloe-dbt/src/dbt/manifest_version.cpp
     ${PROJECT_SOURCE_DIR}/libfloe-dbt/src/dbt/manifest_stream_reader.cpp)
