#!/usr/bin/env bash
# bench/iceberg_bench.sh [RUNS] - libfloe-iceberg's figures (docs/performance.md#iceberg):
# starts the Apache Iceberg REST fixture (scripts/fetch-iceberg-rest) on a free
# port with a temp file:// warehouse, runs build/bin/floe-iceberg-bench RUNS
# times (default 5) with --catalog, prints each run's JSON line, and stops the
# server by its PID.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench=${FLOE_BUILD_DIR:-$repo/build}/bin/floe-iceberg-bench
jar=$repo/.cache/iceberg-rest/iceberg-open-api-1.10.1.jar
runs=${1:-5}
[[ -x $bench ]] || { echo "iceberg_bench: build floe-iceberg-bench first (cmake --build build --target floe-iceberg-bench)" >&2; exit 2; }
[[ -f $jar ]] || { echo "iceberg_bench: $jar is missing: run scripts/fetch-iceberg-rest" >&2; exit 2; }
dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
CATALOG_REST_PORT=$port CATALOG_WAREHOUSE=file://$dir/warehouse java -Xmx512m -jar "$jar" >"$dir/server.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 300); do
  curl -sf -o /dev/null "http://127.0.0.1:$port/v1/config" && break
  sleep 0.2
done
echo "iceberg_bench: REST fixture on 127.0.0.1:$port (pid $pid), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for _ in $(seq 1 "$runs"); do
  "$bench" --json --catalog "http://127.0.0.1:$port"
done
