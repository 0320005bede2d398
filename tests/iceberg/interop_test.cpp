// pyiceberg (the project virtualenv's, tests/iceberg/pyiceberg_client.py) as
// the independent client: it sees what floe created, floe sees what it
// wrote, and its appends racing floe's commits lose nothing.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <filesystem>
#include <future>

#include "catalog_support.hpp"
#include "iceberg/catalog_client.hpp"
#include "run_process.hpp"

using namespace floe::iceberg;
using floe::test::IcebergRestServer;
using floe::test::options_for;
using floe::test::simple_schema;
using floe::test::unique_name;
namespace json = boost::json;

namespace {

IcebergRestServer& server() { return IcebergRestServer::shared(); }

// Runs the client; no Catch macro here (called from a second thread too).
floe::test::ProcessResult run_pyiceberg(const std::vector<std::string>& args) {
  std::string script = (std::filesystem::path(FLOE_TEST_SOURCE_DIR) / "tests" / "iceberg" / "pyiceberg_client.py").string();
  std::vector<std::string> argv{script, server().uri()};
  argv.insert(argv.end(), args.begin(), args.end());
  return floe::test::run_process(floe::test::venv_python(), argv);
}

json::value pyiceberg(const std::vector<std::string>& args) {
  auto r = run_pyiceberg(args);
  INFO("pyiceberg " << args.at(0) << ": " << r.err);
  REQUIRE(r.exit_code == 0);
  return json::parse(r.out);
}

}  // namespace

TEST_CASE("interop: pyiceberg sees the namespace, schema, partition spec and properties floe created") {
  RestCatalog catalog(options_for(server().uri()));
  std::string ns = unique_name("floe_interop");
  catalog.create_namespace({ns}, {{"owner", "floe"}});
  CreateTableRequest req;
  req.name = "customers";
  req.schema = simple_schema();
  PartitionSpec spec;
  spec.fields = {{1, 0, "id_bucket", "bucket[4]"}};
  req.partition_spec = spec;
  req.properties = {{"floe.classification", "pii"}, {"floe.product", "customer-360"}};
  catalog.create_table({ns}, req);

  json::value listed = pyiceberg({"list", ns});
  CHECK(listed.at("tables") == json::array{ns + ".customers"});
  json::value d = pyiceberg({"describe", ns + ".customers"});
  CHECK(d.at("schema").at(0).at("name") == "id");
  CHECK(d.at("schema").at(0).at("required") == true);
  CHECK(d.at("schema").at(1).at("type") == "string");
  CHECK(d.at("properties").at("floe.classification") == "pii");
  CHECK(d.at("partition_fields").at(0).at("transform") == "bucket[4]");
  CHECK(d.at("snapshots").as_array().empty());

  // A floe commit (schema evolution) is what pyiceberg then reads.
  LoadTableResult t = catalog.load_table({{ns}, "customers"});
  Schema evolved = *t.metadata.current_schema();
  NestedField email;
  email.id = 3;
  email.name = "email";
  email.type.primitive = "string";
  evolved.fields.push_back(email);
  evolved.schema_id = 1;
  CommitRequest c;
  c.requirements.push_back(requirement::current_schema_id(t.metadata.current_schema_id));
  c.updates.push_back(update::add_schema(evolved));
  c.updates.push_back(update::set_current_schema(-1));
  catalog.commit_table({{ns}, "customers"}, c);
  d = pyiceberg({"describe", ns + ".customers"});
  CHECK(d.at("schema").as_array().size() == 3);
  CHECK(d.at("schema").at(2).at("name") == "email");
}

