/*
 * floe/tables.h - a data product's Iceberg tables: `floe iceberg ls`,
 * `floe iceberg show` and `floe iceberg expire`.
 *
 * One entry point, like floe/compile.h: a JSON request in, a JSON report out
 * (operation-report.schema.json, with the operation's answer as "result").
 * The product is compiled first (from the compile cache when nothing it
 * depends on changed); the Iceberg catalog its platform selects (a catalog
 * plugin) does the work, with the platform's secrets passed as references.
 * Shapes: docs/iceberg.md#floe-iceberg; the JSON Schema
 * docs/schemas/table-request.schema.json (also from floe_schema()) is the
 * contract of the request.
 *
 * Request: {"api_version"?: 1, "operation": "list" | "show" | "expire",
 *           "product"?: str (default floe.yaml), "platform"?: str,
 *           "plugin_path"?: str, "namespace"?: str (list),
 *           "table": str (show), "tables"?: [str] (expire),
 *           "dry_run"?: bool (expire), "registry_options"?: {...},
 *           "verify"?: str, "keys"?: [str]}
 *   list:   the tables of a namespace (default: the product's own,
 *           <domain>.<product> in a data mesh, <product> on 2-tier).
 *   show:   one table's schema, snapshots, refs and properties, and the
 *           retention that applies with the tier and line that set it.
 *   expire: snapshots older than governance.data_retention_days that no
 *           branch or tag, governance.snapshot_keep_last or a branch's own
 *           retention keeps, removed from the product's tables (dry_run:
 *           planned only). Only tables in the product's namespace.
 *
 * Problems (no catalog selected, a catalog that is down, refused
 * credentials, a table outside the product's namespace) are diagnostics in
 * the report and FLOE_OK is returned. Errors are for a malformed request or
 * a failure of floe itself.
 */
#ifndef FLOE_TABLES_H
#define FLOE_TABLES_H

#include "floe/core.h"

FLOE_BEGIN_DECL

/** Runs the operation `request_json` describes.
 *  @param report  receives the report (caller releases it). */
FLOE_EXTERN(floe_status) floe_table_run(const char* request_json, struct floe_buffer* report, struct floe_error* error);

FLOE_END_DECL

#endif /* FLOE_TABLES_H */
