// floe platform status against real local servers: the OpenTelemetry
// Collector and a docker-registry (both up), a lineage address nothing
// listens on (down) and a catalog that accepts connections and never
// answers (timeout, bounded: no hang). One program, one ctest: the servers
// start once.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "compile_test_support.hpp"
#include "otel_collector.hpp"
#include "silent_port.hpp"
#include "temp_dir.hpp"

using namespace floe::test;
namespace json = boost::json;

namespace {

const json::object& service(const json::value& report, const std::string& name) {
  for (const auto& s : report.at("result").at("services").as_array())
    if (s.at("service").as_string() == name) return s.as_object();
  FAIL("no service " << name);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("floe platform status: each declared service checked in parallel, within its time", "[status]") {
  auto collector = OtelCollector::start();
  auto registry = RegistryServer::start(RegistryServer::Auth::anonymous);
  SilentPort silent;
  int closed = free_port();  // nothing listens there

  TempDir tmp;
  std::string manifest = read_file(std::string(FLOE_TEST_SOURCE_DIR) + "/examples/platform/manifest.yaml");
  auto replace = [&](const std::string& from, const std::string& to) {
    auto at = manifest.find(from);
    REQUIRE(at != std::string::npos);
    manifest.replace(at, from.size(), to);
  };
  replace("http://polaris:8181/api/catalog", "http://127.0.0.1:" + std::to_string(silent.port) + "/api/catalog");
  replace("http://otel-collector:4317", collector->endpoint());
  replace("http://marquez:5000", "http://127.0.0.1:" + std::to_string(closed));
  replace("registry: oci-layout:../registry/platform", "registry: " + registry->uri("floe/platform"));
  write_file(tmp.path() / "manifest.yaml", manifest);

  auto r = run_floe({"platform", "status", (tmp.path() / "manifest.yaml").string(), "--service-timeout-ms", "1500",
                     "--json"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 6);  // network_failure: two services do not answer
  CHECK(r.seconds < 5);     // in parallel, each bounded: never a hang
  json::value report = json::parse(r.out);

  const auto& oci = service(report, "oci_registry");
  CHECK(oci.at("status") == "up");
  CHECK(oci.at("http_status") == 200);
  CHECK(oci.at("version") == "registry/2.0");
  CHECK(service(report, "otlp_collector").at("status") == "up");
  CHECK(service(report, "otlp_collector").at("endpoint").as_string() == collector->endpoint());
  const auto& lineage = service(report, "lineage");
  CHECK(lineage.at("status") == "down");
  CHECK(lineage.at("message").as_string() == "cannot connect to 127.0.0.1:" + std::to_string(closed) +
                                     ": connection refused; is the lineage server running?");
  const auto& catalog = service(report, "catalog");
  CHECK(catalog.at("status") == "timeout");
  CHECK(catalog.at("plugin") == "polaris");
  CHECK(catalog.at("latency_ms").as_int64() >= 1400);

  // Each service that does not answer is one FLOE-R910, at its manifest line.
  int r910 = 0;
  for (const auto& d : report.at("diagnostics").as_array())
    if (d.at("code") == "FLOE-R910") {
      ++r910;
      CHECK(d.at("line").as_int64() > 0);
    }
  CHECK(r910 == 2);

  // The table, for people.
  auto text = run_floe({"platform", "status", (tmp.path() / "manifest.yaml").string(), "--service-timeout-ms", "500"});
  CHECK(text.exit_code == 6);
  CHECK(text.out.find("oci_registry") != std::string::npos);
  CHECK(text.out.find("registry/2.0") != std::string::npos);
}
