# Sources of libfloe-core/src/tables (appended to FLOE_CORE_SOURCES): a
# product's Iceberg tables through its platform's catalog plugin (floe
# iceberg ls / show / expire).
list(APPEND FLOE_CORE_SOURCES
     src/tables/catalog_session.cpp
     src/tables/storage_file_io.cpp
     src/tables/product_namespace.cpp
     src/tables/table_summary.cpp
     src/tables/product_tables.cpp)
