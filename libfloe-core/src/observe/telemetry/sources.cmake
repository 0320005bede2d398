# Sources of libfloe-core/src/observe/telemetry (appended to FLOE_CORE_SOURCES):
# a run's OTLP traces and metrics, exported over OTLP/HTTP as JSON.
list(APPEND FLOE_CORE_SOURCES
     src/observe/telemetry/unix_time.cpp
     src/observe/telemetry/trace_ids.cpp
     src/observe/telemetry/otlp_json.cpp
     src/observe/telemetry/otlp_exporter.cpp
     src/observe/telemetry/otlp_destination.cpp
     src/observe/telemetry/run_trace.cpp
     src/observe/telemetry/run_metrics.cpp
     src/observe/telemetry/telemetry_observer.cpp)
