// floe::iceberg::RestCatalog - a client of the Iceberg REST catalog API
// (Apache Iceberg's open-api/rest-catalog-open-api.yaml), on libcurl and
// Boost.JSON. This is the C++ surface the in-tree catalog plugins
// (catalog-rest, catalog-polaris) link through the static target
// `floe_iceberg_client`; applications use the C API in floe/iceberg.h.
//
//   RestCatalog catalog(options);        // no I/O yet
//   catalog.connect();                   // GET /v1/config (+ token), optional: every call connects first
//   catalog.create_namespace({"sales"}, {{"owner", "team-a"}});
//   auto table = catalog.load_table({{"sales"}, "orders"});
//   catalog.commit_table(table_id, [](const LoadTableResult& current) { ...return CommitRequest...; });
//
// Configuration follows the spec: the server's `defaults`, then the
// client's `properties`, then the server's `overrides` make config(); from
// it come `prefix` (inserted after /v1/), `uri` (an override moves the
// base URI), `oauth2-server-uri`, `scope`, `token`, `header.<Name>` (extra
// request headers) and `namespace-separator` (used only for the `parent`
// query parameter; paths use the unit separator 0x1F as the spec requires).
//
// Authentication: a static bearer `token`, or OAuth2 client credentials
// (`client_id` + `client_secret`, grant client_credentials, `scope`) traded
// at `oauth2_server_uri`, else the config's `oauth2-server-uri`, else the
// spec's default `<uri>/v1/oauth/tokens`. The token is refreshed before it
// expires (expires_in, less a margin); a 401 from the catalog refreshes the
// token once and repeats the request; a second 401 is Error{unauthorized}
// naming the principal (client id).
//
// Every request is bounded by connect_timeout and request_timeout. Vended
// credentials (`X-Iceberg-Access-Delegation: vended-credentials`) are asked
// for on table loads/creates when `vended_credentials` is set; what the
// catalog returns (config, storage-credentials) is handed to the caller in
// LoadTableResult and never logged or put in an Error.
//
// Thread safety: one RestCatalog may be used from several threads (token
// refresh and connection are guarded); each call uses its own curl handle.
// Errors: every failure throws floe::iceberg::Error (error.hpp).
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iceberg/error.hpp"
#include "iceberg/metadata.hpp"

namespace floe::iceberg {

using Properties = std::map<std::string, std::string>;
using Namespace = std::vector<std::string>;  // ["accounting", "tax"]

struct TableIdentifier {
  Namespace ns;
  std::string name;
  // "accounting.tax.orders" (for messages; names may contain dots themselves).
  std::string str() const;
  bool operator==(const TableIdentifier&) const = default;
};

// "accounting.tax" (for messages).
std::string namespace_str(const Namespace& ns);

// A log line from the client: method, path, status, elapsed time. Never a
// header, body, token, credential or query secret.
using LogSink = std::function<void(std::string_view line)>;

struct ClientOptions {
  std::string uri;        // "http://127.0.0.1:8181" or with a base path "https://host/api/catalog"
  std::string warehouse;  // sent as ?warehouse= on GET /v1/config when set
  Properties properties;  // client-side catalog properties (between defaults and overrides)

  // OAuth2 client credentials (both or neither) or a static bearer token.
  std::string client_id;
  std::string client_secret;  // secret: never logged, never in an Error
  std::string token;          // secret: static bearer token
  std::string oauth2_server_uri;  // "" = from config, else <uri>/v1/oauth/tokens
  std::string scope = "catalog";
  // Refresh this long before the token's expires_in runs out.
  std::chrono::seconds token_refresh_margin{60};

