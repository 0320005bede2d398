#!/usr/bin/env bash
# bench/telemetry_overhead.sh - what telemetry adds to a run
# (docs/performance.md#telemetry): the same generated product of MODELS
# models (default 1000, bench/gen_run_product.sh) run with telemetry off and
# on, alternately, in one run of this script. "On" exports every span and
# metric to a real OpenTelemetry Collector (scripts/build-otelcol) on
# 127.0.0.1 through the jaeger telemetry backend; "off" has no telemetry.
# Reported: medians of the floe process's wall time, of the run's own
# duration_s, and of floe_overhead_s (the run minus dbt's processes, where
# telemetry's work on the run thread shows without dbt's noise), and the
# spans the collector received per run.
#
#   bench/telemetry_overhead.sh [RUNS=3] [MODELS=1000]     (needs build/, .venv/, the collector)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${RUNS:-3}
models=${MODELS:-1000}
floe=$repo/build/bin/floe
venv=${FLOE_VENV:-$repo/.venv}
collector=${FLOE_OTELCOL:-$repo/.cache/otelcol/floe-otelcol}
work=$(mktemp -d)
collector_pid=
cleanup() {
  [[ -n $collector_pid ]] && kill "$collector_pid" 2>/dev/null && wait "$collector_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
export PATH=$venv/bin:$PATH DBT_SEND_ANONYMOUS_USAGE_STATS=false DO_NOT_TRACK=1
[[ -x $collector ]] || { echo "no collector at $collector: run scripts/build-otelcol" >&2; exit 1; }

port=$("$venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/collector.yaml" <<YAML
receivers: {otlp: {protocols: {http: {endpoint: "127.0.0.1:$port"}}}}
exporters:
  file/traces: {path: $work/traces.jsonl, flush_interval: 1s}
  file/metrics: {path: $work/metrics.jsonl, flush_interval: 1s}
service:
  telemetry: {metrics: {level: none}}
  pipelines:
    traces: {receivers: [otlp], exporters: [file/traces]}
    metrics: {receivers: [otlp], exporters: [file/metrics]}
YAML
"$collector" --config "$work/collector.yaml" >"$work/collector.log" 2>&1 &
collector_pid=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.2; done

# One product, two platforms: the same compute, with and without telemetry.
for mode in off on; do
  bash "$repo/bench/gen_run_product.sh" "$work/$mode" 0 "$venv/bin/python" >/dev/null
  rm -rf "$work/$mode/product"
done
bash "$repo/bench/gen_run_product.sh" "$work/off" "$models" "$venv/bin/python"
# Under plugins:, right after the compute (the generated manifest goes on
# after plugins, so appending would land under another key).
sed -i "/^  compute:/a\\  telemetry_backend: {type: jaeger, config: {endpoint: \"http://127.0.0.1:$port\"}}" \
  "$work/on/platform/manifest.yaml"
cp -R "$work/off/product" "$work/on/product"

record() { "$venv/bin/python" -c "import json,sys; r=json.load(open(sys.argv[1])); print(r['duration_s'], r['floe_overhead_s'], r['run_id'], r['status'])" "$1"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
declare -A wall duration overhead
spans=()
for ((i = 0; i < runs; i++)); do
  for mode in off on; do
    dir=$work/$mode/product
    s=$(date +%s.%N)
    "$floe" run "$dir/floe.yaml" --json >"$work/report.json" || { echo "floe run ($mode) failed" >&2; exit 1; }
    e=$(date +%s.%N)
    read -r d o run_id status < <(record "$dir/target/floe_run.json")
    [[ $status == success ]] || { echo "run ($mode): $status" >&2; exit 1; }
    grep -q FLOE-X122 "$work/report.json" && { echo "telemetry warning in the $mode run" >&2; exit 1; }
    wall[$mode]+="$(echo "$e - $s" | bc) " duration[$mode]+="$d " overhead[$mode]+="$o "
    if [[ $mode == on ]]; then
      sleep 1.5  # the file exporter flushes every second
      spans+=("$("$venv/bin/python" - "$work/traces.jsonl" "$run_id" <<'PY'
import json, sys
n = 0
for line in open(sys.argv[1]):
    for rs in json.loads(line)["resourceSpans"]:
        if any(a["key"] == "floe.run_id" and a["value"].get("stringValue") == sys.argv[2] for a in rs["resource"]["attributes"]):
            n += sum(len(ss["spans"]) for ss in rs["scopeSpans"])
print(n)
PY
)")
    fi
  done
done
m() { printf '%s\n' $1 | median; }
echo "floe $("$floe" --version | cut -d' ' -f2), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $models models, $runs runs each (medians)"
for mode in off on; do
  printf 'telemetry %-3s  process %7.2f s   run %7.2f s   floe overhead %6.3f s\n' \
    "$mode" "$(m "${wall[$mode]}")" "$(m "${duration[$mode]}")" "$(m "${overhead[$mode]}")"
done
w_off=$(m "${wall[off]}") w_on=$(m "${wall[on]}") o_off=$(m "${overhead[off]}") o_on=$(m "${overhead[on]}")
printf 'telemetry adds %+.2f%% to the process wall time; floe overhead %+.3f s (%+.2f%% of the run)\n' \
  "$(echo "100 * ($w_on - $w_off) / $w_off" | bc -l)" "$(echo "$o_on - $o_off" | bc -l)" \
  "$(echo "100 * ($o_on - $o_off) / $w_off" | bc -l)"
echo "spans the collector received per telemetry-on run: ${spans[*]}"
