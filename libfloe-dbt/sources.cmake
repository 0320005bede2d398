# Sources of the floe_dbt library (libfloe-dbt/CMakeLists.txt).
set(FLOE_DBT_SOURCES
     src/dbt/sql_scanner.cpp
     src/dbt/yaml_support.cpp
     src/dbt/yaml_event_tree.cpp
     src/dbt/schema_yml_reader.cpp
     src/dbt/project_file.cpp
     src/dbt/project_normalize.cpp
     src/dbt/project_walk.cpp
     src/dbt/parse_cache.cpp
     src/dbt/project_reader.cpp
     src/dbt/project_session.cpp
     src/dbt/manifest_version.cpp
     src/dbt/manifest_stream_reader.cpp)
