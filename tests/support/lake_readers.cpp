#include "lake_readers.hpp"

#include <stdexcept>

#include "run_process.hpp"
#include "s3_server.hpp"
#include "spark_cluster.hpp"

namespace floe::test {
namespace json = boost::json;

namespace {

std::string run_python(const LakeEndpoints& lake, const char* script, const std::vector<std::string>& extra,
                       const std::string& venv = {}) {
  std::vector<std::string> args{"-c", script, lake.catalog_uri, lake.s3_endpoint, S3Server::access_key(),
                                S3Server::secret_key()};
  args.insert(args.end(), extra.begin(), extra.end());
  auto r = run_process((venv.empty() ? lake.venv : venv) + "/bin/python", args);
  if (r.exit_code != 0) throw std::runtime_error("the lake reader failed:\n" + r.err);
  return r.out;
}

}  // namespace

json::value pyiceberg_table(const LakeEndpoints& lake, const std::string& identifier) {
  const char* script = R"py(
import json, sys
from pyiceberg.catalog import load_catalog
uri, endpoint, key, secret, identifier = sys.argv[1:]
catalog = load_catalog("lake", type="rest", uri=uri, warehouse="lakehouse", **{
    "s3.endpoint": endpoint, "s3.access-key-id": key, "s3.secret-access-key": secret,
    "s3.region": "us-east-1", "s3.path-style-access": "true"})
namespace = identifier.rsplit(".", 1)[0]
tables = [".".join(t) for t in catalog.list_tables(namespace)]
if identifier not in tables:
    print(json.dumps({"tables": tables}))
    sys.exit(0)
table = catalog.load_table(identifier)
rows = table.scan().to_arrow().to_pylist()
tasks = list(table.scan().plan_files())
current = table.current_snapshot()
# The files the current snapshot lists as DELETED (status 2): what an
# overwrite removed, and what Iceberg's snapshot expiry deletes later.
removed = sorted(e.data_file.file_path for m in (current.manifests(table.io) if current else [])
                 for e in m.fetch_manifest_entry(table.io, discard_deleted=False) if e.status.value == 2)
print(json.dumps({"tables": tables, "removed": removed,
                  "summary": dict(current.summary.additional_properties) if current and current.summary else {}, "rows": sorted(rows, key=lambda r: json.dumps(r, sort_keys=True, default=str)),
                  "data_files": len(tasks), "delete_files": len({d.file_path for t in tasks for d in t.delete_files}),
                  "columns": [f.name for f in table.schema().fields], "properties": table.properties,
                  "snapshots": len(table.snapshots()),
                  "operations": [s.summary.operation.value if s.summary else None for s in table.snapshots()],
                  "refs": sorted(table.metadata.refs.keys()),
                  "metadata_versions": len(table.metadata.metadata_log) + 1,
                  "current": table.metadata.current_snapshot_id},
                 default=str))
)py";
  return json::parse(run_python(lake, script, {identifier}));
}

void pyiceberg_append_first_row(const LakeEndpoints& lake, const std::string& identifier) {
  const char* script = R"py(
import sys
from pyiceberg.catalog import load_catalog
uri, endpoint, key, secret, identifier = sys.argv[1:]
catalog = load_catalog("lake", type="rest", uri=uri, warehouse="lakehouse", **{
    "s3.endpoint": endpoint, "s3.access-key-id": key, "s3.secret-access-key": secret,
    "s3.region": "us-east-1", "s3.path-style-access": "true"})
table = catalog.load_table(identifier)
table.append(table.scan().to_arrow().slice(0, 1))
)py";
  run_python(lake, script, {identifier});
}

json::value pyiceberg_copy_without_bounds(const LakeEndpoints& lake, const std::string& from, const std::string& to) {
  const char* script = R"py(
import json, sys
from pyiceberg.catalog import load_catalog
uri, endpoint, key, secret, source, target = sys.argv[1:]
catalog = load_catalog("lake", type="rest", uri=uri, warehouse="lakehouse", **{
    "s3.endpoint": endpoint, "s3.access-key-id": key, "s3.secret-access-key": secret,
    "s3.region": "us-east-1", "s3.path-style-access": "true"})
table = catalog.load_table(source)
copy = catalog.create_table(target, schema=table.schema(), properties={"write.metadata.metrics.default": "none"})
copy.append(table.scan().to_arrow())
copy = catalog.load_table(target)
assert not any(copy.inspect.files().to_pylist()[0][k] for k in ("lower_bounds", "upper_bounds")), "the copy has bounds"
files = lambda t: [task.file.file_path for task in t.scan().plan_files()]
print(json.dumps({"from": files(table), "to": files(copy)}))
)py";
  return json::parse(run_python(lake, script, {from, to}));
}

