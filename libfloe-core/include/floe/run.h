/*
 * floe/run.h - running data products: `floe run` and `floe test` (since ABI
 * 1.2).
 *
 * One entry point, like floe/compile.h: a JSON request in, a JSON report out
 * (operation-report.schema.json, with the run record as "result"), plus an
 * observer that receives the run's events as they happen and can ask the
 * run to stop. Shapes: docs/run.md and docs/abi.md#runs; the JSON Schema
 * docs/schemas/run-request.schema.json (also from floe_schema()) is the
 * contract of the request.
 *
 * Request: {"api_version"?: 1, "operation": "run" | "test",
 *           "product"?: str (default floe.yaml), "platform"?: str,
 *           "plugin_path"?: str, "select"?: [str], "exclude"?: [str],
 *           "full_refresh"?: bool (run only), "fail_fast"?: bool,
 *           "wait"?: bool, "registry_options"?: {...}, "verify"?: str,
 *           "keys"?: [str]}
 *   run:  compile, then ingestion sources, the dbt transforms (dbt build of
 *         models, seeds, snapshots) and the quality checks (dbt test and the
 *         platform's quality gates).
 *   test: compile, then the quality checks against the data already built.
 * Report outcomes add "run_failure", "test_failure", "busy" (another run of
 * the product holds target/.floe_run.lock) and "interrupted" to compile's.
 * "deadline_ms"?: int stops the run as a cancel does when it passes
 * (outcome "timed_out", FLOE-L001).
 * target/floe_run.json is written after every step.
 *
 * A run that finds problems or fails a step still returns FLOE_OK: the
 * problems are in the report. Errors are for a malformed request or a
 * failure of floe itself.
 */
#ifndef FLOE_RUN_H
#define FLOE_RUN_H

#include "floe/core.h"

FLOE_BEGIN_DECL

/** Receives one event of the run: a UTF-8 JSON object of `length` bytes
 *  ({"type": "run_started" | "step_started" | "node_started" |
 *  "node_finished" | "step_finished" | "log" | "run_finished", "at", ...};
 *  docs/run.md#events). Called on the thread that runs the product, in
 *  order; the text is valid only during the call. */
typedef void (*floe_run_event_fn)(void* user_data, const char* event_json, size_t length);

/** Asked about every 100 ms while the run works (and by plugins through
 *  floe_host_api.cancel_requested): non-zero stops the run. The running
 *  tool (dbt, dlt) is asked to stop (SIGINT, then SIGTERM), what it
 *  finished is kept, the remaining steps are skipped and the report's
 *  outcome is "interrupted". May be called from any thread. */
typedef int32_t (*floe_run_cancel_fn)(void* user_data);

/** Optional observer; struct_size first so it can grow. */
struct floe_run_observer {
  uint32_t struct_size;
  uint32_t reserved; /* zero */
  floe_run_event_fn on_event;        /* may be NULL */
  floe_run_cancel_fn should_cancel;  /* may be NULL */
  void* user_data;
};

#define FLOE_RUN_OBSERVER_INIT {sizeof(struct floe_run_observer), 0, NULL, NULL, NULL}

/** Runs the operation `request_json` describes.
 *  @param observer  may be NULL
 *  @param report    receives the report (caller releases it). */
FLOE_EXTERN(floe_status) floe_product_run(const char* request_json, const struct floe_run_observer* observer,
                                          struct floe_buffer* report, struct floe_error* error);

FLOE_END_DECL

#endif /* FLOE_RUN_H */
