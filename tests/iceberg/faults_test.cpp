// Faults between the client and the catalog, injected by
// tests/iceberg/iceberg_fault_proxy.py in front of the real REST fixture:
// a catalog that is down, 5xx, an expired token refreshed once, 401 for
// good, 403, a slow catalog hitting the timeout, malformed metadata, vended
// credentials. No secret appears in any error or log line.
#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <thread>

#include "catalog_support.hpp"
#include "iceberg/catalog_client.hpp"

using namespace floe::iceberg;
using floe::test::error_of;
using floe::test::IcebergFaultProxy;
using floe::test::IcebergFaultScenario;
using floe::test::IcebergRestServer;
using floe::test::options_for;
using floe::test::simple_schema;
using floe::test::unique_name;

namespace {

constexpr const char* kClientId = "floe-ci-principal";
constexpr const char* kSecret = "s3cr3t-client-secret-7f2a";
constexpr const char* kVended = "vended-secret-8c1f0e";

IcebergRestServer& server() { return IcebergRestServer::shared(); }

// Every log line and error message of the program, checked for secrets at the end.
struct Seen {
  std::mutex mutex;
  std::vector<std::string> text;
  void add(std::string_view s) {
    std::lock_guard<std::mutex> lock(mutex);
    text.emplace_back(s);
  }
};
Seen& seen() {
  static Seen s;
  return s;
}

ClientOptions oauth_options(const std::string& uri) {
  ClientOptions o = options_for(uri);
  o.client_id = kClientId;
  o.client_secret = kSecret;
  o.log = [](std::string_view line) { seen().add(line); };
  return o;
}

Error failure(const std::function<void()>& f) {
  Error e = error_of(f);
  seen().add(e.what());
  seen().add(e.info().catalog_message);
  seen().add(e.info().detail);
  return e;
}

// A snapshot committed straight into the metadata (its manifest list is
// never read by the catalog): a table with history, fast.
void add_snapshot(RestCatalog& catalog, const TableIdentifier& id, int64_t snapshot_id) {
  // The catalog refuses snapshots older than its metadata log: now it is.
  int64_t ts = std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch()).count();
  LoadTableResult t = catalog.load_table(id);
  boost::json::object snap{{"snapshot-id", snapshot_id},
                           {"sequence-number", t.metadata.last_sequence_number + 1},
                           {"timestamp-ms", ts},
                           {"manifest-list", t.metadata.location + "/metadata/snap-" + std::to_string(snapshot_id) + ".avro"},
                           {"schema-id", t.metadata.current_schema_id},
                           {"summary", {{"operation", "append"}}}};
  if (t.metadata.current_snapshot_id) snap["parent-snapshot-id"] = *t.metadata.current_snapshot_id;
  CommitRequest req;
  req.requirements.push_back(requirement::ref_snapshot_id("main", t.metadata.current_snapshot_id));
  req.updates.push_back({{"action", "add-snapshot"}, {"snapshot", snap}});
  SnapshotRef main;
  main.name = "main";
  main.snapshot_id = snapshot_id;
  req.updates.push_back(update::set_snapshot_ref(main));
  catalog.commit_table(id, req);
}

}  // namespace

TEST_CASE("faults: a catalog that is down says which URI, within the connect timeout") {
  int port = floe::test::free_port();
  ClientOptions o = oauth_options("http://127.0.0.1:" + std::to_string(port));
  o.connect_timeout = std::chrono::milliseconds(1000);
  RestCatalog catalog(o);
  auto start = std::chrono::steady_clock::now();
  Error e = failure([&] { catalog.list_namespaces(); });
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  CHECK(e.kind() == ErrorKind::unavailable);
  // The token endpoint is the first thing contacted.
  CHECK_THAT(e.what(), Catch::Contains("http://127.0.0.1:" + std::to_string(port) + "/v1/oauth/tokens"));
  CHECK_THAT(e.what(), Catch::Contains("could not be reached"));

  RestCatalog anonymous(options_for("http://127.0.0.1:" + std::to_string(port)));
  Error e2 = failure([&] { anonymous.load_table({{"a"}, "t"}); });
  CHECK(e2.kind() == ErrorKind::unavailable);
  CHECK(e2.info().uri == "http://127.0.0.1:" + std::to_string(port) + "/v1/config");
}