void pyiceberg_create_partitioned(const LakeEndpoints& lake, const std::string& identifier,
                                  const std::vector<std::string>& long_columns, const std::string& by) {
  const char* script = R"py(
import sys
from pyiceberg.catalog import load_catalog
from pyiceberg.schema import Schema
from pyiceberg.types import NestedField, LongType
from pyiceberg.partitioning import PartitionSpec, PartitionField
from pyiceberg.transforms import IdentityTransform
uri, endpoint, key, secret, identifier, by, *columns = sys.argv[1:]
catalog = load_catalog("lake", type="rest", uri=uri, warehouse="lakehouse", **{
    "s3.endpoint": endpoint, "s3.access-key-id": key, "s3.secret-access-key": secret,
    "s3.region": "us-east-1", "s3.path-style-access": "true"})
try: catalog.create_namespace(tuple(identifier.split(".")[:-1]))
except Exception: pass
schema = Schema(*[NestedField(i + 1, name, LongType(), required=False) for i, name in enumerate(columns)])
spec = PartitionSpec(PartitionField(source_id=columns.index(by) + 1, field_id=1000, transform=IdentityTransform(), name=by))
catalog.create_table(identifier, schema, partition_spec=spec)
)py";
  std::vector<std::string> args{identifier, by};
  args.insert(args.end(), long_columns.begin(), long_columns.end());
  run_python(lake, script, args);
}

json::value pyiceberg_aged_table(const LakeEndpoints& lake, const std::string& identifier, int days) {
  const char* script = R"py(
import json, sys, time
import pyarrow as pa
from pyiceberg.catalog import load_catalog
from pyiceberg.schema import Schema
from pyiceberg.types import NestedField, LongType
from pyiceberg.table.update import AddSnapshotUpdate, SetSnapshotRefUpdate
from pyiceberg.table.snapshots import Snapshot
uri, endpoint, key, secret, identifier, days = sys.argv[1:]
catalog = load_catalog("lake", type="rest", uri=uri, warehouse="lakehouse", **{
    "s3.endpoint": endpoint, "s3.access-key-id": key, "s3.secret-access-key": secret,
    "s3.region": "us-east-1", "s3.path-style-access": "true"})
namespace = tuple(identifier.split(".")[:-1])
try: catalog.create_namespace(namespace)
except Exception: pass
schema = Schema(NestedField(1, "id", LongType(), required=False))
rows = lambda ids: pa.table({"id": pa.array(ids, pa.int64())})
# Iceberg records a snapshot's time as it is committed, and a catalog takes
# older ones only in the commit that creates a table. So two real appends
# are made on a scratch table, which is dropped (its files stay), and the
# table is created at the same location with those two snapshots, dated
# `days` + 1 and `days` days ago: real manifest lists, manifests and files.
scratch = catalog.create_table(identifier + "_scratch", schema)
location = scratch.location()
scratch.append(rows([1, 2]))
scratch = catalog.load_table(identifier + "_scratch")
scratch.append(rows([3, 4, 5]))
scratch = catalog.load_table(identifier + "_scratch")
made = sorted(scratch.metadata.snapshots, key=lambda s: s.sequence_number)
old_files = sorted(f.file.file_path for f in scratch.scan().plan_files())
catalog.drop_table(identifier + "_scratch")
now, day = int(time.time() * 1000), 86400000
dated = [s.model_copy(update={"timestamp_ms": now - (int(days) + 1 - i) * day}) for i, s in enumerate(made)]
txn = catalog.create_table_transaction(identifier, schema, location=location)
txn._apply(tuple(AddSnapshotUpdate(snapshot=s) for s in dated) +
           (SetSnapshotRefUpdate(ref_name="main", type="branch", snapshot_id=dated[-1].snapshot_id),))
txn.commit_transaction()
# A real overwrite now: its snapshot no longer lists the two files.
table = catalog.load_table(identifier)
table.overwrite(rows([9]))
table = catalog.load_table(identifier)
print(json.dumps({"old_files": old_files, "old_lists": [s.manifest_list for s in made],
                  "files": sorted(f.file.file_path for f in table.scan().plan_files()),
                  "snapshots": len(table.metadata.snapshots)}))
)py";
  return json::parse(run_python(lake, script, {identifier, std::to_string(days)}));
}

