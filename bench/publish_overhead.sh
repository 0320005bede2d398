#!/usr/bin/env bash
# bench/publish_overhead.sh - what write-audit-publish costs a run that writes
# the lake (docs/performance.md#publishing-to-the-lake): the publish step
# (DuckDB writes every table model as a Parquet file in its Iceberg table's
# data directory, then the catalog plugin writes each table's manifests and
# commits every table, with its governance properties, in one multi-table
# commit) against the whole `floe run`, for generated products
# of TABLES table models (default "5 100": 5 is customer-360's count of table
# models). Against Apache Iceberg's REST fixture on versitygw, started here
# on 127.0.0.1 and stopped at the end; nothing else is needed but build/,
# .venv/ and .cache/ (scripts/bootstrap).
#
# The first run of each product creates its tables and is not counted; the
# next RUNS (default 5) replace them. Prints, per product, the medians of the
# run's and the publish step's wall time and the publish's share; fails when
# a run fails (a broken run would look fast). The last column is the REST
# server's own floor for such a commit: one multi-table commit that only sets
# one property on each of the product's tables (what any atomic publish of
# those tables costs on this server, whoever sends it), median of 3, after
# the runs.
#
#   bench/publish_overhead.sh [RUNS=5] [TABLES="5 100"]
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${RUNS:-5}
tables=${TABLES:-"5 100"}
floe=$repo/build/bin/floe
venv=${FLOE_VENV:-$repo/.venv}
work=$(mktemp -d)
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
export PATH=$venv/bin:$PATH DBT_SEND_ANONYMOUS_USAGE_STATS=false DO_NOT_TRACK=1 OPENLINEAGE_DISABLED=true
export BENCH_S3_KEY=bench-access BENCH_S3_SECRET=bench-secret-0123456789

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

mkdir -p "$work/s3/lake"
s3_port=$(free_port)
ROOT_ACCESS_KEY=$BENCH_S3_KEY ROOT_SECRET_KEY=$BENCH_S3_SECRET \
  "$repo/.cache/versitygw/versitygw" --port "127.0.0.1:$s3_port" posix "$work/s3" >"$work/versitygw.log" 2>&1 &
pids+=($!)
catalog_port=$(free_port)
CATALOG_REST_PORT=$catalog_port CATALOG_WAREHOUSE=s3://lake/warehouse CATALOG_URI=jdbc:sqlite:$work/catalog.db \
  CATALOG_IO__IMPL=org.apache.iceberg.aws.s3.S3FileIO CATALOG_S3_ENDPOINT=http://127.0.0.1:$s3_port \
  CATALOG_S3_PATH__STYLE__ACCESS=true CATALOG_S3_ACCESS__KEY__ID=$BENCH_S3_KEY \
  CATALOG_S3_SECRET__ACCESS__KEY=$BENCH_S3_SECRET AWS_REGION=us-east-1 \
  java -Xmx512m -jar "$repo/.cache/iceberg-rest/iceberg-open-api-1.10.1.jar" >"$work/catalog.log" 2>&1 &
pids+=($!)
for _ in $(seq 900); do
  curl -sf "http://127.0.0.1:$catalog_port/v1/config" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -sf "http://127.0.0.1:$catalog_port/v1/config" >/dev/null || { echo "bench: the REST fixture did not start" >&2; exit 1; }

echo "publish overhead: DuckDB -> Apache Iceberg REST fixture on versitygw, $runs runs after a first that creates the tables"
printf '%-10s %12s %14s %10s %18s %20s %20s\n' tables "run (s)" "publish (s)" share "dbt writes (s)" "loads + commit (s)" \
  "server floor (s)"
for n in $tables; do
  dir=$work/p$n
  mkdir -p "$dir/platform"
  cat >"$dir/platform/manifest.yaml" <<YAML