TEST_CASE("faults: a 5xx names the status, the catalog's error, the operation and the URI") {
  IcebergFaultScenario s;
  s.match = "/namespaces";
  s.fail_first = 1;
  s.fail_status = 503;
  auto proxy = IcebergFaultProxy::start(server(), s);
  RestCatalog catalog(options_for(proxy->uri()));
  Error e = failure([&] { catalog.list_namespaces(); });
  CHECK(e.kind() == ErrorKind::server);
  CHECK(e.info().http_status == 503);
  CHECK(e.info().catalog_type == "ServiceFailureException");
  CHECK_THAT(e.what(), Catch::Contains("list namespaces") && Catch::Contains("HTTP 503") &&
                           Catch::Contains(proxy->uri() + "/v1/namespaces"));
  CHECK_NOTHROW(catalog.list_namespaces());  // the fault was once

  // A 500 on a commit: the state is unknown, it is not retried.
  IcebergFaultScenario c;
  c.match = "/tables/t";
  auto commit_proxy = IcebergFaultProxy::start(server(), c);
  RestCatalog direct(options_for(server().uri()));
  std::string ns = unique_name("floe_faults");
  direct.create_namespace({ns});
  CreateTableRequest req;
  req.name = "t";
  req.schema = simple_schema();
  direct.create_table({ns}, req);
  c.fail_first = 1;
  c.fail_status = 502;
  c.match = "/namespaces/" + ns + "/tables/t";
  auto failing = IcebergFaultProxy::start(server(), c);
  RestCatalog via(options_for(failing->uri()));
  CommitRequest commit;
  commit.updates.push_back(update::set_properties({{"x", "1"}}));
  Error unknown = failure([&] { via.commit_table({{ns}, "t"}, commit); });
  CHECK(unknown.kind() == ErrorKind::commit_state_unknown);
  CHECK_THAT(unknown.what(), Catch::Contains("may or may not have been applied"));
}

TEST_CASE("faults: an expired token is refreshed once and the request repeated") {
  IcebergFaultScenario s;
  s.client_id = kClientId;
  s.client_secret = kSecret;
  s.revoke_first_tokens = 1;  // the first token is refused on first use
  auto proxy = IcebergFaultProxy::start(server(), s);
  RestCatalog catalog(oauth_options(proxy->uri()));
  std::string ns = unique_name("floe_oauth");
  CHECK_NOTHROW(catalog.create_namespace({ns}));
  CHECK(catalog.namespace_exists({ns}));
  CHECK(proxy->token_requests() == 2);
  int unauthorized = 0;
  for (const auto& r : proxy->requests()) {
    if (r.status == 401) ++unauthorized;
    if (r.path.find("/oauth/tokens") == std::string::npos) CHECK(r.authorization);
  }
  CHECK(unauthorized == 1);

  // A token that expires (expires_in 1 s) is refreshed before use, no 401.
  IcebergFaultScenario short_lived = s;
  short_lived.revoke_first_tokens = 0;
  short_lived.token_expires_in = 1;
  auto proxy2 = IcebergFaultProxy::start(server(), short_lived);
  RestCatalog refreshing(oauth_options(proxy2->uri()));
  refreshing.namespace_exists({ns});
  CHECK(proxy2->token_requests() == 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  refreshing.namespace_exists({ns});
  CHECK(proxy2->token_requests() == 2);
  for (const auto& r : proxy2->requests()) CHECK(r.status != 401);
}

TEST_CASE("faults: a token with a CR LF from the token endpoint is refused, never sent as a header") {
  IcebergFaultScenario s;
  s.client_id = kClientId;
  s.client_secret = kSecret;
  s.inject_into_token = true;
  auto proxy = IcebergFaultProxy::start(server(), s);
  RestCatalog catalog(oauth_options(proxy->uri()));
  Error e = failure([&] { catalog.list_namespaces(); });
  CHECK(e.kind() == ErrorKind::malformed);
  CHECK_THAT(e.what(), Catch::Contains("characters a header cannot carry"));
  CHECK(proxy->token_requests() == 1);
  for (const auto& r : proxy->requests()) CHECK(r.path.find("/oauth/tokens") != std::string::npos);  // no catalog call
}

TEST_CASE("faults: an endless answer is cut at max_response_bytes, not buffered until the machine swaps") {
  IcebergFaultScenario s;
  s.match = "/v1/config";
  s.endless_body = true;
  auto proxy = IcebergFaultProxy::start(server(), s);
  ClientOptions o = options_for(proxy->uri());
  o.max_response_bytes = 1u << 20;
  RestCatalog catalog(o);
  auto started = std::chrono::steady_clock::now();
  Error e = failure([&] { catalog.list_namespaces(); });
  CHECK(e.kind() == ErrorKind::malformed);
  CHECK_THAT(e.what(), Catch::Contains("larger than 1048576 bytes") && Catch::Contains("max_response_bytes"));
  // Stopped at the limit: well inside the request timeout, which an
  // unbounded read would run into (or the memory first).
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));

  // The default limit holds too (64 MiB, then the same refusal).
  RestCatalog by_default(options_for(proxy->uri()));
  Error d = failure([&] { by_default.list_namespaces(); });
  CHECK(d.kind() == ErrorKind::malformed);
  CHECK_THAT(d.what(), Catch::Contains("larger than 67108864 bytes"));
}

