/*
 * floe/compile.h - platform and data-product compilation (host side).
 *
 * One entry point runs a compile-family operation described by a JSON
 * request and returns a JSON report, so the operations can grow options
 * without new symbols. Shapes are documented in docs/abi.md#compile; the
 * JSON Schemas docs/schemas/compile-request.schema.json and
 * operation-report.schema.json (also from floe_schema()) are the contract.
 *
 * Request: {"api_version"?: 1, "operation": "compile" | "validate" |
 *           "platform_compile" | "platform_test" | "explain" | "migrate",
 *           ...that operation's keys}. Common keys, where the operation
 *           takes them: "plugin_path"?: str (':'-separated extra plugin
 *           roots; compile, validate, platform_test), "sarif"?: bool (add a
 *           SARIF 2.1.0 log to the report), "registry_options"?: {...} (as
 *           in floe/artifacts.h: how oci:// references are fetched),
 *           "verify"?: "enforce" | "warn" | "off", "keys"?: [str] (override
 *           the referring file's verification; all but migrate),
 *           "deadline_ms"?: int (every operation: an overall deadline; when
 *           it passes the report says FLOE-L001, outcome "timed_out")
 *   compile, validate:   "product"?: str (default floe.yaml), "platform"?:
 *                        str (override platform.ref), "output_dir"?: str
 *                        (compile only)
 *   platform_compile:    "manifest"?: str (default manifest.yaml),
 *                        "output_dir"?: str, "write"?: bool (default true)
 *   platform_test:       "manifest"?: str (default manifest.yaml),
 *                        "tests_dir"?: str
 *   explain:             "path"?: str (floe.yaml or a manifest; default
 *                        floe.yaml), "key"?: str
 *   migrate:             "path": str (a file in an older format), "output"?:
 *                        str ("-": not written, the text is in the result),
 *                        "force"?: bool, "kind"?: "manifest" | "data-product",
 *                        "platform"?: str (a product's platform.ref to write);
 *                        result {"kind", "output", "notes", "text"}
 * The request is checked before anything runs: a missing or unknown
 * operation, a key the operation does not take, a value of the wrong type or
 * an "api_version" other than 1 is FLOE_ERR_INVALID_ARGUMENT naming every
 * offending key ("request.registry_options.timeout_ms: expected integer, got
 * string"; unknown keys with a did-you-mean), also listed in the error's
 * detail_json: {"problems": [{"key", "message", "did_you_mean"?}]}.
 * Report: {"api_version": 1, "outcome": "ok" | "usage" | "timed_out" | "invalid_input" |
 *          "verification_failure" | "policy_violation" | "plugin_failure" |
 *          "network_failure" | "io_failure", "stages": [...],
 *          "diagnostics": [...], "counts": {...}, "enforcement": {...} |
 *          null, "written": [paths], "result"?: {...}, "sarif"?: {...}}
 *
 * A run that finds problems in the user's files still returns FLOE_OK: the
 * problems are in the report. Errors are for a malformed request or a
 * failure of floe itself.
 */
#ifndef FLOE_COMPILE_H
#define FLOE_COMPILE_H

#include "floe/core.h"

FLOE_BEGIN_DECL

/** Runs the operation `request_json` describes.
 *  @param report  receives the report (caller releases it). */
FLOE_EXTERN(floe_status) floe_compile_run(const char* request_json, struct floe_buffer* report,
                                          struct floe_error* error);

/** A JSON Schema (draft 2020-12) floe ships in docs/schemas/, byte for
 *  byte: a file kind ("manifest", "data-product", "compiled-artifacts") or
 *  the C API's requests and report ("compile-request", "artifact-request",
 *  "operation-report"). FLOE_ERR_NOT_FOUND otherwise. */
FLOE_EXTERN(floe_status) floe_schema(const char* kind, struct floe_buffer* out, struct floe_error* error);

FLOE_END_DECL

#endif /* FLOE_COMPILE_H */
