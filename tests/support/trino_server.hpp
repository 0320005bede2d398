// A real Trino server for tests: Trino 476 (scripts/fetch-trino: the server
// core with the iceberg and memory connectors, in .cache/trino/) on a Java
// 24+ (Temurin 25 beside Debian's Java 17), one coordinator that also runs
// the work, bound to 127.0.0.1 on a free port, its catalogs written as
// etc/catalog/<name>.properties in a temporary directory, stopped by PID.
//
//   auto trino = floe::test::TrinoServer::start({
//       {"memory", {{"connector.name", "memory"}}},
//       {"lakehouse", TrinoServer::iceberg_rest(catalog, store)}});  // 20-60 s
//   trino->query("select count(*) from lakehouse.ns.t");
//
// Readiness is Trino's own word: /v1/info says it is no longer starting.
#pragma once

#include <boost/json.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "registry_fixture.hpp"

namespace floe::test {

class IcebergRestServer;
class S3Server;

struct TrinoCatalog {
  std::string name;
  std::map<std::string, std::string> properties;
};

class TrinoServer {
 public:
  // Throws std::runtime_error naming scripts/fetch-trino when Trino is
  // missing, naming the Java it needs when none is found, and with the log
  // tail when the server is not up within 240 s.
  static std::unique_ptr<TrinoServer> start(const std::vector<TrinoCatalog>& catalogs);
  // The same in two halves, so another server can start meanwhile: launch
  // returns once the JVM is started, wait_until_started once Trino is up.
  // (Launch from the thread that outlives the server: a child's
  // PR_SET_PDEATHSIG fires when the thread that forked it ends.)
  static std::unique_ptr<TrinoServer> launch(const std::vector<TrinoCatalog>& catalogs);
  void wait_until_started();
  // The properties of an Iceberg catalog on the REST catalog `catalog`
  // whose warehouse is in the S3 store `store` (its root keys).
  static std::map<std::string, std::string> iceberg_rest(const IcebergRestServer& catalog, const S3Server& store);
  ~TrinoServer();
  TrinoServer(const TrinoServer&) = delete;
  TrinoServer& operator=(const TrinoServer&) = delete;

  int port() const { return port_; }
  // Runs one statement as user floe through Trino's Python client (the
  // adapters virtualenv's, which dbt-trino uses too): the rows as a JSON
  // array of arrays. Throws std::runtime_error with Trino's message.
  boost::json::value query(const std::string& sql) const;
  // Stops the server (SIGTERM, then SIGKILL): a coordinator that is down.
  void stop();
  std::string log_tail() const;

 private:
  TrinoServer() = default;
  std::string dir_;
  int port_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

// <source>/.cache/trino/trino-server-476, or $FLOE_TRINO_HOME.
std::string trino_home();
// $FLOE_TRINO_JAVA_HOME, else the first JDK under /usr/lib/jvm whose
// release file says Java 24 or newer; "" when there is none.
std::string trino_java_home();
// <source>/.cache/adapters-venv, or $FLOE_ADAPTERS_VENV: dbt-trino and trino.
std::string adapters_venv();

}  // namespace floe::test
