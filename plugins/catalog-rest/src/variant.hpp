// The catalogs this one source is built for. Each is its own .so with its
// own descriptor in floe.catalogs/, so a platform selects `type: polaris` and
// an enterprise approves [polaris] like any other plugin. Both speak the
// Iceberg REST catalog API through libfloe-iceberg's client; Polaris adds its
// defaults (OAuth2 scope from a principal role, vended credentials, the
// warehouse as the Polaris catalog name).
#ifndef FLOE_CATALOG_REST_VARIANT_HPP
#define FLOE_CATALOG_REST_VARIANT_HPP

#include <array>

namespace floe::catalog_rest {

enum class flavor { rest, polaris };

struct variant {
  flavor kind;
  const char* name;
  const char* description;
  const char* default_scope;      // OAuth2 scope when the platform names none
  bool default_vended_credentials;
  bool warehouse_required;
};

inline constexpr std::array<variant, 2> variants = {{
    {flavor::rest, "rest", "Any Iceberg REST catalog (Apache Iceberg's REST server, Nessie, Gravitino, Lakekeeper, ...)",
     "catalog", false, false},
    {flavor::polaris, "polaris",
     "Apache Polaris: Iceberg REST with OAuth2 client credentials, principal roles and vended storage credentials",
     "PRINCIPAL_ROLE:ALL", true, true},
}};

}  // namespace floe::catalog_rest

#endif  // FLOE_CATALOG_REST_VARIANT_HPP
