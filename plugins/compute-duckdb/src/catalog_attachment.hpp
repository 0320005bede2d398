// Attaching an Iceberg REST catalog to DuckDB through its iceberg extension:
// the catalog block of a request, checked, and what it becomes in a
// dbt-duckdb profile (a secret and an attachment) or in plain SQL.
#ifndef FLOE_COMPUTE_DUCKDB_CATALOG_ATTACHMENT_HPP
#define FLOE_COMPUTE_DUCKDB_CATALOG_ATTACHMENT_HPP

#include <boost/json.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "secret_reference.hpp"

namespace floe::compute_duckdb {

// What DuckDB must load to attach an Iceberg REST catalog (sorted).
inline constexpr std::array<std::string_view, 3> iceberg_extensions = {"avro", "httpfs", "iceberg"};

struct iceberg_catalog {
  // One credential of the DuckDB ICEBERG secret, held as a reference.
  struct secret_credential {
    std::string key;              // client_id, client_secret or token
    std::string environment_name; // the variable dbt reads it from
    secret_reference reference;
  };

  std::string name;  // the attach alias, an SQL identifier
  std::string uri;   // the REST endpoint
  std::optional<std::string> warehouse;
  // An OAuth2 client id given as a plain value (the catalog block's
  // client_id: an identifier, not a secret); "" when none or a reference.
  std::string client_id;
  // In DuckDB's secret order: client_id, client_secret, token.
  std::vector<secret_credential> credentials;
  // Non-secret OAuth2 options: oauth2_server_uri, oauth2_scope.
  std::vector<std::pair<std::string, std::string>> oauth2_options;

  bool authenticated() const { return !credentials.empty() || !client_id.empty(); }
  // ATTACH takes the REST "warehouse"; catalogs without one are addressed
  // by name.
  const std::string& attach_path() const { return warehouse ? *warehouse : name; }
  std::string secret_name() const { return name + "_secret"; }
};

// Parses the `catalog` member of a request. Throws
// floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT) naming the key ("catalog.uri",
// ...). A credential that is not a secret reference is refused without
// repeating its value.
iceberg_catalog parse_iceberg_catalog(const boost::json::value& value);

// Refuses an alias DuckDB would refuse: a reserved name or the name of the
// session's main database.
void check_alias_available(const iceberg_catalog& catalog, std::string_view main_database);

// The dbt-duckdb `secrets` entry (only for authenticated catalogs): the
// credentials as {{ env_var('NAME') }} placeholders.
boost::json::object dbt_secret(const iceberg_catalog& catalog);

// The dbt-duckdb `attach` entry.
boost::json::object dbt_attachment(const iceberg_catalog& catalog);

// INSTALL/LOAD and ATTACH statements for a catalog without credentials.
// Throws FLOE_ERR_INVALID_ARGUMENT for an authenticated catalog: DuckDB SQL
// cannot read an environment variable (getenv() exists only in the DuckDB
// command-line shell), so the statements would have to carry secret values.
std::vector<std::string> attachment_sql(const iceberg_catalog& catalog);

}  // namespace floe::compute_duckdb

#endif  // FLOE_COMPUTE_DUCKDB_CATALOG_ATTACHMENT_HPP
