// A real Iceberg REST catalog for tests: Apache Iceberg's REST fixture
// server (org.apache.iceberg:iceberg-open-api 1.10.1, the fat jar
// scripts/fetch-iceberg-rest puts in .cache/iceberg-rest/) run with Debian's
// Java on a free port, its warehouse a file:// directory in a temp dir, its
// catalog an in-memory SQLite (nothing outlives it). Started by fork/exec and
// stopped by PID (ChildProcess; PDEATHSIG if the test process dies first).
//
// The fixture jar binds every interface (Jetty's Server(port), no host
// option); tests reach it on 127.0.0.1 only and the port is random.
//
// IcebergFaultProxy (tests/iceberg/iceberg_fault_proxy.py) sits in front of
// it on 127.0.0.1 to inject what the real server never does: an OAuth2
// token endpoint with expiring tokens, 401/403/5xx answers, slowness,
// malformed metadata and vended credentials.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "registry_fixture.hpp"
#include "s3_server.hpp"

namespace floe::test {

class IcebergRestServer {
 public:
  // Throws std::runtime_error naming scripts/fetch-iceberg-rest when the jar
  // is missing, or with the log tail when the server does not answer
  // GET /v1/config within 90 s.
  static std::unique_ptr<IcebergRestServer> start();
  // The same server with its warehouse in an S3 bucket (s3://BUCKET/warehouse)
  // written through Iceberg's S3FileIO with the store's root keys: what an
  // engine that writes data files itself (DuckDB) needs, as it cannot write
  // a file:// warehouse.
  static std::unique_ptr<IcebergRestServer> start_on_s3(const S3Server& store, const std::string& bucket);
  // One server per test program, started on first use, stopped at exit.
  static IcebergRestServer& shared();
  ~IcebergRestServer();
  IcebergRestServer(const IcebergRestServer&) = delete;
  IcebergRestServer& operator=(const IcebergRestServer&) = delete;

  std::string uri() const;   // "http://127.0.0.1:PORT"
  std::string host() const;  // "127.0.0.1:PORT"
  int port() const { return port_; }
  std::string warehouse_dir() const { return dir_ + "/warehouse"; }
  std::string log_tail() const;

 private:
  IcebergRestServer() = default;
  static std::unique_ptr<IcebergRestServer> start_with(const std::map<std::string, std::string>& settings);
  std::string dir_;
  int port_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

// The jar: $FLOE_ICEBERG_REST_JAR, else <source>/.cache/iceberg-rest/iceberg-open-api-1.10.1.jar.
std::string iceberg_rest_jar();

// What the proxy does; see tests/iceberg/iceberg_fault_proxy.py.
struct IcebergFaultScenario {
  // OAuth2: the proxy serves /v1/oauth/tokens for this client; catalog
  // requests then need a bearer token it issued (401 otherwise).
  std::string client_id;
  std::string client_secret;
  std::string require_scope;     // non-empty: other scopes are 400 invalid_scope
  int token_expires_in = 3600;   // seconds, as the token response says
  int revoke_first_tokens = 0;   // the first N tokens issued are answered 401 on first use (expired server-side)
  bool inject_into_token = false;  // a hostile token endpoint: each token ends in "\r\nX-Injected: yes"
  bool always_401 = false;       // every catalog request is 401 (credentials the catalog never accepts)
  std::string forbid_match;      // requests whose path contains it: 403 ForbiddenException
  std::string match;             // "" = every catalog request (for the faults below)
  int fail_first = 0;            // answer the first N matching requests with fail_status
  int fail_status = 503;
  std::string fail_method;       // "" = any; "POST": only commits/creates fail
  std::string fail_type;         // the error type in the body ("" = ServiceFailureException)
  double delay_s = 0;            // matching requests: sleep first
  bool endless_body = false;     // matching requests: a 200 whose JSON body never ends (until the client hangs up)
  std::string hold_dir;          // matching requests: create <dir>/held, wait for <dir>/release
  bool serialize_upstream = false;  // one request at a time to the fixture (its SQLite is not concurrent)
  bool corrupt_metadata = false; // table loads: /metadata/snapshots/0/timestamp-ms becomes a string
  bool vend_credentials = false; // table loads asking for vended-credentials get config + storage-credentials
  std::string vended_secret = "vended-secret-8c1f0e";
  std::string vended_key_id = "AKIAFLOETEST";
  bool vended_session_token = true;   // also vend s3.session-token (<secret>-session)
  std::string vended_prefix = "s3://warehouse/";  // storage-credentials' prefix
  std::map<std::string, std::string> vended_config;  // more table config (s3.endpoint, ...)
  // Merged into GET /v1/config; an override "prefix" is then required on
  // (and stripped from) every catalog path.
  std::map<std::string, std::string> config_defaults, config_overrides;
};

// A proxy that holds every request whose path contains `match` (e.g.
// "/transactions/commit") until <hold_dir>/release exists, so another writer
// can commit first; one request at a time upstream.
inline IcebergFaultScenario holding_scenario(const std::string& match, const std::string& hold_dir) {
  IcebergFaultScenario s;
  s.match = match;
  s.hold_dir = hold_dir;
  s.serialize_upstream = true;
  return s;
}

// A scenario that vends `store`'s own keys, endpoint, path style and region
// (a grant for s3://<bucket>/) on the table loads, creates and registers
// that ask for credentials, as Polaris does; no session token (versitygw
// refuses tokens it did not issue). Upstream requests one at a time.
IcebergFaultScenario vending_scenario(const S3Server& store, const std::string& bucket);

struct IcebergProxyLogEntry {
  std::string method, path;
  int status = 0;
  bool authorization = false;  // a bearer came with it (never its value)
  std::string delegation;      // X-Iceberg-Access-Delegation as sent
};

class IcebergFaultProxy {
 public:
  static std::unique_ptr<IcebergFaultProxy> start(const IcebergRestServer& upstream, const IcebergFaultScenario& s);
  ~IcebergFaultProxy();
  IcebergFaultProxy(const IcebergFaultProxy&) = delete;
  IcebergFaultProxy& operator=(const IcebergFaultProxy&) = delete;

  std::string uri() const;  // "http://127.0.0.1:PORT"
  std::vector<IcebergProxyLogEntry> requests() const;
  int token_requests() const;  // requests to a path ending in /oauth/tokens or /token
  std::string log_tail() const;  // the proxy's own stderr

 private:
  IcebergFaultProxy() = default;
  std::string dir_;
  int port_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace floe::test
