/*
 * floe/artifacts.h - platform artifacts on OCI registries and layouts:
 * publish, pull, init, sign, verify, key generation and the blob cache.
 *
 * Like floe/compile.h, one entry point runs an operation described by a JSON
 * request and returns a JSON report of the same shape ("outcome", "stages",
 * "diagnostics", "written", "result"). Shapes: docs/abi.md#artifacts.
 *
 * Request: {"operation": "publish" | "pull" | "init" | "sign" | "verify" |
 *           "keygen" | "cache_list" | "cache_prune", ...operation fields,
 *           "registry_options"?: {"plain_http"?: bool, "insecure"?: bool,
 *             "ca_file"?: str, "username"?: str, "password"?: str,
 *             "token"?: str, "timeout_ms"?: int, "connect_timeout_ms"?: int,
 *             "retries"?: int, "cache_dir"?: str}}
 *   publish:  "version": str, "manifest"?: str, "from_dir"?: str,
 *             "output_dir"?: str, "registry"?: str, "force"?: bool,
 *             "sign_key"?: str
 *   pull:     "reference": str, "output_dir"?: str, "verify"?: "enforce" |
 *             "warn" | "off", "keys"?: [str]
 *   init:     "product"?: str (floe.yaml), "platform": str (VERSION or a
 *             reference), "verify"?: str, "keys"?: [str]
 *   sign:     "reference": str, "key": str (PEM private key)
 *   verify:   "reference": str, "keys": [str] (PEM public keys)
 *   keygen:   "prefix": str (writes PREFIX.key and PREFIX.pub)
 *   cache_prune: "all"?: bool, "unused_for_seconds"?: int, "dry_run"?: bool
 * Outcomes add "network_failure" and "verification_failure" to compile's.
 *
 * Secrets (passwords, tokens, private keys) are never copied into reports.
 */
#ifndef FLOE_ARTIFACTS_H
#define FLOE_ARTIFACTS_H

#include "floe/core.h"

FLOE_BEGIN_DECL

/** Transfer progress: `label` names the file or blob, `done` and `total`
 *  are bytes (total 0 when unknown). Called on the calling thread. */
typedef void (*floe_progress_fn)(void* user_data, const char* label, uint64_t done, uint64_t total);

/** Optional progress sink; struct_size first so it can grow. */
struct floe_progress {
  uint32_t struct_size;
  uint32_t reserved; /* zero */
  floe_progress_fn on_progress;
  void* user_data;
};

#define FLOE_PROGRESS_INIT {sizeof(struct floe_progress), 0, NULL, NULL}

/** Runs the operation `request_json` describes.
 *  @param progress  may be NULL
 *  @param report    receives the report (caller releases it). */
FLOE_EXTERN(floe_status) floe_artifact_run(const char* request_json, const struct floe_progress* progress,
                                           struct floe_buffer* report, struct floe_error* error);

FLOE_END_DECL

#endif /* FLOE_ARTIFACTS_H */