apiVersion: floe.dev/v1
kind: Manifest
metadata: {name: bench-platform, version: 1.0.0}
plugins:
  compute: {type: duckdb, config: {path: warehouse/bench.duckdb, threads: 4}}
  catalog: {type: rest, config: {uri: "http://127.0.0.1:$catalog_port", warehouse: lake}}
  storage:
    type: s3
    config: {endpoint: "http://127.0.0.1:$s3_port", bucket: lake, region: us-east-1, path_style_access: true}
    secrets: {access_key_id: {env: BENCH_S3_KEY}, secret_access_key: {env: BENCH_S3_SECRET}}
data_architecture: {naming: {enforcement: off}}
YAML
  bash "$repo/bench/gen_run_product.sh" "$dir" "$n" "$venv/bin/python"
  printf 'models:\n  +materialized: table\n' >>"$dir/product/dbt_project.yml"
  sed -i "s/name: bench, version/name: bench-$n, version/" "$dir/product/floe.yaml"
  "$floe" run "$dir/product/floe.yaml" >"$work/first-$n.log" 2>&1 ||
    { echo "bench: the first run of $n tables failed:" >&2; tail -20 "$work/first-$n.log" >&2; exit 1; }
  totals=() publishes=() commits=()
  for ((i = 0; i < runs; i++)); do
    "$floe" run "$dir/product/floe.yaml" >"$work/run-$n.log" 2>&1 ||
      { echo "bench: a run of $n tables failed:" >&2; tail -20 "$work/run-$n.log" >&2; exit 1; }
    figures=$("$venv/bin/python" - "$dir/product/target/floe_run.json" <<'PY'
import json, sys
record = json.load(open(sys.argv[1]))
publish = [s for s in record["steps"] if s["name"] == "publish"]
assert publish and publish[0]["status"] == "success", "no successful publish step"
# The dbt run-operations of the publish (DuckDB writing the data files): their
# wall time, as the dbt runtime measured it (the step's summary). Missing is
# a failure, never a zero.
commit = publish[0]["summary"]["tool_seconds"]
assert isinstance(commit, (int, float)), "the publish step reports no tool_seconds"
print(record["duration_s"], publish[0]["duration_s"], commit)
PY
) || { echo "bench: the run record of $n tables lacks a figure" >&2; exit 1; }
    read -r total publish commit <<<"$figures"
    totals+=("$total")
    publishes+=("$publish")
    commits+=("$commit")
  done
  floor=$("$venv/bin/python" - "http://127.0.0.1:$catalog_port/v1" "bench-$n" <<'PY'
import json, statistics, sys, time, urllib.parse, urllib.request
base, namespace = sys.argv[1], sys.argv[2]
def call(method, path, body=None):
    request = urllib.request.Request(base + path, method=method, headers={"Content-Type": "application/json"},
                                     data=None if body is None else json.dumps(body).encode())
    with urllib.request.urlopen(request) as answer:
        text = answer.read()
        return json.loads(text) if text else None
names = [t["name"] for t in call("GET", f"/namespaces/{urllib.parse.quote(namespace)}/tables?pageSize=1000")["identifiers"]]
assert names, "the product has no tables"
times = []
for i in range(3):
    changes = [{"identifier": {"namespace": [namespace], "name": n}, "requirements": [],
                "updates": [{"action": "set-properties", "updates": {"floe.bench-floor": str(i)}}]} for n in names]
    started = time.monotonic()
    call("POST", "/transactions/commit", {"table-changes": changes})
    times.append(time.monotonic() - started)
print(statistics.median(times))
PY
) || { echo "bench: the REST server's floor could not be measured" >&2; exit 1; }
  t=$(printf '%s\n' "${totals[@]}" | median)
  p=$(printf '%s\n' "${publishes[@]}" | median)
  c=$(printf '%s\n' "${commits[@]}" | median)
  printf '%-10s %12.2f %14.2f %9.1f%% %18.2f %20.2f %20.2f\n' "$n" "$t" "$p" "$(echo "100 * $p / $t" | bc -l)" "$c" \
    "$(echo "$p - $c" | bc -l)" "$floor"
done
