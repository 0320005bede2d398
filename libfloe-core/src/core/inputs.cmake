# libfloe-core/src/core: reading files floe does not control (input_file), the
# operation deadline its reads check (deadline), JSON text (json_text, which
# diagnostics are written with too), the fast parser of the common YAML subset
# (fast_yaml), the expanded size of a YAML document (yaml_expansion), path normalisation (paths), folder listings (folder_listing)
# and the threads that read beside the caller (helper_thread). Their own static library
# (position independent, linked into libfloe-core) because libfloe-dbt reads
# dbt projects through it too.
add_library(floe_inputs STATIC
            src/core/input_file.cpp
            src/core/deadline.cpp
            src/core/fast_yaml.cpp
            src/core/json_text.cpp
            src/core/paths.cpp
            src/core/folder_listing.cpp
            src/core/helper_thread.cpp
            src/core/yaml_expansion.cpp)
set_target_properties(floe_inputs PROPERTIES POSITION_INDEPENDENT_CODE ON)
target_include_directories(floe_inputs PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/src ${CMAKE_CURRENT_SOURCE_DIR}/include)
target_link_libraries(floe_inputs PUBLIC Boost::json PRIVATE fmt::fmt yaml-cpp floe_warnings)
