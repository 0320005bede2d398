# libfloe-core/src/diag: how every layer reports problems - diagnostics, the
# code catalog, compile reports and SARIF. Its own static library (position
# independent, linked into libfloe-core) because libfloe-dbt reports through
# it too; nothing here includes a layer of the pipeline (scripts/check-layers).
add_library(floe_diag STATIC
            src/diag/diagnostic.cpp
            src/diag/code_catalog.cpp
            src/diag/compile_report.cpp
            src/diag/sarif_writer.cpp)
set_target_properties(floe_diag PROPERTIES POSITION_INDEPENDENT_CODE ON)
target_include_directories(floe_diag PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/src)
target_link_libraries(floe_diag PUBLIC Boost::json floe_inputs PRIVATE fmt::fmt floe_warnings)
