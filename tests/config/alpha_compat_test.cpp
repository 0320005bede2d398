// The Python alpha's formats, translated with a FLOE-C090 note each.
#include <boost/json/parse.hpp>

#include "config_test_support.hpp"

using namespace floe::test;
using boost::json::value;

namespace {
const std::string kAlphaManifestHead =
    "apiVersion: floe.dev/v1\nkind: Manifest\nmetadata:\n  name: acme\n  version: 1.0.0\n  owner: me\n";
}

TEST_CASE("alpha governance.naming becomes data_architecture", "[alpha]") {
  auto l = manifest(kAlphaManifestHead +
                    "governance:\n  naming:\n    enforcement: strict\n    pattern: custom\n"
                    "    custom_patterns: [\"^(?!tmp_)a$\"]\n");  // lookahead: C206 on RE2
  auto note = l.one("FLOE-C090");
  CHECK(note.severity == floe::Severity::note);
  CHECK(where(note) == "manifest.yaml:8:3");
  CHECK(note.message.rfind("alpha format: 'governance.naming' was read as 'data_architecture.naming'", 0) == 0);
  const auto& arch = l.doc.root.at("data_architecture");
  CHECK(arch.at("pattern") == value("custom"));
  CHECK(arch.at("naming").at("enforcement") == value("strict"));
  CHECK_FALSE(l.doc.root.at("governance").as_object().contains("naming"));
  // Problems in translated values still point at where the user wrote them.
  auto c206 = l.one("FLOE-C206");
  CHECK(c206.subject == "data_architecture.naming.custom_patterns[0]");
  CHECK(where(c206) == "manifest.yaml:11:23");
}

TEST_CASE("alpha connection_secret_ref becomes secrets.connection", "[alpha]") {
  auto l =
      manifest(kAlphaManifestHead + "plugins:\n  compute:\n    type: snowflake\n    connection_secret_ref: sf-conn\n");
  CHECK(l.ok);
  auto note = l.one("FLOE-C090");
  CHECK(where(note) == "manifest.yaml:10:5");
  CHECK(note.message == "alpha format: 'plugins.compute.connection_secret_ref' was read as "
                        "'plugins.compute.secrets.connection.secret_ref'");
  CHECK(l.doc.root.at("plugins").at("compute").at("secrets").at("connection").at("secret_ref") == value("sf-conn"));
  CHECK(l.doc.at("plugins.compute.secrets.connection.secret_ref").line == 10);
}

TEST_CASE("alpha S3 keys given as references in config become the storage's secrets", "[alpha]") {
  auto l = manifest(kAlphaManifestHead +
                    "plugins:\n  storage:\n    type: s3\n    config:\n      bucket: lake\n"
                    "      access_key_id: {env: AWS_ACCESS_KEY_ID}\n      secret_access_key: {secret_ref: lake-key}\n");
  INFO(l.dump());
  CHECK(l.ok);
  CHECK(l.with("FLOE-C090").size() == 2);
  const auto& storage = l.doc.root.at("plugins").at("storage");
  CHECK(storage.at("config") == boost::json::parse(R"({"bucket": "lake"})"));
  CHECK(storage.at("secrets") == boost::json::parse(R"({"access_key_id": {"env": "AWS_ACCESS_KEY_ID"},
                                                        "secret_access_key": {"secret_ref": "lake-key"}})"));
  CHECK(l.doc.at("plugins.storage.secrets.secret_access_key").line == 13);

  // A literal key stays in config, where the secret rule refuses it unshown.
  auto literal = manifest(kAlphaManifestHead +
                          "plugins:\n  storage:\n    type: s3\n    config:\n      bucket: lake\n"
                          "      secret_access_key: wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY\n");
  CHECK_FALSE(literal.ok);
  CHECK(literal.with("FLOE-C090").empty());
  CHECK(literal.dump().find("wJalrXUtnFEMIK7MDENG") == std::string::npos);
}

TEST_CASE("alpha quality provider becomes type and config", "[alpha]") {
  auto l = manifest(kAlphaManifestHead +
                    "plugins:\n  quality:\n    provider: great_expectations\n    check_timeout_seconds: 60\n");
  CHECK(l.ok);
  auto note = l.one("FLOE-C090");
  CHECK(note.message == "alpha format: 'plugins.quality.provider' was read as 'plugins.quality.type' and "
                        "check_timeout_seconds as 'plugins.quality.config'");
  const auto& q = l.doc.root.at("plugins").at("quality");
  CHECK(q.at("type") == value("great_expectations"));
  CHECK(q.at("config").at("check_timeout_seconds") == value(60));
}

TEST_CASE("alpha observability.tracing becomes traces, registry objects are accepted", "[alpha]") {
  auto l = manifest(
      kAlphaManifestHead +
      "observability:\n  tracing: {endpoint: \"otel:4317\"}\nartifacts:\n  registry: {uri: oci://r.example.com/p}\n");
  auto note = l.one("FLOE-C090");
  CHECK(note.message == "alpha format: 'observability.tracing' was read as 'observability.traces'");
  // The translated value is checked under its new name, at its old place.
  auto c208 = l.one("FLOE-C208");
  CHECK(c208.subject == "observability.traces.endpoint");
  CHECK(where(c208) == "manifest.yaml:8:23");
}

TEST_CASE("alpha FloeSpec products are translated", "[alpha]") {
  auto l = product(
      "apiVersion: floe.dev/v1\nkind: FloeSpec\nmetadata: {name: customer-360, version: 1.0.0, owner: me}\n"
      "platform:\n  manifest: oci://registry/platform:1.0.0\n"
      "transforms:\n  - name: stg_customers\n    tier: bronze\n    tags: [staging]\n"
      "  - name: dim_customers\n    tier: gold\n    dependsOn: [stg_customers]\n"
      "outputPorts:\n  - {name: customers, table: dim_customers}\n");
  INFO(l.dump());
  CHECK(l.ok);
  auto notes = l.with("FLOE-C090");
  REQUIRE(notes.size() == 4);
  CHECK(notes[0].message == "alpha format: 'kind: FloeSpec' was read as 'kind: DataProduct'");
  CHECK(where(notes[1]) == "floe.yaml:5:3");
  CHECK(notes[2].subject == "transforms");
  CHECK(notes[3].message == "alpha format: 'outputPorts' was read as 'output_ports'");
  const auto& t = l.doc.root.at("transforms").as_array();
  REQUIRE(t.size() == 1);
  CHECK(t[0].at("type") == value("dbt"));
  CHECK(t[0].at("path") == value("."));
  CHECK(t[0].at("models").as_array().size() == 2);
  CHECK(t[0].at("models").at(1).at("depends_on").at(0) == value("stg_customers"));
  CHECK(l.doc.root.at("platform").at("ref") == value("oci://registry/platform:1.0.0"));
  CHECK(l.doc.at("transforms[0].models[1].depends_on").line == 12);
}

TEST_CASE("a misspelt key inside a translated alpha model points at its line", "[alpha]") {
  auto l = product("apiVersion: floe.dev/v1\nkind: FloeSpec\nmetadata: {name: p, version: 1.0.0, owner: me}\n"
                   "platform: {manifest: ../m.yaml}\ntransforms:\n  - name: a\n    tagz: [x]\n");
  auto d = l.one("FLOE-C101");
  CHECK(d.subject == "transforms[0].models[0].tagz");
  CHECK(where(d) == "floe.yaml:7:5");
  CHECK(d.hint == "did you mean 'tags'?");
}
