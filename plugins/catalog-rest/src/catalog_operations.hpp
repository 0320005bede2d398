// The catalog category's methods on an Iceberg REST catalog: each takes the
// request object (already checked for unknown keys by the caller) and the
// connected client, and returns the documented response
// (docs/plugins/catalog.md). Names cross the ABI as dotted strings:
// namespaces "sales" or "sales.eu", tables "sales.orders".
#ifndef FLOE_CATALOG_REST_CATALOG_OPERATIONS_HPP
#define FLOE_CATALOG_REST_CATALOG_OPERATIONS_HPP

#include <boost/json.hpp>

#include "catalog_settings.hpp"
#include "floe/plugin.hpp"
#include "iceberg/catalog_client.hpp"

namespace floe::catalog_rest {

boost::json::object connect_response(const catalog_settings& settings, iceberg::RestCatalog& catalog);
boost::json::object create_namespace(iceberg::RestCatalog& catalog, const boost::json::object& request);
boost::json::object list_namespaces(iceberg::RestCatalog& catalog, const boost::json::object& request);
boost::json::object delete_namespace(iceberg::RestCatalog& catalog, const boost::json::object& request);
boost::json::object create_table(iceberg::RestCatalog& catalog, const boost::json::object& request);
boost::json::object list_tables(iceberg::RestCatalog& catalog, const boost::json::object& request);
boost::json::object load_table(iceberg::RestCatalog& catalog, const boost::json::object& request);
// Several tables' load_table answers (found: false for a missing one),
// loaded kFileIoParallel at a time: a host publishing 100 tables waits for
// 13 round trips instead of 100.
boost::json::object load_tables(iceberg::RestCatalog& catalog, const boost::json::object& request);
boost::json::object drop_table(iceberg::RestCatalog& catalog, const boost::json::object& request);
boost::json::object vend_credentials(iceberg::RestCatalog& catalog, const boost::json::object& request);
// Snapshot expiry (libfloe-iceberg's planner; a remove-snapshots commit
// unless dry_run). `now_ms` is the caller's clock.
// With `file_io` (the storage's FileIO, since ABI 1.6) it then deletes the
// files only the expired snapshots referenced (file_expiry.hpp); the answer's
// "files" says what went.
boost::json::object expire_snapshots(iceberg::RestCatalog& catalog, const boost::json::object& request,
                                     const floe::sdk::host& host, int64_t now_ms);
// Sets and removes table properties in one commit (a 409 re-plans).
boost::json::object update_table_properties(iceberg::RestCatalog& catalog, const boost::json::object& request);

// "sales.eu" -> {"sales", "eu"}; "sales.eu.orders" -> {{"sales", "eu"}, "orders"}.
// Throws FLOE_ERR_INVALID_ARGUMENT naming `key` for an empty part.
iceberg::Namespace parse_namespace(const std::string& text, std::string_view key);
iceberg::TableIdentifier parse_table_identifier(const std::string& text, std::string_view key);

}  // namespace floe::catalog_rest

#endif  // FLOE_CATALOG_REST_CATALOG_OPERATIONS_HPP
