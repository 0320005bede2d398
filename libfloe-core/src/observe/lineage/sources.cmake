# Sources of libfloe-core/src/observe/lineage (appended to FLOE_CORE_SOURCES):
# a run's OpenLineage events, delivered where the lineage backend says.
list(APPEND FLOE_CORE_SOURCES
     src/observe/lineage/http_event_sink.cpp
     src/observe/lineage/file_event_sink.cpp
     src/observe/lineage/openlineage_event.cpp
     src/observe/lineage/dataset_names.cpp
     src/observe/lineage/dbt_lineage_facts.cpp
     src/observe/lineage/lineage_observer.cpp
     src/observe/lineage/lineage_setup.cpp)