  bool vended_credentials = true;  // send X-Iceberg-Access-Delegation: vended-credentials
  Properties headers;              // extra headers on every catalog request (e.g. a realm)

  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds request_timeout{30000};  // whole request, connect and reading the body included
  // A catalog response longer than this is refused (ErrorKind::malformed)
  // and never buffered whole: a table's metadata with 10,000 snapshots is
  // about 5 MB.
  std::size_t max_response_bytes = 64u << 20;
  int commit_attempts = 4;  // commit_table with a planner: tries on 409 (>= 1)
  std::string ca_file;      // PEM bundle to trust for https (system default if "")
  LogSink log;              // optional
};

struct CatalogConfig {
  Properties defaults;
  Properties overrides;
  std::vector<std::string> endpoints;  // as the server listed them ("" list: spec defaults assumed)
  Properties merged;                   // defaults, then client properties, then overrides
  std::string prefix;                  // merged["prefix"], "" if none
};

struct NamespaceInfo {
  Namespace ns;
  Properties properties;
};

struct NamespacePropertiesResult {
  std::vector<std::string> updated, removed, missing;
};

// One of the table's storage credentials (LoadTableResult.storage-credentials).
struct StorageCredential {
  std::string prefix;
  Properties config;  // secret values: pass on, never log
};

struct LoadTableResult {
  TableIdentifier identifier;
  std::optional<std::string> metadata_location;
  TableMetadata metadata;
  boost::json::object metadata_json;  // the catalog's "metadata" object as received
  Properties config;                  // table config (may hold vended credentials)
  std::vector<StorageCredential> storage_credentials;
};

// A page of a listing and the token for the next one ("" = last page).
template <class T>
struct Page {
  std::vector<T> items;
  std::string next_page_token;
};

struct CreateTableRequest {
  std::string name;
  Schema schema;                        // field ids as given; schema_id ignored by servers
  std::optional<PartitionSpec> partition_spec;  // field_ids 0 are assigned 1000, 1001, ...
  std::optional<SortOrder> write_order;
  Properties properties;
  std::string location;                 // "" = the catalog chooses
};

// A commit's requirements and updates, as the spec's JSON objects. Build
// them with the helpers in namespace requirement:: and update:: below.
struct CommitRequest {
  boost::json::array requirements;
  boost::json::array updates;
};

struct CommitResult {
  std::string metadata_location;
  TableMetadata metadata;
  int attempts = 1;  // commits sent: 1 = committed at the first try
};

// Called with the table as it is now; returns the commit to make against
// that state, or std::nullopt when there is nothing to do. Called again
// after a reload when the catalog answers 409 (another writer won).
using CommitPlanner = std::function<std::optional<CommitRequest>(const LoadTableResult& current)>;

namespace requirement {
boost::json::object assert_create();
boost::json::object table_uuid(const std::string& uuid);
// snapshot_id nullopt: the ref must not exist.
boost::json::object ref_snapshot_id(const std::string& ref, std::optional<int64_t> snapshot_id);
boost::json::object current_schema_id(int schema_id);
boost::json::object last_assigned_field_id(int field_id);
boost::json::object default_spec_id(int spec_id);
}  // namespace requirement

namespace update {
boost::json::object set_properties(const Properties& updates);
boost::json::object remove_properties(const std::vector<std::string>& keys);
boost::json::object add_schema(const Schema& schema);
boost::json::object set_current_schema(int schema_id);  // -1: the last added
boost::json::object remove_snapshots(const std::vector<int64_t>& snapshot_ids);
boost::json::object set_snapshot_ref(const SnapshotRef& ref);
boost::json::object remove_snapshot_ref(const std::string& ref_name);
boost::json::object set_location(const std::string& location);
}  // namespace update

// The spec's JSON for a schema / partition spec / sort order (create, add-schema).
boost::json::object schema_json(const Schema& schema);
boost::json::object partition_spec_json(const PartitionSpec& spec);
boost::json::object sort_order_json(const SortOrder& order);

class RestCatalog {
 public:
  explicit RestCatalog(ClientOptions options);
  ~RestCatalog();
  RestCatalog(const RestCatalog&) = delete;
  RestCatalog& operator=(const RestCatalog&) = delete;

  // GET /v1/config (after fetching a token when OAuth2 is configured). Every
  // other call does this first if it has not happened yet.
  const CatalogConfig& connect();
  const CatalogConfig& config();  // connects if needed

  // The URI requests go to ("http://host:port/base") and the principal
  // (client id, "" for a static token or none), for messages.
  std::string base_uri() const;
  const std::string& principal() const;

  // ---- Namespaces
  NamespaceInfo create_namespace(const Namespace& ns, const Properties& properties = {});
  // One page (page_token "" = first page; page_size 0 = server default).
  Page<Namespace> list_namespaces_page(const Namespace& parent, const std::string& page_token, int page_size = 0);
  // Every page, up to max_pages (Error{malformed} past that: a server that loops).
  std::vector<Namespace> list_namespaces(const Namespace& parent = {}, int page_size = 0, int max_pages = 10000);
  NamespaceInfo load_namespace(const Namespace& ns);
  bool namespace_exists(const Namespace& ns);
  NamespacePropertiesResult update_namespace_properties(const Namespace& ns, const Properties& updates,
                                                        const std::vector<std::string>& removals);
  void drop_namespace(const Namespace& ns);

  // ---- Tables
  LoadTableResult create_table(const Namespace& ns, const CreateTableRequest& request);
  Page<TableIdentifier> list_tables_page(const Namespace& ns, const std::string& page_token, int page_size = 0);
  std::vector<TableIdentifier> list_tables(const Namespace& ns, int page_size = 0, int max_pages = 10000);
  LoadTableResult load_table(const TableIdentifier& id);
  // load_table asking for storage credentials whatever vended_credentials
  // says: for a writer that has no keys of its own for the table's files.
  LoadTableResult load_table_with_credentials(const TableIdentifier& id);
  bool table_exists(const TableIdentifier& id);
  void drop_table(const TableIdentifier& id, bool purge = false);
  void rename_table(const TableIdentifier& from, const TableIdentifier& to);

  // ---- Commits
  // One attempt: a 409 is Error{conflict}.
  CommitResult commit_table(const TableIdentifier& id, const CommitRequest& request);
  // Loads the table, asks `planner` for the commit, commits; on 409 reloads
  // and asks again, at most options.commit_attempts times in all, then
  // Error{conflict} ("gave up after N attempts"). A planner returning
  // nullopt ends it without a commit: result.attempts is then the number of
  // commits sent before (0 if the first plan was nullopt) and metadata the
  // table as loaded. Other errors (including commit_state_unknown) are not
  // retried.
  CommitResult commit_table(const TableIdentifier& id, const CommitPlanner& planner);
  // One commit of several tables (POST /v1/{prefix}/transactions/commit):
  // the catalog checks every table's requirements before it changes any.
  // One attempt: a 409 is Error{conflict} and no table changed. Only for a
  // catalog whose config().endpoints lists the endpoint (the caller asks
  // offers_transactions()).
  struct TableChange {
    TableIdentifier id;
    CommitRequest commit;
  };
  void commit_transaction(const std::vector<TableChange>& changes);
  // Whether GET /v1/config listed "POST /v1/{prefix}/transactions/commit".
  bool offers_transactions();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace floe::iceberg
