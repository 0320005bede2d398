// A REST catalog's settings: the platform's plugins.catalog.config, checked
// and completed with the variant's defaults, and the secret references the
// host passes in each request (plugins.catalog.secrets). Turning them into a
// client resolves the references through the host, at the moment of use.
#ifndef FLOE_CATALOG_REST_CATALOG_SETTINGS_HPP
#define FLOE_CATALOG_REST_CATALOG_SETTINGS_HPP

#include <boost/json.hpp>

#include <map>
#include <optional>
#include <string>

#include "iceberg/catalog_client.hpp"
#include "variant.hpp"

namespace floe::sdk {
class host;
}

namespace floe::catalog_rest {

struct catalog_settings {
  std::string uri;        // without a trailing '/'; "" when the platform names none (yet)
  std::string warehouse;  // "" when none
  bool warehouse_required = false;
  std::string flavor_name;  // "rest", "polaris": for messages
  std::string name;       // the engines' name for the catalog (an SQL identifier)
  std::string client_id;  // "" when the catalog takes a token or no authentication
  std::string scope;
  std::string oauth2_server_uri;  // "" = the catalog's, else <uri>/v1/oauth/tokens
  std::string realm;              // polaris: Polaris-Realm header, "" when none
  bool vended_credentials = false;
  long timeout_ms = 30000;
  std::map<std::string, std::string> properties;
  // The Python alpha's oauth2.client_secret, as a host reference ("env:X");
  // "" when none. A reference the host cannot resolve keeps its kind here
  // ("secret_ref:name") so the error can say what it needs.
  std::string config_client_secret;
  // The two-tier format's credentials.mode ("" when not given); iam_role is
  // refused when the catalog is used.
  std::string credential_mode;
};

// Throws floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT) naming the key. The
// host has checked the config against the schema already; this checks what
// a schema cannot (a warehouse Polaris needs, a secret in the wrong place).
catalog_settings parse_catalog_settings(const variant& v, const boost::json::object& config);

// Throws floe::sdk::error(FLOE_ERR_INVALID_STATE) when the settings name no
// catalog to talk to (no uri, or polaris without a warehouse): a platform
// may select a catalog by name only, but nothing can use it then.
void require_endpoint(const catalog_settings& settings);

// The secret references of a request's "secrets" member (client_secret,
// token), over the config's alpha client_secret. Values are never seen here.
struct secret_references {
  std::string client_secret;  // "env:NAME" / "file:/path", "" when none
  std::string token;
  std::string client_id;      // a client id kept as a secret (the two-tier format); "" when plain or none
};
secret_references read_secret_references(const catalog_settings& settings, const boost::json::object& request);

// The client's options, with each referenced secret resolved through the
// host. Throws floe::sdk::error(FLOE_ERR_NOT_FOUND) naming the reference
// (never a value) when one cannot be resolved.
iceberg::ClientOptions client_options(const catalog_settings& settings, const secret_references& references,
                                      const floe::sdk::host& host);

}  // namespace floe::catalog_rest

#endif  // FLOE_CATALOG_REST_CATALOG_SETTINGS_HPP