TEST_CASE("faults: a 401 after the refresh fails clearly, naming the principal, and wrong credentials too") {
  IcebergFaultScenario s;
  s.client_id = kClientId;
  s.client_secret = kSecret;
  s.always_401 = true;
  auto proxy = IcebergFaultProxy::start(server(), s);
  RestCatalog catalog(oauth_options(proxy->uri()));
  Error e = failure([&] { catalog.list_namespaces(); });
  CHECK(e.kind() == ErrorKind::unauthorized);
  CHECK(e.info().http_status == 401);
  CHECK_THAT(e.what(), Catch::Contains("rejected again after a token refresh") && Catch::Contains(kClientId));
  CHECK(proxy->token_requests() == 2);  // one refresh, not a loop

  IcebergFaultScenario good;
  good.client_id = kClientId;
  good.client_secret = "the-right-secret-9911";
  auto proxy2 = IcebergFaultProxy::start(server(), good);
  RestCatalog wrong(oauth_options(proxy2->uri()));  // sends kSecret
  Error w = failure([&] { wrong.list_namespaces(); });
  CHECK(w.kind() == ErrorKind::unauthorized);
  CHECK_THAT(w.what(), Catch::Contains("invalid_client") && Catch::Contains(kClientId) &&
                           Catch::Contains(proxy2->uri() + "/v1/oauth/tokens"));
}

TEST_CASE("faults: the token comes from oauth2_server_uri or the oauth2-server-uri property, with the scope asked for") {
  IcebergFaultScenario s;
  s.client_id = kClientId;
  s.client_secret = kSecret;
  s.require_scope = "PRINCIPAL_ROLE:ALL";
  auto proxy = IcebergFaultProxy::start(server(), s);
  const std::string idp = proxy->uri() + "/realms/floe/protocol/openid-connect/token";
  ClientOptions o = oauth_options(proxy->uri());
  o.oauth2_server_uri = idp;
  o.scope = "PRINCIPAL_ROLE:ALL";
  RestCatalog catalog(o);
  CHECK_NOTHROW(catalog.list_namespaces());
  ClientOptions p = oauth_options(proxy->uri());
  p.properties = {{"oauth2-server-uri", idp}};
  p.scope = "PRINCIPAL_ROLE:ALL";
  RestCatalog by_property(p);
  CHECK_NOTHROW(by_property.list_namespaces());
  int at_idp = 0, at_default = 0;
  for (const auto& r : proxy->requests()) {
    if (r.path == "/realms/floe/protocol/openid-connect/token") ++at_idp;
    if (r.path == "/v1/oauth/tokens") ++at_default;
  }
  CHECK(at_idp == 2);
  CHECK(at_default == 0);

  ClientOptions wrong = o;
  wrong.scope = "catalog";
  RestCatalog unscoped(wrong);
  Error e = failure([&] { unscoped.list_namespaces(); });
  CHECK(e.kind() == ErrorKind::unauthorized);
  CHECK_THAT(e.what(), Catch::Contains("invalid_scope") && Catch::Contains(idp));
}

TEST_CASE("faults: one client used from several threads, its token refreshed under them") {
  IcebergFaultScenario s;
  s.client_id = kClientId;
  s.client_secret = kSecret;
  s.token_expires_in = 1;
  auto proxy = IcebergFaultProxy::start(server(), s);
  RestCatalog catalog(oauth_options(proxy->uri()));
  std::string ns = unique_name("floe_threads");
  catalog.create_namespace({ns});
  // Concurrent requests reach the fixture, which keeps one JDBC connection
  // (a second one to its in-memory SQLite would be an empty database and
  // fail with HTTP 500 UncheckedSQLException: counted apart, expected 0).
  std::atomic<int> failures{0}, fixture_sql{0}, ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 15; ++i) {
        try {
          catalog.load_namespace({ns});
          ++ok;
        } catch (const Error& e) {
          if (e.kind() == ErrorKind::server && e.info().catalog_type == "UncheckedSQLException") {
            ++fixture_sql;
            continue;
          }
          if (++failures == 1) std::fprintf(stderr, "thread failure: %s\n", e.what());
        } catch (const std::exception& e) {
          if (++failures == 1) std::fprintf(stderr, "thread failure: %s\n", e.what());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    });
  for (auto& t : threads) t.join();
  CHECK(failures == 0);
  CHECK(ok == 60 - fixture_sql);
  CHECK(fixture_sql == 0);
  WARN("fixture SQLite failures under concurrency (not the client's): " << fixture_sql);
  CHECK(proxy->token_requests() >= 2);  // the 1 s token was refreshed on the way
  catalog.drop_namespace({ns});
}