TEST_CASE("interop: floe sees the table, snapshots and refs pyiceberg wrote") {
  RestCatalog catalog(options_for(server().uri()));
  std::string ns = unique_name("floe_interop_py");
  catalog.create_namespace({ns});
  pyiceberg({"create", ns + ".events"});
  pyiceberg({"append", ns + ".events", "2", "5"});
  pyiceberg({"tag", ns + ".events", "v1"});
  auto tables = catalog.list_tables({ns});
  REQUIRE(tables.size() == 1);
  CHECK(tables[0].name == "events");
  LoadTableResult t = catalog.load_table({{ns}, "events"});
  CHECK(t.metadata.snapshots.size() == 3);
  REQUIRE(t.metadata.current_snapshot() != nullptr);
  CHECK(t.metadata.current_snapshot()->operation == "append");
  bool total = false;
  for (const auto& [k, v] : t.metadata.current_snapshot()->summary)
    if (k == "total-records") total = v == "13";
  CHECK(total);
  REQUIRE(t.metadata.refs.count("v1") == 1);
  CHECK(t.metadata.refs.at("v1").type == RefType::tag);
  CHECK(t.metadata.refs.at("v1").snapshot_id == *t.metadata.current_snapshot_id);
  CHECK(t.metadata.properties.at("created-by") == "pyiceberg");
  CHECK(t.metadata.current_schema()->fields.at(1).name == "name");
}

TEST_CASE("interop: a pyiceberg append between floe's load and commit is a 409, retried against the reloaded table, nothing lost") {
  RestCatalog catalog(options_for(server().uri()));
  std::string ns = unique_name("floe_race");
  catalog.create_namespace({ns});
  pyiceberg({"create", ns + ".t"});
  TableIdentifier id{{ns}, "t"};

  // Deterministic: the planner's first call lets pyiceberg append first.
  int plans = 0;
  std::vector<int64_t> planned_against;
  CommitResult r = catalog.commit_table(id, [&](const LoadTableResult& current) -> std::optional<CommitRequest> {
    ++plans;
    planned_against.push_back(current.metadata.current_snapshot_id.value_or(-1));
    if (plans == 1) pyiceberg({"append", ns + ".t", "1", "4"});
    CommitRequest req;
    req.requirements.push_back(requirement::table_uuid(current.metadata.table_uuid));
    req.requirements.push_back(requirement::ref_snapshot_id("main", current.metadata.current_snapshot_id));
    req.updates.push_back(update::set_properties(
        {{"floe.audited-snapshot", std::to_string(current.metadata.current_snapshot_id.value_or(-1))}}));
    return req;
  });
  CHECK(plans == 2);
  CHECK(r.attempts == 2);
  REQUIRE(planned_against.size() == 2);
  CHECK(planned_against[0] != planned_against[1]);  // re-planned on the reloaded table
  CHECK(r.metadata.properties.at("floe.audited-snapshot") == std::to_string(planned_against[1]));
  CHECK(r.metadata.snapshots.size() == 2);
  CHECK(pyiceberg({"count", ns + ".t"}).at("rows") == 7);

  // In parallel: pyiceberg appends 3 times while floe commits 8 times, each
  // asserting the main branch it planned against.
  auto appends = std::async(std::launch::async, [&] { return run_pyiceberg({"append", ns + ".t", "3", "2"}); });
  int conflicts_retried = 0;
  for (int i = 0; i < 8; ++i) {
    CommitResult c = catalog.commit_table(id, [&](const LoadTableResult& current) -> std::optional<CommitRequest> {
      CommitRequest req;
      req.requirements.push_back(requirement::ref_snapshot_id("main", current.metadata.current_snapshot_id));
      req.updates.push_back(update::set_properties({{"floe.commit." + std::to_string(i), "done"}}));
      return req;
    });
    conflicts_retried += c.attempts - 1;
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
  }
  floe::test::ProcessResult appended = appends.get();
  INFO(appended.err);
  REQUIRE(appended.exit_code == 0);
  CHECK(json::parse(appended.out).at("appends") == 3);
  LoadTableResult t = catalog.load_table(id);
  CHECK(t.metadata.snapshots.size() == 5);  // create's append, the race's, three more
  for (int i = 0; i < 8; ++i) CHECK(t.metadata.properties.count("floe.commit." + std::to_string(i)) == 1);
  CHECK(pyiceberg({"count", ns + ".t"}).at("rows") == 13);
  WARN("floe commits retried after a 409 while pyiceberg appended in parallel: " << conflicts_retried);
}
