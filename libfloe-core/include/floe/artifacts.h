/*
 * floe/artifacts.h - platform artifacts on OCI registries and layouts:
 * publish, pull, init, sign, verify, key generation and the blob cache.
 *
 * Like floe/compile.h, one entry point runs an operation described by a JSON
 * request and returns a JSON report of the same shape ("api_version",
 * "outcome", "stages", "diagnostics", "written", "result"). Shapes:
 * docs/abi.md#artifacts; the JSON Schemas docs/schemas/
 * artifact-request.schema.json and operation-report.schema.json (also from
 * floe_schema()) are the contract.
 *
 * Request: {"api_version"?: 1, "operation": "publish" | "pull" | "init" |
 *           "sign" | "verify" | "keygen" | "cache_list" | "cache_prune",
 *           ...that operation's keys,
 *           "registry_options"?: {"plain_http"?: bool, "insecure"?: bool,
 *             "ca_file"?: str, "username"?: str, "password"?: str,
 *             "token"?: str, "timeout_ms"?: int, "connect_timeout_ms"?: int,
 *             "retries"?: int, "cache_dir"?: str} (all but keygen),
 *           "deadline_ms"?: int (an overall deadline for the operation:
 *             reads, requests and lock waits stop there; FLOE-L001,
 *             outcome "timed_out")}
 *   publish:  "version": str, "manifest"?: str (default manifest.yaml) or
 *             "from_dir"?: str, "output_dir"?: str, "registry"?: str,
 *             "force"?: bool, "sign_key"?: str
 *   pull:     "reference": str, "output_dir"?: str, "verify"?: "enforce" |
 *             "warn" | "off", "keys"?: [str]
 *   init:     "product"?: str (default floe.yaml), "platform": str (VERSION
 *             or a reference), "verify"?: str, "keys"?: [str]
 *   sign:     "reference": str, "key": str (PEM private key)
 *   verify:   "reference": str, "keys": [str] (PEM public keys, at least one)
 *   keygen:   "prefix"?: str (default floe; writes PREFIX.key and PREFIX.pub)
 *   cache_prune: "all"?: bool, "unused_for_seconds"?: int (default 30
 *             days), "dry_run"?: bool
 * Requests are checked as in floe/compile.h: a key the operation does not
 * take, a wrong type or another api_version is FLOE_ERR_INVALID_ARGUMENT
 * naming the key, before anything runs.
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
