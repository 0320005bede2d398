// The catalog-rest plugins: one source, built once per catalog of
// variant.hpp (FLOE_CATALOG_VARIANT is its index), each a .so with its own
// descriptor. This file binds the catalog methods to the units that do the
// work and turns libfloe-iceberg's errors into floe statuses.
#include <chrono>
#include <initializer_list>
#include <memory>
#include <mutex>

#include "branch_publish.hpp"
#include "data_file_commit.hpp"
#include "catalog_operations.hpp"
#include "catalog_settings.hpp"
#include "config_schema.hpp"
#include "rest_engine_config.hpp"
#include "storage_request.hpp"
#include "floe/plugin.hpp"
#include "polaris_workload.hpp"
#include "iceberg/error.hpp"
#include "variant.hpp"

#ifndef FLOE_CATALOG_VARIANT
#error "FLOE_CATALOG_VARIANT (an index into floe::catalog_rest::variants) must be defined"
#endif

namespace floe::catalog_rest {
namespace {

namespace json = boost::json;
constexpr const variant& this_variant = variants[FLOE_CATALOG_VARIANT];

// Every request may carry the selection's secrets besides its own keys.
const json::object& checked_request(const json::value& request, std::initializer_list<std::string_view> keys) {
  const auto& object = floe::sdk::as_object(request, "request");
  json::object own = object;
  own.erase("secrets");
  floe::storage_common::refuse_unknown_keys(own, keys);
  return object;
}

class rest_catalog {
 public:
  static constexpr const char* capabilities[] = {"iceberg-rest", "oauth2", "vended-credentials",
                                                 "service:iceberg-rest-catalog", nullptr};

  static constexpr floe_plugin_descriptor descriptor = {
      sizeof(floe_plugin_descriptor),
      FLOE_ABI_VERSION,
      FLOE_CATEGORY_CATALOG,
      0,
      this_variant.name,
      "0.1.0",
      this_variant.description,
      capabilities,
      // No storage requirement: Polaris (and any REST catalog that vends
      // credentials) gives engines what they need to write; a platform
      // without vending selects a storage plugin for them.
      nullptr,
      config_schema_json,
  };

  rest_catalog(const json::object& config, floe::sdk::host& host)
      : settings_(parse_catalog_settings(this_variant, config)), host_(host) {}

  json::value connect(const json::value& request) {
    const auto& r = checked_request(request, {});
    return with_catalog(r, [&](iceberg::RestCatalog& c) { return connect_response(settings_, c); });
  }
  json::value create_namespace(const json::value& request) {
    const auto& r = checked_request(request, {"namespace", "properties"});
    return with_catalog(r, [&](iceberg::RestCatalog& c) { return catalog_rest::create_namespace(c, r); });
  }
  json::value list_namespaces(const json::value& request) {
    const auto& r = checked_request(request, {"parent"});
    return with_catalog(r, [&](iceberg::RestCatalog& c) { return catalog_rest::list_namespaces(c, r); });
  }
  json::value delete_namespace(const json::value& request) {
    const auto& r = checked_request(request, {"namespace"});
    return with_catalog(r, [&](iceberg::RestCatalog& c) { return catalog_rest::delete_namespace(c, r); });
  }
  json::value create_table(const json::value& request) {
    const auto& r = checked_request(request, {"identifier", "schema", "partition_spec", "location", "properties"});
    return with_catalog(r, [&](iceberg::RestCatalog& c) { return catalog_rest::create_table(c, r); });
  }
  json::value list_tables(const json::value& request) {
    const auto& r = checked_request(request, {"namespace"});
    return with_catalog(r, [&](iceberg::RestCatalog& c) { return catalog_rest::list_tables(c, r); });
  }
  json::value load_table(const json::value& request) {
    const auto& r = checked_request(request, {"identifier"});
    return with_catalog(r, [&](iceberg::RestCatalog& c) { return catalog_rest::load_table(c, r); });
  }
  json::value load_tables(const json::value& request) {
    const auto& r = checked_request(request, {"identifiers"});
    return with_catalog(r, [&](iceberg::RestCatalog& c) { return catalog_rest::load_tables(c, r); });
  }
  json::value drop_table(const json::value& request) {
    const auto& r = checked_request(request, {"identifier", "purge"});
    return with_catalog(r, [&](iceberg::RestCatalog& c) { return catalog_rest::drop_table(c, r); });
  }
  json::value vend_credentials(const json::value& request) {
    const auto& r = checked_request(request, {"table", "operations"});
    return with_catalog(r, [&](iceberg::RestCatalog& c) { return catalog_rest::vend_credentials(c, r); });
  }
  json::value expire_snapshots(const json::value& request) {
    const auto& r = checked_request(request, {"identifier", "retention_days", "keep_last", "dry_run", "file_io"});
    auto now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch());
    return with_catalog(r, [&](iceberg::RestCatalog& c) { return catalog_rest::expire_snapshots(c, r, host_, now.count()); });
  }
  json::value update_table_properties(const json::value& request) {
    const auto& r = checked_request(request, {"identifier", "set", "remove"});
    return with_catalog(r, [&](iceberg::RestCatalog& c) { return catalog_rest::update_table_properties(c, r); });
  }
  json::value fast_forward_branches(const json::value& request) {
    const auto& r = checked_request(request, {"branch", "tables", "target"});
    return with_catalog(r, [&](iceberg::RestCatalog& c) { return catalog_rest::fast_forward_branches(c, r); });
  }
  json::value commit_data_files(const json::value& request) {
    const auto& r = checked_request(request, {"tables", "file_io", "tag"});
    auto now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch());
    return with_catalog(r, [&](iceberg::RestCatalog& c) { return catalog_rest::commit_data_files(c, r, host_, now.count()); });
  }
  // floe platform deploy: a Polaris server behind a cluster-local uri.
  json::value get_k8s_workloads(const json::value& request) {
    const auto& r = checked_request(request, {"namespace", "platform", "endpoint", "products"});
    return catalog_workloads(this_variant, settings_, r);
  }
  json::value get_dbt_catalog_config(const json::value& request) {
    const auto& r = checked_request(request, {});
    return dbt_catalog_block(settings_, read_secret_references(settings_, r));
  }
  json::value get_engine_config(const json::value& request) {
    const auto& r = checked_request(request, {"engine", "storage"});
    return engine_config(settings_, read_secret_references(settings_, r), request);
  }

 private:
  // One client per set of secret references, kept between calls so a token
  // and the catalog's config are fetched once; RestCatalog is thread-safe.
  std::shared_ptr<iceberg::RestCatalog> client_for(const json::object& request) {
    auto refs = read_secret_references(settings_, request);
    std::string key = refs.client_secret + '\n' + refs.token;
    std::lock_guard lock(mutex_);
    if (!client_ || key != client_key_) {
      client_ = std::make_shared<iceberg::RestCatalog>(client_options(settings_, refs, host_));
      client_key_ = std::move(key);
    }
    return client_;
  }

  template <class Operation>
  json::value with_catalog(const json::object& request, Operation&& operation) {
    auto client = client_for(request);
    try {
      return operation(*client);
    } catch (const iceberg::Error& e) {
      throw floe::sdk::error(iceberg::to_status(e.kind()), e.what());
    }
  }

  catalog_settings settings_;
  floe::sdk::host& host_;
  std::mutex mutex_;
  std::shared_ptr<iceberg::RestCatalog> client_;
  std::string client_key_;
};

}  // namespace
}  // namespace floe::catalog_rest

FLOE_PLUGIN(floe::catalog_rest::rest_catalog)
