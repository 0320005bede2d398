// How engines reach a REST catalog, from its settings alone (no I/O): the
// catalog block compute plugins turn into an attachment (dbt), and the
// properties pyiceberg, Spark and DuckDB take. Secrets stay references.
#ifndef FLOE_CATALOG_REST_REST_ENGINE_CONFIG_HPP
#define FLOE_CATALOG_REST_REST_ENGINE_CONFIG_HPP

#include <boost/json.hpp>

#include "catalog_settings.hpp"

namespace floe::catalog_rest {

// get_dbt_catalog_config: {"type": "rest", "name", "uri", "warehouse"?,
// "client_id"?, "credentials"?: {client_secret|token: ref, oauth2_scope,
// oauth2_server_uri}}.
boost::json::object dbt_catalog_block(const catalog_settings& settings, const secret_references& references);

// get_engine_config (the whole request: engine, storage, secrets). pyiceberg
// and Spark answers are built like every catalog's (catalog-common), with
// this catalog's properties over the storage's; the OAuth2 credential
// "<client_id>:<secret>" is {"reference": ref, "prefix": "<client_id>:"} in
// secret_properties. Throws FLOE_ERR_INVALID_ARGUMENT for another engine.
boost::json::object engine_config(const catalog_settings& settings, const secret_references& references,
                                  const boost::json::value& request);

}  // namespace floe::catalog_rest

#endif  // FLOE_CATALOG_REST_REST_ENGINE_CONFIG_HPP
