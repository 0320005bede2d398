/*
 * floe/iceberg.h - libfloe-iceberg's C API: an Apache Iceberg REST catalog
 * client, the table metadata model and snapshot expiry planning
 * (docs/iceberg.md).
 *
 * Link libfloe-iceberg.so.1 (-lfloe-iceberg). It reuses libfloe-core's ABI
 * types (floe/core.h): floe_status codes, the caller-owned floe_error and
 * floe_buffer, with the same rules (docs/abi.md): the caller initialises
 * them with FLOE_ERROR_INIT / FLOE_BUFFER_INIT, the library fills them and
 * sets `release`, the caller releases each exactly once (call `release`
 * directly, or floe_error_release / floe_buffer_release when it also links
 * libfloe-core). Every result buffer is wiped when released (it may carry
 * vended storage credentials). No exception crosses this boundary.
 *
 * Requests and results are UTF-8 JSON. Every request may carry
 * "api_version": 1 (another value is refused before anything else is
 * read). A request is checked before anything
 * runs: an unknown key, a missing required key or a value of the wrong type
 * is FLOE_ERR_INVALID_ARGUMENT naming every offending key by its path
 * ("request.namespace.1: expected string, got integer"; an unknown key gets
 * a did-you-mean), also listed in detail_json {"problems": [{"key",
 * "message", "did_you_mean"?}]}.
 *
 * A failure of the catalog is reported in `error` with a status from its
 * kind (404 FLOE_ERR_NOT_FOUND, 409 on create FLOE_ERR_ALREADY_EXISTS, 409
 * on commit FLOE_ERR_CONFLICT, 401/403 FLOE_ERR_UNAUTHORIZED, down or 5xx
 * FLOE_ERR_UNAVAILABLE, timeout FLOE_ERR_TIMEOUT, malformed metadata
 * FLOE_ERR_INVALID_ARGUMENT) and detail_json {"kind", "operation",
 * "identifier", "http_status", "catalog_type", "catalog_message", "uri",
 * "principal", "location"} (location: the JSON pointer of a malformed
 * value). Messages and details never contain a secret.
 *
 * This header compiles as C11 and as C++.
 */
#ifndef FLOE_ICEBERG_H
#define FLOE_ICEBERG_H

#include "floe/core.h"

#if defined(FLOE_ICEBERG_BUILDING)
#define FLOE_ICEBERG_EXTERN(type) __attribute__((visibility("default"))) type
#else
#define FLOE_ICEBERG_EXTERN(type) type
#endif

FLOE_BEGIN_DECL

/** An open catalog client: opaque, created by floe_iceberg_catalog_open and
 *  destroyed by floe_iceberg_catalog_close. One handle may be used from
 *  several threads at once. */
typedef struct floe_iceberg_catalog floe_iceberg_catalog;

/** @return FLOE_ABI_VERSION (floe/core.h) this library was built with. */
FLOE_ICEBERG_EXTERN(uint32_t) floe_iceberg_abi_version(void);

/**
 * Creates a client; no network I/O happens until the first call.
 *
 * config_json: {"uri": str (the catalog's base URI, http or https),
 *   "warehouse"?: str, "properties"?: {str: str} (client catalog
 *   properties, merged between the server's defaults and overrides),
 *   "client_id"?: str, "client_secret"?: str (OAuth2 client credentials,
 *   both or neither), "token"?: str (a static bearer token instead),
 *   "oauth2_server_uri"?: str (default: the config's oauth2-server-uri, else
 *   <uri>/v1/oauth/tokens), "scope"?: str (default "catalog"),
 *   "vended_credentials"?: bool (default true: send
 *   X-Iceberg-Access-Delegation: vended-credentials), "headers"?: {str: str},
 *   "connect_timeout_ms"?: int (default 5000), "request_timeout_ms"?: int
 *   (default 30000, the whole exchange: reading the answer included),
 *   "commit_attempts"?: int (default 4), "ca_file"?: str,
 *   "max_response_bytes"?: int (default 67108864: a longer answer from the
 *   catalog is refused as FLOE_ERR_INVALID_ARGUMENT, kind "malformed",
 *   and never buffered whole)}
 * @param catalog  receives the handle (owned by the caller) on FLOE_OK.
 */
