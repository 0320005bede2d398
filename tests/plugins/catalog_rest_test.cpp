// The catalog-rest plugins (rest, polaris) end to end: loaded by
// libfloe-core's registry from the build tree, called through the public C
// API, against Apache Iceberg's REST catalog server (one per test program)
// and, for OAuth2 and faults, the fault proxy in front of it. pyiceberg
// checks independently what the plugin created.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "floe/registry.h"
#include "iceberg_rest_fixture.hpp"
#include "registry_outcome.hpp"
#include "run_process.hpp"
#include "s3_server.hpp"

namespace {

namespace json = boost::json;
using floe::test::IcebergFaultProxy;
using floe::test::IcebergFaultScenario;
using floe::test::IcebergRestServer;
using floe::test::Outcome;
using floe::test::outcome_of;

constexpr const char* kSecret = "polaris-test-secret-5d2a91";
constexpr const char* kSecretVariable = "FLOE_TEST_CATALOG_CLIENT_SECRET";

floe_registry* registry() {
  static floe::test::RegistryPtr instance = floe::test::build_tree_registry();
  return instance.get();
}

class Catalog {
 public:
  Catalog(const char* type, const json::object& config) {
    opened_ = outcome_of([&](floe_buffer*, floe_error* error) {
      return floe_registry_open(registry(), "catalog", type, json::serialize(config).c_str(), &handle_, error);
    });
  }
  ~Catalog() { floe_handle_free(handle_); }
  const Outcome& opened() const { return opened_; }

  Outcome call(const char* method, json::object request = {}) const {
    REQUIRE(handle_ != nullptr);
    if (!secrets_.empty()) request["secrets"] = secrets_;
    return outcome_of([&](floe_buffer* out, floe_error* error) {
      return floe_handle_call(handle_, method, json::serialize(request).c_str(), out, error);
    });
  }
  json::object ok(const char* method, json::object request = {}) const {
    auto outcome = call(method, std::move(request));
    INFO(method << ": " << outcome.body);
    REQUIRE(outcome.status == FLOE_OK);
    return json::parse(outcome.body).as_object();
  }
  json::object secrets_;

 private:
  floe_handle* handle_ = nullptr;
  Outcome opened_;
};

const json::object kSchema = json::parse(R"({"type": "struct", "schema-id": 0, "fields": [
  {"id": 1, "name": "customer_id", "required": true, "type": "long"},
  {"id": 2, "name": "email", "required": false, "type": "string"},
  {"id": 3, "name": "signed_up", "required": false, "type": "date"}]})").as_object();

// Runs a pyiceberg script against the catalog at `uri`; its stdout.
std::string pyiceberg(const std::string& uri, const std::string& body) {
  std::string script = "from pyiceberg.catalog import load_catalog\n"
                       "catalog = load_catalog('t', type='rest', uri='" + uri + "')\n" + body;
  auto result = floe::test::run_process(floe::test::venv_python(), {"-c", script});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  return result.out;
}

// The REST server behind an OAuth2 token endpoint that knows the client
// floe-platform with kSecret; kSecretVariable holds the secret.
std::unique_ptr<IcebergFaultProxy> start_oauth_proxy() {
  IcebergFaultScenario scenario;
  scenario.client_id = "floe-platform";
  scenario.client_secret = kSecret;
  ::setenv(kSecretVariable, kSecret, 1);
  return IcebergFaultProxy::start(IcebergRestServer::shared(), scenario);
}

bool contains(const json::array& names, const char* name) {
  for (const auto& n : names)
    if (n == name) return true;
  return false;
}

}  // namespace

TEST_CASE("catalog rest: namespaces and tables in Apache Iceberg's REST server, seen by pyiceberg") {
  auto& server = IcebergRestServer::shared();
  Catalog catalog("rest", {{"uri", server.uri()}});
  INFO(catalog.opened().body);
  REQUIRE(catalog.opened().status == FLOE_OK);

  auto connected = catalog.ok("connect");
  CHECK(json::value_to<std::string>(connected.at("uri")) == server.uri());
  CHECK(connected.at("catalog_name") == "lake");
  CHECK(connected.at("endpoints").as_array().size() > 5);

  CHECK(catalog.ok("create_namespace", {{"namespace", "plugin_sales"}, {"properties", {{"owner", "sales-team"}}}})
            .at("namespace") == "plugin_sales");
  CHECK(contains(catalog.ok("list_namespaces").at("namespaces").as_array(), "plugin_sales"));
  auto again = catalog.call("create_namespace", {{"namespace", "plugin_sales"}});
  CHECK(again.status == FLOE_ERR_ALREADY_EXISTS);

  auto created = catalog.ok("create_table", {{"identifier", "plugin_sales.customers"},
                                             {"schema", kSchema},
                                             {"properties", {{"floe.product", "customer-360"}}}});
  CHECK(created.at("identifier") == "plugin_sales.customers");
  CHECK(json::value_to<std::string>(created.at("metadata_location")).find("/plugin_sales/customers/metadata/") !=
        std::string::npos);
  CHECK(contains(catalog.ok("list_tables", {{"namespace", "plugin_sales"}}).at("tables").as_array(),
                 "plugin_sales.customers"));

  auto loaded = catalog.ok("load_table", {{"identifier", "plugin_sales.customers"}});
  const auto& metadata = loaded.at("metadata").as_object();
  CHECK(metadata.at("properties").at("floe.product") == "customer-360");
  CHECK(metadata.at("schemas").as_array().at(0).at("fields").as_array().size() == 3);

  // An independent client sees the same table, columns and property.
  std::string seen = pyiceberg(server.uri(),
                               "t = catalog.load_table('plugin_sales.customers')\n"
                               "print([f.name for f in t.schema().fields], t.properties['floe.product'])\n");
  CHECK(seen == "['customer_id', 'email', 'signed_up'] customer-360\n");

  catalog.ok("drop_table", {{"identifier", "plugin_sales.customers"}, {"purge", true}});
  CHECK(catalog.call("load_table", {{"identifier", "plugin_sales.customers"}}).status == FLOE_ERR_NOT_FOUND);
  catalog.ok("delete_namespace", {{"namespace", "plugin_sales"}});
  CHECK_FALSE(contains(catalog.ok("list_namespaces").at("namespaces").as_array(), "plugin_sales"));
}

