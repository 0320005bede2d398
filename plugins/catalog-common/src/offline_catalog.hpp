// The catalog methods a configuration-only catalog plugin cannot serve:
// they need a live catalog (namespaces, tables) that floe has no client for
// (AWS Glue's API, a Hive Metastore's Thrift). Each checks its request like
// any method, then refuses with FLOE_ERR_UNAVAILABLE naming the reason and
// the way that works (the engine configurations). vend_credentials, an
// optional method, answers FLOE_ERR_NOT_IMPLEMENTED.
#ifndef FLOE_CATALOG_COMMON_OFFLINE_CATALOG_HPP
#define FLOE_CATALOG_COMMON_OFFLINE_CATALOG_HPP

#include <boost/json.hpp>

#include <string>

namespace floe::catalog_common {

// `catalog`: "AWS Glue", "a Hive Metastore"; `plugin`: "catalog-glue".
[[noreturn]] void refuse_live(const boost::json::value& request, const char* method, const std::string& catalog,
                              const std::string& plugin);
[[noreturn]] void refuse_vending(const boost::json::value& request, const std::string& catalog);

// The live methods of the catalog table, each refused; a plugin class
// derives from it with its own kCatalog and kPlugin names.
template <class Catalog>
struct offline_methods {
  using value = boost::json::value;
  value connect(const value& r) { refuse_live(r, "connect", Catalog::kCatalog, Catalog::kPlugin); }
  value create_namespace(const value& r) { refuse_live(r, "create_namespace", Catalog::kCatalog, Catalog::kPlugin); }
  value list_namespaces(const value& r) { refuse_live(r, "list_namespaces", Catalog::kCatalog, Catalog::kPlugin); }
  value delete_namespace(const value& r) { refuse_live(r, "delete_namespace", Catalog::kCatalog, Catalog::kPlugin); }
  value create_table(const value& r) { refuse_live(r, "create_table", Catalog::kCatalog, Catalog::kPlugin); }
  value list_tables(const value& r) { refuse_live(r, "list_tables", Catalog::kCatalog, Catalog::kPlugin); }
  value load_table(const value& r) { refuse_live(r, "load_table", Catalog::kCatalog, Catalog::kPlugin); }
  value drop_table(const value& r) { refuse_live(r, "drop_table", Catalog::kCatalog, Catalog::kPlugin); }
  value vend_credentials(const value& r) { refuse_vending(r, Catalog::kCatalog); }
};

}  // namespace floe::catalog_common

#endif  // FLOE_CATALOG_COMMON_OFFLINE_CATALOG_HPP