FLOE_ICEBERG_EXTERN(floe_status) floe_iceberg_catalog_open(const char* config_json, floe_iceberg_catalog** catalog,
                                                           struct floe_error* error);

/** Destroys the handle (NULL is allowed). */
FLOE_ICEBERG_EXTERN(void) floe_iceberg_catalog_close(floe_iceberg_catalog* catalog);

/**
 * Runs one catalog operation. request_json: {"operation": str, ...its keys}.
 * A namespace is an array of strings (["sales", "eu"]); a table is
 * "namespace" + "name".
 *
 *   get_config                   {} -> {"defaults", "overrides", "endpoints", "prefix"}
 *   create_namespace             {"namespace", "properties"?} -> {"namespace", "properties"}
 *   list_namespaces              {"parent"?, "page_size"?, "page_token"?} -> {"namespaces", "next_page_token"}
 *                                (without page_token: every page; with it: that page)
 *   load_namespace               {"namespace"} -> {"namespace", "properties"}
 *   namespace_exists             {"namespace"} -> {"exists"}
 *   update_namespace_properties  {"namespace", "updates"?, "removals"?} -> {"updated", "removed", "missing"}
 *   drop_namespace               {"namespace"} -> {}
 *   create_table                 {"namespace", "name", "schema" (Iceberg schema JSON), "partition_spec"?,
 *                                 "write_order"?, "properties"?, "location"?} -> a table (as load_table)
 *   list_tables                  {"namespace", "page_size"?, "page_token"?} -> {"identifiers", "next_page_token"}
 *   load_table                   {"namespace", "name"} -> {"identifier", "metadata_location", "metadata",
 *                                 "config", "storage_credentials"} (config and storage_credentials may
 *                                 hold vended credentials: pass them on, never log them)
 *   table_exists                 {"namespace", "name"} -> {"exists"}
 *   drop_table                   {"namespace", "name", "purge"?} -> {}
 *   rename_table                 {"from": {"namespace", "name"}, "to": {"namespace", "name"}} -> {}
 *   commit_table                 {"namespace", "name", "requirements": [obj], "updates": [obj]}
 *                                -> {"metadata_location", "metadata"} (one attempt: 409 is FLOE_ERR_CONFLICT)
 *   expire_snapshots             {"namespace", "name", "older_than_ms" | "retention_days", "keep_last"?
 *                                 (default 1), "now_ms"? (default: the clock), "dry_run"?}
 *                                -> {"plan", "committed", "attempts", "metadata_location"}
 * @param result  receives the result document (caller releases it).
 */
FLOE_ICEBERG_EXTERN(floe_status) floe_iceberg_catalog_call(floe_iceberg_catalog* catalog, const char* request_json,
                                                           struct floe_buffer* result, struct floe_error* error);

/**
 * Parses a table metadata document (metadata.json, format v1/v2; v3 fields
 * tolerated) of `length` bytes; `result` receives the model as JSON
 * (metadata.json key spelling). Malformed input is FLOE_ERR_INVALID_ARGUMENT
 * whose detail_json "location" is the JSON pointer of the problem (or the
 * byte, line and column of a syntax error).
 */
FLOE_ICEBERG_EXTERN(floe_status) floe_iceberg_parse_metadata(const char* metadata_json, size_t length,
                                                             struct floe_buffer* result, struct floe_error* error);

/**
 * Plans snapshot expiry over a metadata document, without a catalog.
 * request_json: {"metadata": str (the document's text) | "metadata_file":
 * str (a path or file:// URI), "older_than_ms": int | "retention_days": int,
 * "keep_last"?: int (default 1), "now_ms"?: int (default: the clock)}
 * -> {"cutoff_ms", "keep_last", "remove": [{"snapshot_id", "timestamp_ms"}],
 *     "keep": [{"snapshot_id", "timestamp_ms", "reasons", "refs"}],
 *     "retained_by_ref": [...], "stale_refs": [...]}
 * stale_refs: the refs (never main) past their own max-ref-age-ms; they keep
 * nothing, and an expire commits their removal (docs/iceberg.md).
 */
FLOE_ICEBERG_EXTERN(floe_status) floe_iceberg_plan_expiry(const char* request_json, struct floe_buffer* plan,
                                                          struct floe_error* error);

FLOE_END_DECL

#endif /* FLOE_ICEBERG_H */