TEST_CASE("catalog rest: load_tables answers many tables at once, in order, a missing one as not found") {
  auto& server = IcebergRestServer::shared();
  Catalog catalog("rest", {{"uri", server.uri()}});
  REQUIRE(catalog.opened().status == FLOE_OK);
  catalog.ok("create_namespace", {{"namespace", "plugin_many"}});
  json::array asked;
  for (int i = 0; i < 20; ++i) {
    std::string name = "plugin_many.t" + std::to_string(i);
    if (i % 4 != 3) catalog.ok("create_table", {{"identifier", name}, {"schema", kSchema}});
    asked.push_back(json::string(name));
  }
  json::object answer = catalog.ok("load_tables", {{"identifiers", asked}});
  const json::array& tables = answer.at("tables").as_array();
  REQUIRE(tables.size() == 20);
  for (std::size_t i = 0; i < 20; ++i) {
    INFO(i);
    CHECK(tables[i].at("identifier") == asked[i]);
    CHECK(tables[i].at("found") == (i % 4 != 3));
    if (i % 4 == 3) {
      CHECK_FALSE(tables[i].as_object().contains("metadata"));
      continue;
    }
    // What load_table answers for the same table, one by one.
    json::object one = catalog.ok("load_table", {{"identifier", asked[i]}});
    CHECK(tables[i].at("metadata") == one.at("metadata"));
    CHECK(tables[i].at("metadata_location") == one.at("metadata_location"));
  }
  CHECK(catalog.ok("load_tables", {{"identifiers", json::array()}}).at("tables") == json::array());
  // Checked before anything is sent: a malformed name, too many names.
  auto malformed = catalog.call("load_tables", {{"identifiers", {"plugin_many.t0", "orders"}}});
  CHECK(malformed.status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(malformed.body.find("<namespace>.<table>") != std::string::npos);
  json::array too_many;
  for (int i = 0; i < 1001; ++i) too_many.push_back(json::string("plugin_many.t" + std::to_string(i)));
  auto refused = catalog.call("load_tables", {{"identifiers", too_many}});
  CHECK(refused.status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(refused.body.find("at most 1000") != std::string::npos);
  // A failure other than a missing table fails the call.
  Catalog down("rest", {{"uri", "http://127.0.0.1:9/api/catalog"}, {"timeout_ms", 2000}});
  REQUIRE(down.opened().status == FLOE_OK);
  CHECK(down.call("load_tables", {{"identifiers", {"plugin_many.t0"}}}).status == FLOE_ERR_UNAVAILABLE);
}

TEST_CASE("catalog rest: requests are checked before anything is sent") {
  auto& server = IcebergRestServer::shared();
  Catalog catalog("rest", {{"uri", server.uri()}});
  REQUIRE(catalog.opened().status == FLOE_OK);
  auto unknown = catalog.call("list_tables", {{"namespace", "x"}, {"namespaces", "y"}});
  CHECK(unknown.status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(unknown.body.find("'namespaces'") != std::string::npos);
  auto empty_part = catalog.call("load_table", {{"identifier", "sales..orders"}});
  CHECK(empty_part.status == FLOE_ERR_INVALID_ARGUMENT);
  auto no_namespace = catalog.call("load_table", {{"identifier", "orders"}});
  CHECK(no_namespace.status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(no_namespace.body.find("<namespace>.<table>") != std::string::npos);
  // A secret value where a reference belongs is refused without echoing it.
  auto literal = catalog.call("connect", {{"secrets", {{"token", kSecret}}}});
  CHECK(literal.status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(literal.body.find(kSecret) == std::string::npos);
}

TEST_CASE("catalog rest: a catalog that is down is UNAVAILABLE and names its URI") {
  // Port 9 (discard) is closed on the test machines' loopback.
  Catalog catalog("rest", {{"uri", "http://127.0.0.1:9/api/catalog"}, {"timeout_ms", 2000}});
  REQUIRE(catalog.opened().status == FLOE_OK);
  auto down = catalog.call("connect");
  CHECK(down.status == FLOE_ERR_UNAVAILABLE);
  CHECK(down.body.find("http://127.0.0.1:9/api/catalog") != std::string::npos);
}

TEST_CASE("catalog polaris: OAuth2 client credentials with the principal role's scope, the secret never echoed") {
  auto proxy = start_oauth_proxy();

  Catalog catalog("polaris", {{"uri", proxy->uri()}, {"warehouse", "acme_lake"}, {"client_id", "floe-platform"},
                              {"principal_role", "floe_writer"}});
  INFO(catalog.opened().body);
  REQUIRE(catalog.opened().status == FLOE_OK);
  catalog.secrets_ = {{"client_secret", std::string("env:") + kSecretVariable}};
  auto connected = catalog.ok("connect");
  CHECK(connected.at("catalog_name") == "acme_lake");
  CHECK(connected.at("warehouse") == "acme_lake");
  CHECK(proxy->token_requests() == 1);
  catalog.ok("list_namespaces");
  CHECK(proxy->token_requests() == 1);  // the token is kept between calls
  for (const auto& request : proxy->requests())
    if (request.path.find("/oauth/") == std::string::npos) CHECK(request.authorization);

  // Without the secret: a clear error naming the missing reference.
  Catalog unset("polaris", {{"uri", proxy->uri()}, {"warehouse", "acme_lake"}, {"client_id", "floe-platform"}});
  REQUIRE(unset.opened().status == FLOE_OK);
  unset.secrets_ = {{"client_secret", "env:FLOE_TEST_CATALOG_SECRET_NOT_SET"}};
  auto missing = unset.call("connect");
  CHECK(missing.status == FLOE_ERR_NOT_FOUND);
  CHECK(missing.body.find("env:FLOE_TEST_CATALOG_SECRET_NOT_SET") != std::string::npos);

  // A wrong secret: refused by the token endpoint, the principal named, no secret shown.
  ::setenv("FLOE_TEST_CATALOG_WRONG_SECRET", "not-the-secret-77e1", 1);
  Catalog wrong("polaris", {{"uri", proxy->uri()}, {"warehouse", "acme_lake"}, {"client_id", "floe-platform"}});
  REQUIRE(wrong.opened().status == FLOE_OK);
  wrong.secrets_ = {{"client_secret", "env:FLOE_TEST_CATALOG_WRONG_SECRET"}};
  auto refused = wrong.call("connect");
  CHECK(refused.status == FLOE_ERR_UNAUTHORIZED);
  CHECK(refused.body.find("floe-platform") != std::string::npos);
  CHECK(refused.body.find("not-the-secret-77e1") == std::string::npos);
  CHECK(refused.body.find(kSecret) == std::string::npos);
}

TEST_CASE("catalog polaris: configuration it cannot work with is refused, a bare selection only when used") {
  // ADR-0016 selects `catalog: {type: polaris}` with no config: it loads,
  // and says what is missing when something needs the catalog.
  Catalog bare("polaris", {});
  REQUIRE(bare.opened().status == FLOE_OK);
  auto unnamed = bare.call("get_dbt_catalog_config");
  CHECK(unnamed.status == FLOE_ERR_INVALID_STATE);
  CHECK(unnamed.body.find("plugins.catalog.config.uri") != std::string::npos);
  Catalog no_warehouse("polaris", {{"uri", "http://127.0.0.1:9"}});
  REQUIRE(no_warehouse.opened().status == FLOE_OK);
  auto warehouse = no_warehouse.call("connect");
  CHECK(warehouse.status == FLOE_ERR_INVALID_STATE);
  CHECK(warehouse.body.find("plugins.catalog.config.warehouse") != std::string::npos);
  Catalog role_on_rest("rest", {{"uri", "http://127.0.0.1:9"}, {"principal_role", "x"}});
  CHECK(role_on_rest.opened().status != FLOE_OK);
  CHECK(role_on_rest.opened().body.find("principal_role") != std::string::npos);
  Catalog alpha("polaris", {{"uri", "http://127.0.0.1:9"}, {"warehouse", "floe-demo"},
                            {"oauth2", {{"client_id", "demo-admin"}, {"client_secret", {{"secret_ref", "polaris-demo"}}},
                                        {"scope", "PRINCIPAL_ROLE:ALL"}, {"token_url", "http://127.0.0.1:9/v1/oauth/tokens"}}}});
  INFO(alpha.opened().body);
  CHECK(alpha.opened().status == FLOE_OK);  // the Python alpha's spelling loads
  // floe run resolves only env: and file: references itself.
  auto needs_plugin = alpha.call("connect");
  CHECK(needs_plugin.status == FLOE_ERR_NOT_FOUND);
  CHECK(needs_plugin.body.find("secrets plugin") != std::string::npos);
}

TEST_CASE("catalog polaris: its dbt catalog block makes compute-duckdb's Iceberg attachment") {
  Catalog catalog("polaris", {{"uri", "https://polaris.example.com/api/catalog"}, {"warehouse", "acme_lake"},
                              {"client_id", "floe-platform"}, {"principal_role", "floe_writer"}});
  REQUIRE(catalog.opened().status == FLOE_OK);
  catalog.secrets_ = {{"client_secret", "env:POLARIS_CLIENT_SECRET"}};
  auto block = catalog.ok("get_dbt_catalog_config");
  CHECK(block == json::parse(R"({"type": "rest", "name": "acme_lake", "uri": "https://polaris.example.com/api/catalog",
      "warehouse": "acme_lake", "client_id": "floe-platform",
      "credentials": {"client_secret": "env:POLARIS_CLIENT_SECRET", "oauth2_scope": "PRINCIPAL_ROLE:floe_writer"}})"));

  floe_handle* compute = nullptr;
  auto opened = outcome_of([&](floe_buffer*, floe_error* error) {
    return floe_registry_open(registry(), "compute", "duckdb", R"({"path": "/tmp/lake.duckdb"})", &compute, error);
  });
  REQUIRE(opened.status == FLOE_OK);
  json::object request{{"profile_name", "shop"}, {"target", "dev"}, {"catalog", block}};
  auto profile = outcome_of([&](floe_buffer* out, floe_error* error) {
    return floe_handle_call(compute, "generate_dbt_profile", json::serialize(request).c_str(), out, error);
  });
  floe_handle_free(compute);
  INFO(profile.body);
  REQUIRE(profile.status == FLOE_OK);
  auto output = json::parse(profile.body).at("output").as_object();
  const auto& secret = output.at("secrets").as_array().at(0).as_object();
  CHECK(secret.at("client_id") == "floe-platform");
  CHECK(secret.at("client_secret") == "{{ env_var('POLARIS_CLIENT_SECRET') }}");
  CHECK(secret.at("oauth2_scope") == "PRINCIPAL_ROLE:floe_writer");
  CHECK(secret.at("oauth2_server_uri") == "https://polaris.example.com/api/catalog/v1/oauth/tokens");
  const auto& attach = output.at("attach").as_array().at(0).as_object();
  CHECK(attach.at("alias") == "acme_lake");
  CHECK(attach.at("secret") == "acme_lake_secret");
}

TEST_CASE("catalog rest: governance on a table, properties set once and snapshots expired by retention") {
  auto& server = IcebergRestServer::shared();
  Catalog catalog("rest", {{"uri", server.uri()}});
  REQUIRE(catalog.opened().status == FLOE_OK);
  catalog.ok("create_namespace", {{"namespace", "plugin_gov"}});
  catalog.ok("create_table", {{"identifier", "plugin_gov.orders"}, {"schema", kSchema}});
  // Three appends by an independent writer: three snapshots, the first tagged.
  pyiceberg(server.uri(),
            "import pyarrow as pa\n"
            "t = catalog.load_table('plugin_gov.orders')\n"
            "for i in range(3):\n"
            "    t.append(pa.table({'customer_id': pa.array([i], pa.int64()), 'email': ['a@b.c'],"
            " 'signed_up': pa.array([None], pa.date32())}, schema=t.schema().as_arrow()))\n"
            "    t = catalog.load_table('plugin_gov.orders')\n"
            "first = t.history()[0].snapshot_id\n"
            "t.manage_snapshots().create_tag(first, 'audit-2026').commit()\n");

  auto set = catalog.ok("update_table_properties", {{"identifier", "plugin_gov.orders"},
                                                    {"set", {{"floe.classification.email", "pii"}}}});
  CHECK(set.at("properties").at("floe.classification.email") == "pii");
  std::string location = json::value_to<std::string>(set.at("metadata_location"));
  auto same = catalog.ok("update_table_properties", {{"identifier", "plugin_gov.orders"},
                                                     {"set", {{"floe.classification.email", "pii"}}}});
  CHECK(json::value_to<std::string>(same.at("metadata_location")) == location);  // nothing new to commit

  // Retention 0 days keeping the last one: the middle snapshot goes, the
  // tagged first one stays (reported), the newest stays.
  auto plan = catalog.ok("expire_snapshots", {{"identifier", "plugin_gov.orders"}, {"retention_days", 0},
                                              {"keep_last", 1}, {"dry_run", true}});
  CHECK_FALSE(plan.at("committed").as_bool());
  CHECK(plan.at("plan").at("remove").as_array().size() == 1);
  bool tag_reported = false;
  for (const auto& r : plan.at("plan").at("retained_by_ref").as_array()) tag_reported = tag_reported || r.at("ref") == "audit-2026";
  CHECK(tag_reported);
  auto expired = catalog.ok("expire_snapshots", {{"identifier", "plugin_gov.orders"}, {"retention_days", 0}, {"keep_last", 1}});
  CHECK(expired.at("committed").as_bool());
  std::string seen = pyiceberg(server.uri(),
                               "t = catalog.load_table('plugin_gov.orders')\n"
                               "print(len(t.metadata.snapshots), t.properties['floe.classification.email'])\n");
  CHECK(seen == "2 pii\n");
  auto negative = catalog.call("expire_snapshots", {{"identifier", "plugin_gov.orders"}, {"retention_days", -1}});
  CHECK(negative.status == FLOE_ERR_INVALID_ARGUMENT);
}

TEST_CASE("catalog rest: get_engine_config gives pyiceberg properties that reach the catalog, Spark's prefixed") {
  auto proxy = start_oauth_proxy();
  Catalog catalog("polaris", {{"uri", proxy->uri()}, {"warehouse", "acme_lake"}, {"client_id", "floe-platform"}});
  REQUIRE(catalog.opened().status == FLOE_OK);
  catalog.secrets_ = {{"client_secret", std::string("env:") + kSecretVariable}};
  json::object storage{{"properties", {{"s3.endpoint", "http://127.0.0.1:9000"}, {"s3.path-style-access", "true"}}},
                       {"secret_properties", {{"s3.secret-access-key", "env:LAKE_SECRET_KEY"}}}};
  auto py = catalog.ok("get_engine_config", {{"engine", "pyiceberg"}, {"storage", storage}});
  CHECK(py.at("name") == "acme_lake");
  const auto& properties = py.at("properties").as_object();
  CHECK(properties.at("type") == "rest");
  CHECK(properties.at("s3.endpoint") == "http://127.0.0.1:9000");
  CHECK(properties.at("scope") == "PRINCIPAL_ROLE:ALL");
  const auto& secrets = py.at("secret_properties").as_object();
  CHECK(secrets.at("s3.secret-access-key") == "env:LAKE_SECRET_KEY");
  CHECK(secrets.at("credential") == json::parse(R"({"reference": "env:FLOE_TEST_CATALOG_CLIENT_SECRET", "prefix": "floe-platform:"})"));

  // pyiceberg, given exactly these properties with the credential resolved
  // as a reader would, authenticates and lists the catalog.
  std::string props = json::serialize(properties);
  auto result = floe::test::run_process(
      floe::test::venv_python(),
      {"-c", "import json, os, sys\nfrom pyiceberg.catalog import load_catalog\n"
             "p = json.loads(sys.argv[1])\np['credential'] = 'floe-platform:' + os.environ['" + std::string(kSecretVariable) +
                 "']\nprint(type(load_catalog('acme_lake', **p).list_namespaces()).__name__)\n",
       props});
  INFO(result.err);
  CHECK(result.exit_code == 0);
  CHECK(result.out == "list\n");
  CHECK(proxy->token_requests() >= 1);

  auto spark = catalog.ok("get_engine_config", {{"engine", "spark"}, {"storage", storage}});
  CHECK(spark.at("properties").at("spark.sql.catalog.acme_lake") == "org.apache.iceberg.spark.SparkCatalog");
  CHECK(json::value_to<std::string>(spark.at("properties").at("spark.sql.catalog.acme_lake.uri")) == proxy->uri());
  CHECK(spark.at("secret_properties").at("spark.sql.catalog.acme_lake.credential").at("prefix") == "floe-platform:");
  auto duck = catalog.ok("get_engine_config", {{"engine", "duckdb"}});
  CHECK(duck.at("properties").at("client_id") == "floe-platform");
  CHECK_FALSE(duck.contains("statements"));  // authenticated: DuckDB SQL cannot read the reference
  CHECK(catalog.call("get_engine_config", {{"engine", "trino"}}).status == FLOE_ERR_INVALID_ARGUMENT);
}

TEST_CASE("catalog polaris: the two-tier format's credential modes, a client id kept as a secret") {
  auto proxy = start_oauth_proxy();
  ::setenv("FLOE_TEST_CATALOG_CLIENT_ID", "floe-platform", 1);
  Catalog oauth2("polaris", {{"uri", proxy->uri()}, {"warehouse", "acme_lake"}, {"credentials", {{"mode", "oauth2"}}}});
  REQUIRE(oauth2.opened().status == FLOE_OK);
  oauth2.secrets_ = {{"client_id", "env:FLOE_TEST_CATALOG_CLIENT_ID"},
                     {"client_secret", std::string("env:") + kSecretVariable}};
  oauth2.ok("connect");
  CHECK(proxy->token_requests() == 1);
  auto block = oauth2.ok("get_dbt_catalog_config");
  CHECK(block.at("credentials").at("client_id") == "env:FLOE_TEST_CATALOG_CLIENT_ID");
  CHECK_FALSE(block.contains("client_id"));

  Catalog no_secrets("polaris", {{"uri", proxy->uri()}, {"warehouse", "acme_lake"}, {"credentials", {{"mode", "oauth2"}}}});
  REQUIRE(no_secrets.opened().status == FLOE_OK);
  auto missing = no_secrets.call("connect");
  CHECK(missing.status == FLOE_ERR_NOT_FOUND);
  CHECK(missing.body.find("client_id and client_secret") != std::string::npos);

  Catalog iam("polaris", {{"uri", proxy->uri()}, {"warehouse", "acme_lake"}, {"credentials", {{"mode", "iam_role"}}}});
  REQUIRE(iam.opened().status == FLOE_OK);
  auto refused = iam.call("connect");
  CHECK(refused.status == FLOE_ERR_INVALID_STATE);
  CHECK(refused.body.find("SigV4") != std::string::npos);
}

// ---- commit_data_files: the REST server with its warehouse on versitygw ----

namespace {

struct S3Lake {
  std::unique_ptr<floe::test::S3Server> store;
  std::unique_ptr<IcebergRestServer> catalog;
};

S3Lake& s3_lake() {
  static S3Lake lake = [] {
    S3Lake l;
    l.store = floe::test::S3Server::start();
    l.store->create_bucket("lake");
    l.catalog = IcebergRestServer::start_on_s3(*l.store, "lake");
    return l;
  }();
  return lake;
}

// A Python snippet's stdout, with duckdb and pyiceberg pointed at the S3 lake.
std::string on_s3_lake(const std::string& body) {
  const S3Lake& lake = s3_lake();
  std::string script =
      "import duckdb, json\nfrom pyiceberg.catalog import load_catalog\n"
      "catalog = load_catalog('t', type='rest', uri='" + lake.catalog->uri() + "', **{'s3.endpoint': '" +
      lake.store->endpoint() + "', 's3.access-key-id': '" + floe::test::S3Server::access_key() +
      "', 's3.secret-access-key': '" + floe::test::S3Server::secret_key() +
      "', 's3.region': 'us-east-1', 's3.path-style-access': 'true'})\n"
      "con = duckdb.connect()\ncon.execute('LOAD httpfs')\n"
      "con.execute(\"CREATE SECRET (TYPE S3, KEY_ID '" + std::string(floe::test::S3Server::access_key()) + "', SECRET '" +
      floe::test::S3Server::secret_key() + "', ENDPOINT '" + lake.store->host() +
      "', URL_STYLE 'path', USE_SSL false, REGION 'us-east-1')\")\n" + body;
  auto result = floe::test::run_process(floe::test::venv_python(), {"-c", script});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  return result.out;
}

// Writes `rows` customers as a Parquet file with kSchema's field ids (as an
// engine writing for Iceberg does); {"path", "record_count", "file_size_in_bytes"}.
json::object write_customers(const std::string& path, int rows) {
  std::string out = on_s3_lake(
      "con.execute(\"COPY (SELECT range::BIGINT AS customer_id, 'c' || range AS email, DATE '2026-01-01' AS signed_up "
      "FROM range(" + std::to_string(rows) + ")) TO '" + path +
      "' (FORMAT parquet, FIELD_IDS {customer_id: 1, email: 2, signed_up: 3})\")\n"
      "n, size = con.execute(\"SELECT num_rows, file_size_bytes FROM parquet_file_metadata('" + path + "')\").fetchone()\n"
      "print(json.dumps({'path': '" + path + "', 'record_count': n, 'file_size_in_bytes': size}))\n");
  return json::parse(out).as_object();
}

// What pyiceberg sees of `identifier`: its rows, snapshots and files.
json::value pyiceberg_view(const std::string& identifier) {
  return json::parse(on_s3_lake(
      "t = catalog.load_table('" + identifier + "')\n"
      "tasks = list(t.scan().plan_files())\n"
      "print(json.dumps({'rows': t.scan().to_arrow().num_rows, 'snapshots': len(t.snapshots()),\n"
      "  'operation': t.current_snapshot().summary.operation.value if t.current_snapshot() else None,\n"
      "  'files': [f.file.file_path for f in tasks], 'deletes': sum(len(f.delete_files) for f in tasks),\n"
      "  'removed': sorted(e.data_file.file_path for m in (t.current_snapshot().manifests(t.io) if t.current_snapshot() else [])\n"
      "                    for e in m.fetch_manifest_entry(t.io, discard_deleted=False) if e.status.value == 2),\n"
      "  'summary': dict(t.current_snapshot().summary.additional_properties) if t.current_snapshot() else {},\n"
      "  'properties': t.properties}))\n"));
}

json::object file_io(const std::string& secret_variable = "FLOE_TEST_DF_SECRET") {
  return {{"properties", {{"s3.endpoint", s3_lake().store->endpoint()}, {"s3.region", "us-east-1"},
                          {"s3.path-style-access", "true"}}},
          {"secret_properties", {{"s3.access-key-id", "env:FLOE_TEST_DF_KEY"},
                                 {"s3.secret-access-key", "env:" + secret_variable}}}};
}

// Gives the plugin's secret references the lake's keys and creates
// `ns`.`name` with `schema` in the lake; its data directory.
std::string new_lake_table(Catalog& catalog, const std::string& ns, const std::string& name, const json::value& schema) {
  ::setenv("FLOE_TEST_DF_KEY", floe::test::S3Server::access_key(), 1);
  ::setenv("FLOE_TEST_DF_SECRET", floe::test::S3Server::secret_key(), 1);
  catalog.ok("create_namespace", {{"namespace", ns}});
  catalog.ok("create_table", {{"identifier", ns + "." + name}, {"schema", schema}});
  json::object loaded = catalog.ok("load_table", {{"identifier", ns + "." + name}});
  return std::string(loaded.at("metadata").at("location").as_string()) + "/data";
}

// `ns`.customers (kSchema), as new_lake_table makes it.
std::string new_customers_table(Catalog& catalog, const std::string& ns) {
  return new_lake_table(catalog, ns, "customers", kSchema);
}

}  // namespace

TEST_CASE("catalog rest: commit_data_files replaces a table's files in one overwrite snapshot that pyiceberg reads, "
          "and refuses what it cannot commit with no table changed") {
  ::setenv("FLOE_TEST_DF_KEY", floe::test::S3Server::access_key(), 1);
  ::setenv("FLOE_TEST_DF_SECRET", floe::test::S3Server::secret_key(), 1);
  ::setenv("FLOE_TEST_DF_WRONG", "not-the-secret-4b1e", 1);
  Catalog catalog("rest", {{"uri", s3_lake().catalog->uri()}});
  REQUIRE(catalog.opened().status == FLOE_OK);
  catalog.ok("create_namespace", {{"namespace", "df"}});
  catalog.ok("create_table", {{"identifier", "df.customers"}, {"schema", kSchema}});
  json::object loaded = catalog.ok("load_table", {{"identifier", "df.customers"}});
  std::string data = std::string(loaded.at("metadata").at("location").as_string()) + "/data";

  // Two commits: each leaves exactly its own file in the current snapshot,
  // and the second lists the first's file as DELETED (what Iceberg's
  // snapshot expiry deletes files by).
  std::string previous;
  for (int rows : {3, 5}) {
    json::object file = write_customers(data + "/run-" + std::to_string(rows) + ".parquet", rows);
    json::object table{{"identifier", "df.customers"}, {"schema_id", 0}, {"files", json::array{file}},
                       {"properties", {{"floe.product", "df-test"}}}};
    // The second commit is planned against the host's own load (as floe
    // run sends it), the first against the plugin's.
    if (!previous.empty()) table["metadata"] = catalog.ok("load_table", {{"identifier", "df.customers"}}).at("metadata");
    json::object answer = catalog.ok(
        "commit_data_files",
        {{"tables", json::array{table}}, {"file_io", file_io()}, {"tag", "run-" + std::to_string(rows)}});
    CHECK(answer.at("commit") == "multi-table");  // Apache's REST server lists transactions/commit
    json::value seen = pyiceberg_view("df.customers");
    CHECK(seen.at("rows") == rows);
    CHECK(seen.at("operation") == "overwrite");
    CHECK(seen.at("files") == json::array{file.at("path")});
    CHECK(seen.at("deletes") == 0);
    CHECK(seen.at("properties").at("floe.product") == "df-test");
    if (previous.empty()) {
      CHECK(seen.at("removed") == json::array());
      CHECK(answer.at("tables").at(0).at("deleted_files") == 0);
    } else {
      CHECK(seen.at("removed") == json::array{json::string(previous)});
      CHECK(seen.at("summary").at("deleted-data-files") == "1");
      CHECK(seen.at("summary").at("deleted-records") == "3");
      CHECK(answer.at("tables").at(0).at("deleted_files") == 1);
    }
    previous = std::string(file.at("path").as_string());
  }
  json::value before = pyiceberg_view("df.customers");
  CHECK(before.at("snapshots") == 2);

  auto refused = [&](json::object request, floe_status status, const char* says) {
    request["file_io"] = request.contains("file_io") ? request["file_io"] : json::value(file_io());
    auto outcome = catalog.call("commit_data_files", std::move(request));
    INFO(outcome.body);
    CHECK(outcome.status == status);
    CHECK(outcome.body.find(says) != std::string::npos);
    CHECK(outcome.body.find("not-the-secret-4b1e") == std::string::npos);
    CHECK(outcome.body.find(floe::test::S3Server::secret_key()) == std::string::npos);
    CHECK(pyiceberg_view("df.customers") == before);
  };
  json::object good = write_customers(data + "/next.parquet", 2);
  auto one = [&](json::object file) {
    return json::array{json::object{{"identifier", "df.customers"}, {"schema_id", 0}, {"files", json::array{file}}}};
  };
  // A file outside the table's data directory would make the table read
  // (and its expiry delete) another table's data.
  json::object elsewhere = good;
  elsewhere["path"] = "s3://lake/elsewhere/next.parquet";
  refused({{"tables", one(elsewhere)}}, FLOE_ERR_INVALID_ARGUMENT, "is not in the table's data directory");
  json::object climbing = good;
  climbing["path"] = data + "/../../other/next.parquet";
  refused({{"tables", one(climbing)}}, FLOE_ERR_INVALID_ARGUMENT, "is not in the table's data directory");
  // The empty request a host sends to learn the method exists.
  refused({{"tables", json::array()}}, FLOE_ERR_INVALID_ARGUMENT, "non-empty list");
  // A schema that is not the table's current one.
  refused({{"tables", json::array{json::object{{"identifier", "df.customers"}, {"schema_id", 7},
                                               {"files", json::array{good}}}}}},
          FLOE_ERR_INVALID_STATE, "no schema 7");
  // Metadata the host loaded before another writer's commit (here: before
  // the two commits above): the commit's requirements refuse it.
  json::array stale = one(good);
  stale[0].as_object()["metadata"] = loaded.at("metadata");
  refused({{"tables", stale}}, FLOE_ERR_CONFLICT, "no table changed");
  json::array not_metadata = one(good);
  not_metadata[0].as_object()["metadata"] = "s3://lake/x.metadata.json";
  refused({{"tables", not_metadata}}, FLOE_ERR_INVALID_ARGUMENT, ".metadata: expected the table's metadata");
  json::array broken = one(good);
  broken[0].as_object()["metadata"] = json::object{{"format-version", 2}};
  refused({{"tables", broken}}, FLOE_ERR_INVALID_ARGUMENT, ".metadata");
  // The store refuses the manifest's write: nothing is committed, no secret shown.
  refused({{"tables", one(good)}, {"file_io", file_io("FLOE_TEST_DF_WRONG")}}, FLOE_ERR_UNAVAILABLE,
          "no table changed");
  // A partitioned table: floe writes unpartitioned manifests only.
  catalog.ok("create_table", {{"identifier", "df.by_day"},
                              {"schema", kSchema},
                              {"partition_spec", json::parse(R"({"spec-id": 0, "fields": [
                                 {"source-id": 3, "field-id": 1000, "name": "day", "transform": "day"}]})")}});
  auto partitioned = catalog.call(
      "commit_data_files",
      {{"tables", json::array{json::object{{"identifier", "df.by_day"}, {"schema_id", 0}, {"files", json::array()}}}},
       {"file_io", file_io()}});
  CHECK(partitioned.status == FLOE_ERR_INVALID_STATE);
  CHECK(partitioned.body.find("partitioned") != std::string::npos);
}

TEST_CASE("catalog rest: commit_data_files without a file's counts (ABI 1.9) takes its rows from the footer and its "
          "size from the store, and still checks the counts a request gives") {
  Catalog catalog("rest", {{"uri", s3_lake().catalog->uri()}});
  REQUIRE(catalog.opened().status == FLOE_OK);
  std::string data = new_customers_table(catalog, "df_counts");
  json::object file = write_customers(data + "/uncounted.parquet", 7);  // DuckDB's own counts, for the checks
  auto commit = [&](json::object data_file) {
    return catalog.call("commit_data_files",
                        {{"tables", json::array{json::object{{"identifier", "df_counts.customers"},
                                                             {"schema_id", 0},
                                                             {"files", json::array{std::move(data_file)}}}}},
                         {"file_io", file_io()}});
  };
  // One count given and wrong: refused, as when both are given.
  auto wrong = commit({{"path", file.at("path")}, {"record_count", 8}});
  CHECK(wrong.status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(wrong.body.find("has 7 rows") != std::string::npos);
  CHECK(wrong.body.find("no table changed") != std::string::npos);
  auto negative = commit({{"path", file.at("path")}, {"file_size_in_bytes", -1}});
  CHECK(negative.status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(negative.body.find("file_size_in_bytes: expected a non-negative integer") != std::string::npos);
  CHECK(pyiceberg_view("df_counts.customers").at("snapshots") == 0);

  auto committed = commit({{"path", file.at("path")}});
  INFO(committed.body);
  REQUIRE(committed.status == FLOE_OK);
  json::value seen = json::parse(on_s3_lake(
      "t = catalog.load_table('df_counts.customers')\n"
      "f = [x.file for x in t.scan().plan_files()][0]\n"
      "print(json.dumps({'rows': t.scan().to_arrow().num_rows, 'record_count': f.record_count,\n"
      "  'file_size_in_bytes': f.file_size_in_bytes, 'added_records': t.current_snapshot().summary['added-records'],\n"
      "  'total_size': t.current_snapshot().summary['total-files-size']}))\n"));
  CHECK(seen.at("rows") == 7);
  CHECK(seen.at("record_count") == file.at("record_count"));
  CHECK(seen.at("file_size_in_bytes") == file.at("file_size_in_bytes"));
  CHECK(seen.at("added_records") == "7");
  CHECK(seen.at("total_size") == json::string(std::to_string(file.at("file_size_in_bytes").as_int64())));
}

TEST_CASE("catalog rest: commit_data_files over a table another writer filled (pyiceberg, deflate and zstandard "
          "manifests) lists that writer's files as DELETED") {
  ::setenv("FLOE_TEST_DF_KEY", floe::test::S3Server::access_key(), 1);
  ::setenv("FLOE_TEST_DF_SECRET", floe::test::S3Server::secret_key(), 1);
  Catalog catalog("rest", {{"uri", s3_lake().catalog->uri()}});
  REQUIRE(catalog.opened().status == FLOE_OK);
  // gzip: pyiceberg's (and Java's) default, the Avro codec deflate; zstd:
  // the Avro codec zstandard.
  for (const std::string codec : {"gzip", "zstd"}) {
    INFO(codec);
    const std::string ns = "df_other_" + codec;
    const std::string table = ns + ".customers";
    catalog.ok("create_namespace", {{"namespace", ns}});
    catalog.ok("create_table", {{"identifier", table}, {"schema", kSchema}});
    // Two appends by pyiceberg: two manifests, compressed as the table's property says.
    std::string written = on_s3_lake(
        "import pyarrow as pa, datetime\n"
        "t = catalog.load_table('" + table + "')\n"
        "with t.transaction() as tx:\n"
        "    tx.set_properties({'write.avro.compression-codec': '" + codec + "'})\n"
        "for n in (2, 4):\n"
        "    t = catalog.load_table('" + table + "')\n"
        "    t.append(pa.Table.from_pylist([{'customer_id': i, 'email': 'e', 'signed_up': datetime.date(2026, 1, 1)}\n"
        "        for i in range(n)], schema=t.schema().as_arrow()))\n"
        "t = catalog.load_table('" + table + "')\n"
        "print(json.dumps(sorted(f.file.file_path for f in t.scan().plan_files())))\n");
    json::value pyiceberg_files = json::parse(written);
    REQUIRE(pyiceberg_files.as_array().size() == 2);

    json::object loaded = catalog.ok("load_table", {{"identifier", table}});
    std::string data = std::string(loaded.at("metadata").at("location").as_string()) + "/data";
    json::object file = write_customers(data + "/floe.parquet", 7);
    json::object answer = catalog.ok(
        "commit_data_files",
        {{"tables", json::array{json::object{{"identifier", table}, {"schema_id", 0}, {"files", json::array{file}}}}},
         {"file_io", file_io()}});
    INFO(json::serialize(answer));
    CHECK(answer.at("tables").at(0).as_object().if_contains("deleted_files") != nullptr);
    CHECK(answer.at("tables").at(0).as_object().if_contains("deleted_files_unlisted") == nullptr);
    json::value seen = pyiceberg_view(table);
    CHECK(seen.at("rows") == 7);
    CHECK(seen.at("files") == json::array{file.at("path")});
    CHECK(seen.at("removed") == pyiceberg_files);
    CHECK(seen.at("summary").at("deleted-data-files") == "2");
    CHECK(seen.at("summary").at("deleted-records") == "6");
  }
}

TEST_CASE("catalog rest: commit_data_files over a table whose manifests floe cannot read (bzip2) still replaces its "
          "files, and says why they are not listed") {
  Catalog catalog("rest", {{"uri", s3_lake().catalog->uri()}});
  REQUIRE(catalog.opened().status == FLOE_OK);
  new_customers_table(catalog, "df_bzip2");
  // pyiceberg writes the table's manifests with the codec its property names.
  on_s3_lake(
      "import pyarrow as pa, datetime\n"
      "t = catalog.load_table('df_bzip2.customers')\n"
      "with t.transaction() as tx:\n"
      "    tx.set_properties({'write.avro.compression-codec': 'bzip2'})\n"
      "t = catalog.load_table('df_bzip2.customers')\n"
      "t.append(pa.Table.from_pylist([{'customer_id': 1, 'email': 'e', 'signed_up': datetime.date(2026, 1, 1)}],\n"
      "    schema=t.schema().as_arrow()))\n");
  json::object loaded = catalog.ok("load_table", {{"identifier", "df_bzip2.customers"}});
  std::string data = std::string(loaded.at("metadata").at("location").as_string()) + "/data";
  json::object file = write_customers(data + "/floe.parquet", 4);
  json::object answer = catalog.ok(
      "commit_data_files",
      {{"tables", json::array{json::object{{"identifier", "df_bzip2.customers"}, {"schema_id", 0},
                                           {"files", json::array{file}}}}},
       {"file_io", file_io()}});
  const json::object& table = answer.at("tables").at(0).as_object();
  CHECK_FALSE(table.contains("deleted_files"));
  REQUIRE(table.contains("deleted_files_unlisted"));
  CHECK(table.at("deleted_files_unlisted").as_string().find("codec 'bzip2'") != std::string::npos);
  json::value seen = pyiceberg_view("df_bzip2.customers");
  CHECK(seen.at("rows") == 4);
  CHECK(seen.at("files") == json::array{file.at("path")});
  CHECK(seen.at("removed") == json::array());
  CHECK(seen.at("summary").at("deleted-data-files") == "1");  // the parent's totals
}

TEST_CASE("catalog rest: commit_data_files gives the manifest each column's statistics from the file's Parquet "
          "footer, which pyiceberg reads and skips the file by; a file that is not Parquet or not as described is refused") {
  Catalog catalog("rest", {{"uri", s3_lake().catalog->uri()}});
  REQUIRE(catalog.opened().status == FLOE_OK);
  std::string data = new_lake_table(catalog, "df_stats", "typed", json::parse(R"json({"type": "struct", "fields": [
    {"id": 1, "name": "id", "required": true, "type": "long"},
    {"id": 2, "name": "name", "required": false, "type": "string"},
    {"id": 3, "name": "day", "required": false, "type": "date"},
    {"id": 4, "name": "amount", "required": false, "type": "decimal(10,2)"},
    {"id": 5, "name": "score", "required": false, "type": "double"},
    {"id": 6, "name": "active", "required": false, "type": "boolean"},
    {"id": 7, "name": "ts", "required": false, "type": "timestamp"},
    {"id": 8, "name": "ratio", "required": false, "type": "float"},
    {"id": 9, "name": "small", "required": false, "type": "int"},
    {"id": 10, "name": "blob", "required": false, "type": "binary"},
    {"id": 11, "name": "ts_tz", "required": false, "type": "timestamptz"},
    {"id": 12, "name": "dollars", "required": false, "type": "decimal(30,2)"}]})json"));
  // 3 row groups of 1,000 rows (each with its own bounds), nulls in every
  // nullable column, names longer than the 16 characters a bound keeps
  // (one ending in the largest ASCII character), negative decimals.
  const std::string path = data + "/typed.parquet";
  json::object file = json::parse(on_s3_lake(
      "con.execute(\"\"\"COPY (SELECT range::BIGINT AS id,\n"
      "  CASE WHEN range % 7 = 0 THEN NULL ELSE 'customer-' || lpad(range::VARCHAR, 12, '0') || 'ü' END AS name,\n"
      "  CASE WHEN range % 5 = 0 THEN NULL ELSE DATE '2026-01-01' + (range // 10)::INTEGER END AS day,\n"
      "  CASE WHEN range % 3 = 0 THEN NULL ELSE ((range - 1500) / 4)::DECIMAL(10,2) END AS amount,\n"
      "  CASE WHEN range % 11 = 0 THEN NULL ELSE (range * 1.5 - 10)::DOUBLE END AS score,\n"
      "  CASE WHEN range % 13 = 0 THEN NULL ELSE range % 2 = 0 END AS active,\n"
      "  TIMESTAMP '2026-01-01 00:00:00' + INTERVAL (range) SECOND AS ts,\n"
      "  CASE WHEN range % 4 = 0 THEN NULL ELSE (range / 8.0)::FLOAT END AS ratio,\n"
      "  (range - 100)::INTEGER AS small,\n"
      "  CASE WHEN range = 2999 THEN '\\\\xFF\\\\xFF'::BLOB ELSE ('b' || range)::BLOB END AS blob,\n"
      "  TIMESTAMPTZ '2026-01-01 00:00:00+00' + INTERVAL (range) MINUTE AS ts_tz,\n"
      "  (range * 1000000000000 - 7)::DECIMAL(30,2) AS dollars\n"
      "  FROM range(3000)) TO '" + path + "' (FORMAT parquet, ROW_GROUP_SIZE 1000, FIELD_IDS {id: 1, name: 2, day: 3,\n"
      "  amount: 4, score: 5, active: 6, ts: 7, ratio: 8, small: 9, blob: 10, ts_tz: 11, dollars: 12})\"\"\")\n"
      "n, size = con.execute(\"SELECT num_rows, file_size_bytes FROM parquet_file_metadata('" + path + "')\").fetchone()\n"
      "print(json.dumps({'path': '" + path + "', 'record_count': n, 'file_size_in_bytes': size}))\n")).as_object();
  REQUIRE(file.at("record_count") == 3000);

  auto commit = [&](json::object f) {
    return catalog.call("commit_data_files", {{"tables", json::array{json::object{{"identifier", "df_stats.typed"},
                                                                                   {"schema_id", 0},
                                                                                   {"files", json::array{f}}}}},
                                              {"file_io", file_io()}});
  };
  // A file that is not what the request says changes nothing.
  json::object fewer = file;
  fewer["record_count"] = 2999;
  auto refused = commit(fewer);
  CHECK(refused.status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(refused.body.find("has 3000 rows and") != std::string::npos);
  CHECK(refused.body.find("the request says 2999 rows") != std::string::npos);
  on_s3_lake("con.execute(\"COPY (SELECT 'not parquet' AS x) TO '" + data + "/text.csv' (FORMAT csv)\")\n");
  json::object text{{"path", data + "/text.csv"}, {"record_count", 2}, {"file_size_in_bytes", 14}};
  refused = commit(text);
  CHECK(refused.status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(refused.body.find("is not a Parquet file") != std::string::npos);
  CHECK(refused.body.find("PAR1") != std::string::npos);
  CHECK(pyiceberg_view("df_stats.typed").at("snapshots") == 0);

  auto committed = commit(file);
  INFO(committed.body);
  REQUIRE(committed.status == FLOE_OK);
  // pyiceberg's decoded view of the manifest entry against DuckDB's own
  // aggregates of the same file.
  json::value seen = json::parse(on_s3_lake(
      "import decimal, datetime\n"
      "t = catalog.load_table('df_stats.typed')\n"
      "entry = t.inspect.files().to_pylist()[0]\n"
      "def plain(v):\n"
      "    if isinstance(v, bytes): return v.hex()\n"
      "    if isinstance(v, (decimal.Decimal, datetime.date, datetime.datetime)): return str(v)\n"
      "    return v\n"
      "metrics = {c: {k: plain(v) for k, v in m.items()} for c, m in entry['readable_metrics'].items() if m}\n"
      "cols = ['id', 'name', 'day', 'amount', 'score', 'active', 'ts', 'ratio', 'small', 'blob', 'ts_tz', 'dollars']\n"
      "src = \"read_parquet('" + path + "')\"\n"
      "expected = {}\n"
      "for c in cols:\n"
      "    lo, hi, nulls, n = con.execute(f'SELECT min({c}), max({c}), count(*) - count({c}), count(*) FROM {src}').fetchone()\n"
      "    expected[c] = {'lower_bound': plain(lo), 'upper_bound': plain(hi), 'null_value_count': nulls, 'value_count': n}\n"
      "scan = lambda f: len(list(t.scan(row_filter=f).plan_files()))\n"
      "print(json.dumps({'metrics': metrics, 'expected': expected,\n"
      "  'sizes': {str(k): v for k, v in (entry['column_sizes'] or [])},\n"
      "  'rows': t.scan().to_arrow().num_rows,\n"
      "  'scans': [scan('id > 3000'), scan('id >= 2999'), scan('small < -100'), scan('small = -100'),\n"
      "            scan(\"day > '2026-12-31'\"), scan(\"name < 'customer'\"), scan(\"name = 'customer-000000000001ü'\"),\n"
      "            scan('score > 5000'), scan('amount < -400'), scan('dollars > 3000000000000000')]}))\n"));
  INFO(json::serialize(seen));
  CHECK(seen.at("rows") == 3000);
  const json::object& metrics = seen.at("metrics").as_object();
  const json::object& expected = seen.at("expected").as_object();
  for (const char* column : {"id", "day", "amount", "score", "active", "ts", "ratio", "small", "ts_tz", "dollars"}) {
    INFO(column);
    REQUIRE(metrics.contains(column));
    CHECK(metrics.at(column).at("lower_bound") == expected.at(column).at("lower_bound"));
    CHECK(metrics.at(column).at("upper_bound") == expected.at(column).at("upper_bound"));
    CHECK(metrics.at(column).at("null_value_count") == expected.at(column).at("null_value_count"));
    CHECK(metrics.at(column).at("value_count") == expected.at(column).at("value_count"));
  }
  // Strings and binaries: cut to 16 characters, the upper bound's last one
  // incremented ("customer-0000000" < every name < "customer-0000001").
  CHECK(metrics.at("name").at("lower_bound") == "customer-0000000");
  CHECK(metrics.at("name").at("upper_bound") == "customer-0000001");
  CHECK(metrics.at("name").at("null_value_count") == expected.at("name").at("null_value_count"));
  CHECK(metrics.at("blob").at("lower_bound") == "6230");  // "b0"
  CHECK(metrics.at("blob").at("upper_bound") == "ffff");  // two bytes: kept whole
  CHECK(seen.at("sizes").as_object().size() == 12);
  // Only filters the bounds cannot exclude plan the file.
  CHECK(seen.at("scans") == json::array{0, 1, 0, 1, 0, 0, 1, 0, 0, 0});
}

namespace {

// Python lines (for on_s3_lake) that print a Parquet file's entry for
// commit_data_files: its path, rows and size.
std::string print_file_entry(const std::string& path) {
  return "n, size = con.execute(\"SELECT num_rows, file_size_bytes FROM parquet_file_metadata('" + path +
         "')\").fetchone()\n"
         "print(json.dumps({'path': '" + path + "', 'record_count': n, 'file_size_in_bytes': size}))\n";
}

// commit_data_files of one file to one table.
Outcome commit_one_file(const Catalog& catalog, const std::string& identifier, const json::object& file) {
  return catalog.call("commit_data_files", {{"tables", json::array{json::object{{"identifier", identifier},
                                                                                {"schema_id", 0},
                                                                                {"files", json::array{file}}}}},
                                            {"file_io", file_io()}});
}

}  // namespace

TEST_CASE("catalog rest: commit_data_files with NaN and infinities in float columns: no bound is NaN, no NaN count "
          "is claimed, and no filter a row matches skips the file") {
  Catalog catalog("rest", {{"uri", s3_lake().catalog->uri()}});
  REQUIRE(catalog.opened().status == FLOE_OK);
  const std::string path = new_lake_table(catalog, "df_nan", "scores", json::parse(R"json({"type": "struct", "fields": [
    {"id": 1, "name": "id", "required": true, "type": "long"},
    {"id": 2, "name": "score", "required": false, "type": "double"},
    {"id": 3, "name": "ratio", "required": false, "type": "float"},
    {"id": 4, "name": "plain", "required": false, "type": "double"}]})json")) + "/nan.parquet";
  // DuckDB orders NaN above every number, so its footer's max of a column
  // holding one is NaN; Iceberg's bounds never are (spec: NaN is counted,
  // not bounded).
  json::object file = json::parse(on_s3_lake(
      "con.execute(\"\"\"COPY (SELECT * FROM (VALUES (1, 1.5::DOUBLE, 1.5::FLOAT, 2.0::DOUBLE),\n"
      "  (2, 'NaN'::DOUBLE, 'NaN'::FLOAT, 3.0::DOUBLE), (3, 100.0::DOUBLE, 100.0::FLOAT, NULL),\n"
      "  (4, NULL, NULL, 4.0::DOUBLE), (5, '-Infinity'::DOUBLE, '-Infinity'::FLOAT, 5.0::DOUBLE))\n"
      "  AS t(id, score, ratio, plain)) TO '" + path + "' (FORMAT parquet, FIELD_IDS {id: 1, score: 2, ratio: 3, plain: 4})\"\"\")\n"
      + print_file_entry(path))).as_object();
  REQUIRE(file.at("record_count") == 5);
  Outcome committed = commit_one_file(catalog, "df_nan.scores", file);
  INFO(committed.body);
  REQUIRE(committed.status == FLOE_OK);
  json::value seen = json::parse(on_s3_lake(
      "import math\n"
      "from pyiceberg.expressions import IsNaN, GreaterThan, LessThan, EqualTo\n"
      "t = catalog.load_table('df_nan.scores')\n"
      "entry = t.inspect.files().to_pylist()[0]\n"
      "def plain(v):\n"
      "    if isinstance(v, float) and math.isnan(v): return 'NaN'\n"
      "    if isinstance(v, float) and math.isinf(v): return 'inf' if v > 0 else '-inf'\n"
      "    return v\n"
      "metrics = {c: {k: plain(v) for k, v in m.items()} for c, m in entry['readable_metrics'].items() if m}\n"
      "scan = lambda f: len(list(t.scan(row_filter=f).plan_files()))\n"
      "print(json.dumps({'metrics': metrics, 'nan_counts': {str(k): v for k, v in (entry['nan_value_counts'] or [])},\n"
      "  'rows': t.scan().to_arrow().num_rows,\n"
      "  'scans': [scan(IsNaN('score')), scan(IsNaN('ratio')), scan(GreaterThan('score', 50.0)),\n"
      "            scan(GreaterThan('ratio', 50.0)), scan(LessThan('score', -1e300)), scan(EqualTo('score', 1.5)),\n"
      "            scan(GreaterThan('plain', 5.0)), scan(LessThan('plain', 2.0))]}))\n"));
  INFO(json::serialize(seen));
  CHECK(seen.at("rows") == 5);
  const json::object& metrics = seen.at("metrics").as_object();
  for (const char* column : {"score", "ratio"}) {
    INFO(column);
    REQUIRE(metrics.contains(column));
    const json::object& m = metrics.at(column).as_object();
    // Counted: five values, one null; bounded: never by NaN.
    CHECK(m.at("value_count") == 5);
    CHECK(m.at("null_value_count") == 1);
    for (const char* bound : {"lower_bound", "upper_bound"})
      if (const json::value* b = m.if_contains(bound); b != nullptr) CHECK(*b != "NaN");
  }
  // No NaN count is written (DuckDB's footer does not give it), so none
  // claims 0 for a column that holds a NaN.
  CHECK(seen.at("nan_counts").as_object().empty());
  // A column without NaN keeps exact bounds, and filters they exclude skip.
  CHECK(metrics.at("plain").at("lower_bound") == 2.0);
  CHECK(metrics.at("plain").at("upper_bound") == 5.0);
  // Every filter some row matches plans the file: the NaN rows, 100.0 above
  // 50, -inf below -1e300, 1.5; then the two that `plain`'s bounds exclude.
  CHECK(seen.at("scans") == json::array{1, 1, 1, 1, 1, 1, 0, 0});
}

TEST_CASE("catalog rest: commit_data_files gives a struct's fields statistics as top-level columns get them, a "
          "list's element none, and pyiceberg skips the file by a struct field's bounds") {
  Catalog catalog("rest", {{"uri", s3_lake().catalog->uri()}});
  REQUIRE(catalog.opened().status == FLOE_OK);
  const std::string path = new_lake_table(catalog, "df_nested", "people", json::parse(R"json({"type": "struct", "fields": [
    {"id": 1, "name": "id", "required": true, "type": "long"},
    {"id": 2, "name": "address", "required": false, "type": {"type": "struct", "fields": [
      {"id": 3, "name": "city", "required": false, "type": "string"},
      {"id": 4, "name": "zip", "required": false, "type": "int"}]}},
    {"id": 5, "name": "tags", "required": false, "type": {"type": "list", "element-id": 6,
      "element": "string", "element-required": false}}]})json")) + "/people.parquet";
  // A null struct in one row, a null field in another; the field ids the
  // catalog gave the table (it numbers nested fields after the top-level
  // ones), as floe's write_data_files macro writes them.
  json::object file = json::parse(on_s3_lake(
      "s = catalog.load_table('df_nested.people').schema()\n"
      "i = lambda name: s.find_field(name).field_id\n"
      "ids = (f\"{{id: {i('id')}, address: {{__duckdb_field_id: {i('address')}, city: {i('address.city')}, \"\n"
      "       f\"zip: {i('address.zip')}}}, tags: {{__duckdb_field_id: {i('tags')}, element: {i('tags.element')}}}}}\")\n"
      "con.execute(\"\"\"COPY (SELECT range::BIGINT AS id,\n"
      "  CASE WHEN range = 3 THEN NULL ELSE {'city': CASE WHEN range = 5 THEN NULL ELSE 'city-' || range END,\n"
      "    'zip': (10000 + range)::INTEGER} END AS address,\n"
      "  ['t' || range, 'u'] AS tags FROM range(10)) TO '" + path + "' (FORMAT parquet, FIELD_IDS \"\"\" + ids + \")\")\n"
      "n, size = con.execute(\"SELECT num_rows, file_size_bytes FROM parquet_file_metadata('" + path + "')\").fetchone()\n"
      "print(json.dumps({'path': '" + path + "', 'record_count': n, 'file_size_in_bytes': size,\n"
      "  'ids': [i('id'), i('address.city'), i('address.zip')]}))\n")).as_object();
  const json::value field_ids = file.at("ids");
  file.erase("ids");
  REQUIRE(file.at("record_count") == 10);
  Outcome committed = commit_one_file(catalog, "df_nested.people", file);
  INFO(committed.body);
  REQUIRE(committed.status == FLOE_OK);
  json::value seen = json::parse(on_s3_lake(
      "t = catalog.load_table('df_nested.people')\n"
      "entry = t.inspect.files().to_pylist()[0]\n"
      "from pyiceberg.conversions import from_bytes\n"
      "df = t.current_snapshot().manifests(t.io)[0].fetch_manifest_entry(t.io)[0].data_file\n"
      "def decoded(name):\n"
      "    f = t.schema().find_field(name)\n"
      "    bound = lambda b: from_bytes(f.field_type, b[f.field_id]) if f.field_id in (b or {}) else None\n"
      "    return {'lower_bound': bound(df.lower_bounds), 'upper_bound': bound(df.upper_bounds),\n"
      "            'null_value_count': df.null_value_counts.get(f.field_id), 'value_count': df.value_counts.get(f.field_id)}\n"
      "metrics = {name: decoded(name) for name in ('address.city', 'address.zip')}\n"
      "src = \"read_parquet('" + path + "')\"\n"
      "lo_c, hi_c, nulls_c, lo_z, hi_z, nulls_z = con.execute(f'SELECT min(address.city), max(address.city), "
      "count(*) - count(address.city), min(address.zip), max(address.zip), count(*) - count(address.zip) FROM {src}').fetchone()\n"
      "scan = lambda f: len(list(t.scan(row_filter=f).plan_files()))\n"
      "print(json.dumps({'metrics': metrics, 'ids': sorted(k for k, _ in (entry['value_counts'] or [])),\n"
      "  'bounded': sorted(k for k, _ in (entry['lower_bounds'] or [])),\n"
      "  'rows': t.scan().to_arrow().to_pylist()[3:6],\n"
      "  'expected': {'address.city': [lo_c, hi_c, nulls_c], 'address.zip': [lo_z, hi_z, nulls_z]},\n"
      "  'scans': [scan('address.zip > 10009'), scan('address.zip = 10004'), scan(\"address.city < 'city-0'\"),\n"
      "            scan(\"address.city = 'city-9'\")]}))\n"));
  INFO(json::serialize(seen));
  // Read back whole: the null struct, the null field.
  CHECK(seen.at("rows") == json::parse(R"([{"id": 3, "address": null, "tags": ["t3", "u"]},
    {"id": 4, "address": {"city": "city-4", "zip": 10004}, "tags": ["t4", "u"]},
    {"id": 5, "address": {"city": null, "zip": 10005}, "tags": ["t5", "u"]}])"));
  // pyiceberg's readable_metrics lists top-level columns only: the struct's
  // fields' entries are decoded from the manifest by id above.
  // Counts and bounds for id and both struct fields; the list's element none.
  CHECK(seen.at("ids") == field_ids);
  CHECK(seen.at("bounded") == field_ids);
  const json::object& metrics = seen.at("metrics").as_object();
  for (const char* field : {"address.city", "address.zip"}) {
    INFO(field);
    REQUIRE(metrics.contains(field));
    const json::array& expected = seen.at("expected").at(field).as_array();
    CHECK(metrics.at(field).at("lower_bound") == expected.at(0));
    CHECK(metrics.at(field).at("upper_bound") == expected.at(1));
    CHECK(metrics.at(field).at("null_value_count") == expected.at(2));  // the null struct's row counts
    CHECK(metrics.at(field).at("value_count") == 10);
  }
  CHECK(seen.at("scans") == json::array{0, 1, 0, 1});
}

namespace {

// Where the S3 lake keeps an s3://lake/... object on disk (versitygw's posix backend).
std::filesystem::path lake_file(const json::value& uri) {
  std::string path(uri.as_string());
  REQUIRE(path.rfind("s3://lake/", 0) == 0);
  return std::filesystem::path(s3_lake().store->bucket_dir("lake")) / path.substr(std::string("s3://lake/").size());
}

}  // namespace

TEST_CASE("catalog rest: commit_data_files and expire_snapshots with a FileIO without keys go through the keys the "
          "catalog vends with each table, the grant for its location over the table config") {
  Catalog catalog("rest", {{"uri", s3_lake().catalog->uri()}});
  REQUIRE(catalog.opened().status == FLOE_OK);
  std::string data = new_lake_table(catalog, "df_vended", "customers", kSchema);
  json::object file = write_customers(data + "/vended.parquet", 4);
  // The storage names its endpoint and no keys (credentials.mode
  // vended_credentials); the catalog is not told to ask for credentials.
  json::object keyless{{"properties", {{"s3.endpoint", s3_lake().store->endpoint()}, {"s3.region", "us-east-1"},
                                       {"s3.path-style-access", "true"}}}};
  auto commit_through = [&](const std::string& grant_prefix, const char* operation = "commit_data_files",
                            json::object request = {}) {
    // As Polaris answers a load that asks for credentials: keys in the
    // table config (here a decoy the store refuses) and a storage grant
    // for a prefix (here the store's own keys).
    IcebergFaultScenario scenario;
    scenario.vend_credentials = true;
    scenario.vended_key_id = floe::test::S3Server::access_key();
    scenario.vended_secret = floe::test::S3Server::secret_key();
    scenario.vended_session_token = false;
    scenario.vended_prefix = grant_prefix;
    scenario.vended_config = {{"s3.access-key-id", "AKIAFLOEDECOY"}, {"s3.secret-access-key", "decoy-secret-77c1"}};
    scenario.serialize_upstream = true;
    auto proxy = IcebergFaultProxy::start(*s3_lake().catalog, scenario);
    Catalog through("rest", {{"uri", proxy->uri()}});
    REQUIRE(through.opened().status == FLOE_OK);
    if (request.empty())
      request = {{"tables", json::array{json::object{{"identifier", "df_vended.customers"}, {"schema_id", 0},
                                                     {"files", json::array{file}}}}}};
    request["file_io"] = keyless;
    auto outcome = through.call(operation, std::move(request));
    bool asked = false;
    for (const auto& r : proxy->requests())
      if (r.delegation.find("vended-credentials") != std::string::npos) asked = true;
    CHECK(asked);
    CHECK(outcome.body.find("decoy-secret-77c1") == std::string::npos);
    CHECK(outcome.body.find(floe::test::S3Server::secret_key()) == std::string::npos);
    return outcome;
  };
  // A grant for another bucket does not cover the table: the config's
  // (decoy) keys are used, the store refuses them, nothing is committed.
  auto refused = commit_through("s3://other-bucket/");
  INFO(refused.body);
  CHECK(refused.status == FLOE_ERR_UNAVAILABLE);
  CHECK(refused.body.find("answered HTTP 4") != std::string::npos);  // versitygw: 404 XAdminUserNotFound
  CHECK(refused.body.find("no table changed") != std::string::npos);
  CHECK(pyiceberg_view("df_vended.customers").at("snapshots") == 0);
  // Without any vended keys the requests go unsigned and are refused too.
  auto unsigned_ = catalog.call(
      "commit_data_files", {{"tables", json::array{json::object{{"identifier", "df_vended.customers"}, {"schema_id", 0},
                                                                {"files", json::array{file}}}}},
                            {"file_io", keyless}});
  CHECK(unsigned_.status == FLOE_ERR_UNAVAILABLE);
  CHECK(pyiceberg_view("df_vended.customers").at("snapshots") == 0);
  // The grant for the table's bucket wins over the config's keys.
  auto committed = commit_through("s3://lake/");
  INFO(committed.body);
  REQUIRE(committed.status == FLOE_OK);
  json::value seen = pyiceberg_view("df_vended.customers");
  CHECK(seen.at("rows") == 4);
  CHECK(seen.at("files") == json::array{file.at("path")});

  // Snapshot expiry deletes the files it frees with the vended keys too.
  file = write_customers(data + "/vended-2.parquet", 2);
  REQUIRE(commit_through("s3://lake/").status == FLOE_OK);
  auto expired = commit_through("s3://lake/", "expire_snapshots",
                                {{"identifier", "df_vended.customers"}, {"retention_days", 0}, {"keep_last", 1}});
  INFO(expired.body);
  REQUIRE(expired.status == FLOE_OK);
  json::value files = json::parse(expired.body).at("files");
  CHECK(files.at("deleted").as_int64() >= 2);  // the first file and the first snapshot's manifest list, at least
  CHECK(!files.as_object().contains("failed"));
  CHECK_FALSE(std::filesystem::exists(lake_file(json::string(data + "/vended.parquet"))));
  CHECK(std::filesystem::exists(lake_file(file.at("path"))));
  CHECK(pyiceberg_view("df_vended.customers").at("rows") == 2);
}

TEST_CASE("catalog rest: expire_snapshots with file_io deletes the files no remaining snapshot references (pyiceberg's "
          "appends, floe's overwrite), never one the table still reads, and a dry run only lists them") {
  ::setenv("FLOE_TEST_DF_KEY", floe::test::S3Server::access_key(), 1);
  ::setenv("FLOE_TEST_DF_SECRET", floe::test::S3Server::secret_key(), 1);
  Catalog catalog("rest", {{"uri", s3_lake().catalog->uri()}});
  REQUIRE(catalog.opened().status == FLOE_OK);
  catalog.ok("create_namespace", {{"namespace", "dx"}});
  catalog.ok("create_table", {{"identifier", "dx.orders"}, {"schema", kSchema}});
  // Two fast appends by pyiceberg: the second snapshot's manifest list
  // carries the first's manifest over, so both files stay live.
  json::value appended = json::parse(on_s3_lake(
      "import pyarrow as pa, datetime\n"
      "for n in (2, 4):\n"
      "    t = catalog.load_table('dx.orders')\n"
      "    t.append(pa.Table.from_pylist([{'customer_id': i, 'email': 'e', 'signed_up': datetime.date(2026, 1, 1)}\n"
      "        for i in range(n)], schema=t.schema().as_arrow()))\n"
      "t = catalog.load_table('dx.orders')\n"
      "print(json.dumps({'files': sorted(f.file.file_path for f in t.scan().plan_files()),\n"
      "                  'lists': [s.manifest_list for s in t.snapshots()]}))\n"));
  const json::array& appended_files = appended.at("files").as_array();
  REQUIRE(appended_files.size() == 2);
  auto expire = [&](bool dry_run, bool with_files = true) {
    json::object request{{"identifier", "dx.orders"}, {"retention_days", 0}, {"keep_last", 1}, {"dry_run", dry_run}};
    if (with_files) request["file_io"] = file_io();
    return catalog.ok("expire_snapshots", std::move(request));
  };

  // Expiring the first append frees its manifest list only.
  json::object first = expire(false);
  INFO(json::serialize(first));
  CHECK(first.at("plan").at("remove").as_array().size() == 1);
  CHECK(first.at("files").at("planned") ==
        json::object{{"data_files", 0}, {"delete_files", 0}, {"manifests", 0}, {"manifest_lists", 1}});
  CHECK(first.at("files").at("deleted") == 1);
  CHECK_FALSE(std::filesystem::exists(lake_file(appended.at("lists").at(0))));
  for (const auto& f : appended_files) CHECK(std::filesystem::exists(lake_file(f)));
  CHECK(pyiceberg_view("dx.orders").at("rows") == 6);

  // floe replaces both files; a dry run lists them and deletes nothing.
  json::object loaded = catalog.ok("load_table", {{"identifier", "dx.orders"}});
  std::string data = std::string(loaded.at("metadata").at("location").as_string()) + "/data";
  json::object file = write_customers(data + "/floe.parquet", 7);
  catalog.ok("commit_data_files",
             {{"tables", json::array{json::object{{"identifier", "dx.orders"}, {"schema_id", 0},
                                                  {"files", json::array{file}}}}},
              {"file_io", file_io()}});
  json::object dry = expire(true);
  INFO(json::serialize(dry));
  CHECK(dry.at("committed") == false);
  CHECK(dry.at("files").at("planned").at("data_files") == 2);
  CHECK(dry.at("files").at("planned").at("manifest_lists") == 1);
  CHECK(dry.at("files").at("deleted") == 0);
  for (const auto& f : appended_files) {
    CHECK(std::find(dry.at("files").at("paths").as_array().begin(), dry.at("files").at("paths").as_array().end(), f) !=
          dry.at("files").at("paths").as_array().end());
    CHECK(std::filesystem::exists(lake_file(f)));
  }

  // Without file_io (a host older than ABI 1.6): the snapshots only.
  CHECK_FALSE(expire(true, false).contains("files"));

  // The expiry: pyiceberg's two files, their manifests and the manifest
  // list leave the store; floe's file and its snapshot's metadata stay.
  json::object second = expire(false);
  INFO(json::serialize(second));
  const json::object& planned = second.at("files").at("planned").as_object();
  CHECK(planned.at("data_files") == 2);
  CHECK(planned.at("delete_files") == 0);
  CHECK(planned.at("manifests").as_int64() >= 2);
  CHECK(planned.at("manifest_lists") == 1);
  CHECK(second.at("files").at("deleted").as_int64() ==
        planned.at("data_files").as_int64() + planned.at("manifests").as_int64() + 1);
  CHECK_FALSE(second.at("files").as_object().contains("failed"));
  for (const auto& f : appended_files) CHECK_FALSE(std::filesystem::exists(lake_file(f)));
  CHECK(std::filesystem::exists(lake_file(file.at("path"))));
  json::value seen = pyiceberg_view("dx.orders");
  CHECK(seen.at("rows") == 7);
  CHECK(seen.at("snapshots") == 1);
  CHECK(seen.at("files") == json::array{file.at("path")});

  // Nothing left to expire: nothing planned.
  json::object third = expire(false);
  CHECK(third.at("committed") == false);
  CHECK(third.at("files").at("deleted") == 0);

  // A FileIO whose secret is not set: refused before anything is committed.
  auto refused = catalog.call("expire_snapshots", {{"identifier", "dx.orders"}, {"retention_days", 0},
                                                   {"file_io", file_io("FLOE_TEST_DX_UNSET")}});
  CHECK(refused.status == FLOE_ERR_NOT_FOUND);
  CHECK(pyiceberg_view("dx.orders").at("rows") == 7);
}