std::string duckdb_iceberg_rows(const LakeEndpoints& lake, const std::string& identifier, const std::string& select) {
  const char* script = R"py(
import sys, duckdb
uri, endpoint, key, secret, identifier, select = sys.argv[1:]
con = duckdb.connect()
con.execute("LOAD iceberg")
con.execute("LOAD httpfs")
host = endpoint.split("://", 1)[1]
con.execute(f"CREATE SECRET (TYPE S3, KEY_ID '{key}', SECRET '{secret}', ENDPOINT '{host}', URL_STYLE 'path', "
            "USE_SSL false, REGION 'us-east-1')")
con.execute(f"ATTACH 'lakehouse' AS lake (TYPE ICEBERG, ENDPOINT '{uri}', AUTHORIZATION_TYPE 'none', "
            "SUPPORT_NESTED_NAMESPACES true)")
namespace, name = identifier.rsplit(".", 1)
print(con.sql(select.replace("T", f'lake."{namespace}"."{name}"')).fetchall())
)py";
  std::string out = run_python(lake, script, {identifier, select});
  return out.substr(0, out.find_last_not_of('\n') + 1);
}

namespace {

// A local Spark session with the lake as catalog `lake`; the script's
// further arguments follow the jars.
constexpr const char* kSparkSession = R"py(
import sys
from pyspark.sql import SparkSession
uri, endpoint, key, secret, jars = sys.argv[1:6]
args = sys.argv[6:]
c = "spark.sql.catalog.lake"
spark = (SparkSession.builder.master("local[1]").appName("floe-test-reader")
         .config("spark.jars", jars).config("spark.ui.enabled", "false")
         .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
         .config(c, "org.apache.iceberg.spark.SparkCatalog").config(c + ".type", "rest")
         .config(c + ".uri", uri).config(c + ".warehouse", "lakehouse")
         .config(c + ".io-impl", "org.apache.iceberg.aws.s3.S3FileIO").config(c + ".s3.endpoint", endpoint)
         .config(c + ".s3.path-style-access", "true").config(c + ".client.region", "us-east-1")
         .config(c + ".s3.access-key-id", key).config(c + ".s3.secret-access-key", secret).getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
)py";

// The script's output's last line (Spark may print before it).
std::string run_spark(const LakeEndpoints& lake, const std::string& body, const std::vector<std::string>& args) {
  std::string jars = std::string(FLOE_TEST_SOURCE_DIR) + "/.cache/spark-jars/";
  std::vector<std::string> extra{jars + "iceberg-spark-runtime-4.1_2.13-1.12.0.jar," + jars +
                                 "iceberg-aws-bundle-1.12.0.jar"};
  extra.insert(extra.end(), args.begin(), args.end());
  std::string script = std::string(kSparkSession) + body + "spark.stop()\n";
  std::string out = run_python(lake, script.c_str(), extra, spark_venv());
  std::string last = out.substr(0, out.find_last_not_of('\n') + 1);
  return last.substr(last.rfind('\n') + 1);
}

}  // namespace

std::string spark_iceberg_rows(const LakeEndpoints& lake, const std::string& identifier, const std::string& select) {
  return run_spark(lake,
                   "identifier, select = args\n"
                   "namespace, name = identifier.rsplit('.', 1)\n"
                   "rows = spark.sql(select.replace('T', f'lake.`{namespace}`.`{name}`')).collect()\n"
                   "print([tuple(r) for r in rows])\n",
                   {identifier, select});
}

std::string java_expire_snapshots(const LakeEndpoints& lake, const std::string& identifier) {
  return run_spark(lake,
                   "identifier, = args\n"
                   "namespace, name = identifier.rsplit('.', 1)\n"
                   "jvm = spark._jvm\n"
                   "table = jvm.org.apache.iceberg.spark.Spark3Util.loadIcebergTable(\n"
                   "    spark._jsparkSession, f'lake.`{namespace}`.`{name}`')\n"
                   "table.expireSnapshots().expireOlderThan(32503680000000).retainLast(1).commit()\n"
                   "table.refresh()\n"
                   "print(len(list(table.snapshots())))\n",
                   {identifier});
}

}  // namespace floe::test
