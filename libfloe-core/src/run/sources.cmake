# Sources of libfloe-core/src/run (appended to FLOE_CORE_SOURCES): executing
# a compiled product through its plugins (floe run, floe test).
list(APPEND FLOE_CORE_SOURCES
     src/run/run_events.cpp
     src/run/run_lock.cpp
     src/run/run_record.cpp
     src/run/selection.cpp
     src/run/tool_environment.cpp
     src/run/plugin_secrets.cpp
     src/run/run_context.cpp
     src/run/run_observers.cpp
     src/run/compute_check.cpp
     src/run/dbt_steps.cpp
     src/run/changed_state.cpp
     src/run/lake_steps.cpp
     src/run/input_step.cpp
     src/run/ingestion_step.cpp
     src/run/model_builds.cpp
     src/run/contract_step.cpp
     src/run/alert_step.cpp
     src/run/semantic_step.cpp
     src/run/product_steps.cpp
     src/run/product_run.cpp)
