/*
 * floe/compile.h - platform and data-product compilation (host side).
 *
 * One entry point runs a compile-family operation described by a JSON
 * request and returns a JSON report, so the operations can grow options
 * without new symbols. Shapes are documented in docs/abi.md#compile.
 *
 * Request: {"operation": "compile" | "validate" | "platform_compile" |
 *           "platform_test" | "explain" | "migrate", ...operation fields,
 *           "plugin_path"?: str (':'-separated extra plugin roots),
 *           "sarif"?: bool (add a SARIF 2.1.0 log to the report),
 *           "registry_options"?: {...} (as in floe/artifacts.h: how oci://
 *           references are fetched), "verify"?: "enforce" | "warn" | "off",
 *           "keys"?: [str] (override the referring file's verification)}
 *   compile, validate:   "product": str (floe.yaml), "platform"?: str (override
 *                        platform.ref), "output_dir"?: str
 *   platform_compile:    "manifest": str, "output_dir"?: str, "write"?: bool
 *   platform_test:       "manifest": str, "tests_dir"?: str
 *   explain:             "path": str (floe.yaml or manifest), "key"?: str
 *   migrate:             "path": str (a file in an older format), "output"?:
 *                        str ("-": not written, the text is in the result),
 *                        "force"?: bool, "kind"?: "manifest" | "data-product",
 *                        "platform"?: str (a product's platform.ref to write);
 *                        result {"kind", "output", "notes", "text"}
 * Report: {"outcome": "ok" | "usage" | "invalid_input" | "policy_violation" |
 *          "plugin_failure" | "io_failure", "stages": [...], "diagnostics":
 *          [...], "counts": {...}, "enforcement": {...} | null, "written":
 *          [paths], "result"?: {...}, "sarif"?: {...}}
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

/** The JSON Schema (draft 2020-12) of a file kind: "manifest",
 *  "data-product" or "compiled-artifacts". FLOE_ERR_NOT_FOUND otherwise. */
FLOE_EXTERN(floe_status) floe_schema(const char* kind, struct floe_buffer* out, struct floe_error* error);

FLOE_END_DECL

#endif /* FLOE_COMPILE_H */