TEST_CASE("faults: a 403 names the principal and the namespace") {
  IcebergFaultScenario s;
  s.client_id = kClientId;
  s.client_secret = kSecret;
  s.forbid_match = "/namespaces/restricted";
  auto proxy = IcebergFaultProxy::start(server(), s);
  RestCatalog catalog(oauth_options(proxy->uri()));
  Error e = failure([&] { catalog.list_tables({"restricted"}); });
  CHECK(e.kind() == ErrorKind::forbidden);
  CHECK(e.info().http_status == 403);
  CHECK_THAT(e.what(), Catch::Contains("principal (client id) '" + std::string(kClientId) + "'") &&
                           Catch::Contains("namespace 'restricted'") && Catch::Contains("list tables restricted"));
}

TEST_CASE("faults: a slow catalog hits the request timeout, which names the URI") {
  IcebergFaultScenario s;
  s.match = "/namespaces";
  s.delay_s = 3;
  auto proxy = IcebergFaultProxy::start(server(), s);
  ClientOptions o = options_for(proxy->uri());
  o.request_timeout = std::chrono::milliseconds(800);
  RestCatalog catalog(o);
  catalog.connect();  // /v1/config is not slowed
  auto start = std::chrono::steady_clock::now();
  Error e = failure([&] { catalog.list_namespaces(); });
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(2500));
  CHECK(e.kind() == ErrorKind::timeout);
  CHECK_THAT(e.what(), Catch::Contains("did not answer in time") && Catch::Contains(proxy->uri() + "/v1/namespaces") &&
                           Catch::Contains("800 ms"));
}

TEST_CASE("faults: malformed metadata from the catalog is an error located in the response, vended credentials pass through unlogged") {
  RestCatalog direct(options_for(server().uri()));
  std::string ns = unique_name("floe_malformed");
  direct.create_namespace({ns});
  CreateTableRequest req;
  req.name = "t";
  req.schema = simple_schema();
  direct.create_table({ns}, req);
  TableIdentifier id{{ns}, "t"};
  add_snapshot(direct, id, 101);
  add_snapshot(direct, id, 102);

  IcebergFaultScenario s;
  s.client_id = kClientId;
  s.client_secret = kSecret;
  s.vend_credentials = true;
  s.vended_secret = kVended;
  auto proxy = IcebergFaultProxy::start(server(), s);
  RestCatalog catalog(oauth_options(proxy->uri()));
  LoadTableResult t = catalog.load_table(id);
  CHECK(t.metadata.snapshots.size() == 2);
  CHECK(t.config.at("s3.secret-access-key") == kVended);  // passed on
  REQUIRE(t.storage_credentials.size() == 1);
  CHECK(t.storage_credentials[0].config.at("s3.secret-access-key") == kVended);
  bool asked = false;
  for (const auto& r : proxy->requests())
    if (r.method == "GET" && r.path.find("/tables/t") != std::string::npos) asked = r.delegation == "vended-credentials";
  CHECK(asked);

  s.corrupt_metadata = true;
  auto corrupt = IcebergFaultProxy::start(server(), s);
  RestCatalog reader(oauth_options(corrupt->uri()));
  Error e = failure([&] { reader.load_table(id); });
  CHECK(e.kind() == ErrorKind::malformed);
  CHECK(e.info().location == "/metadata/snapshots/0/timestamp-ms");
  CHECK_THAT(e.what(), Catch::Contains("load table " + ns + ".t") && Catch::Contains("expected an integer, got string") &&
                           Catch::Contains("/metadata/snapshots/0/timestamp-ms"));
}

TEST_CASE("faults: no secret (client secret, token, vended credentials) in any error or log line") {
  // Runs last (Catch runs cases in declaration order): checks what the cases above saw.
  IcebergFaultScenario s;
  s.client_id = kClientId;
  s.client_secret = kSecret;
  auto proxy = IcebergFaultProxy::start(server(), s);
  RestCatalog catalog(oauth_options(proxy->uri()));
  catalog.list_namespaces();
  std::lock_guard<std::mutex> lock(seen().mutex);
  REQUIRE(seen().text.size() > 10);
  for (const auto& line : seen().text) {
    INFO(line);
    CHECK(line.find(kSecret) == std::string::npos);
    CHECK(line.find(kVended) == std::string::npos);
    CHECK(line.find("tok-") == std::string::npos);  // the proxy's access tokens
  }
}
