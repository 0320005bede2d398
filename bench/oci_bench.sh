#!/usr/bin/env bash
# bench/oci_bench.sh - platform artifacts against a real local registry
# (Debian's docker-registry on a free 127.0.0.1 port, stopped by PID):
#   1. publish and pull of a platform with 200 files (wall time, peak RSS);
#   2. pull of a digest-pinned, cached reference (median of N runs), also
#      with the registry stopped (no network at all);
#   3. memory against blob size: publish and pull a platform holding one
#      1 MiB file, then one 256 MiB file (peak RSS should not follow the size).
# Figures go to docs/performance.md.
#
#   bench/oci_bench.sh            (FLOE=path/to/floe, RUNS=N, BIG_MB=256)
#
# Needs a built tree, docker-registry, curl and hyperfine (apt-get install curl hyperfine).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
floe=${FLOE:-$repo/build/bin/floe}
runs=${RUNS:-20}
big_mb=${BIG_MB:-256}
work=$(mktemp -d /tmp/floe-oci-bench.XXXXXX)
registry_pid=
cleanup() {
  if [[ -n $registry_pid ]]; then kill "$registry_pid" 2>/dev/null; wait "$registry_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
export XDG_CACHE_HOME=$work/cache SOURCE_DATE_EPOCH=1767225600

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/registry.yml" <<YAML
version: 0.1
log: {level: error}
storage: {filesystem: {rootdirectory: $work/registry-data}}
http: {addr: "127.0.0.1:$port", secret: bench-not-secret}
YAML
docker-registry serve "$work/registry.yml" > "$work/registry.log" 2>&1 &
registry_pid=$!
until curl -s -o /dev/null "http://127.0.0.1:$port/v2/"; do sleep 0.1; done
registry=oci://127.0.0.1:$port

# A compiled platform (the 2-tier example) grown to `files` files.
make_platform() {  # dir, extra files, extra file size (bytes)
  local dir=$1 extra=$2 size=$3
  cp -R "$repo/examples" "$work/ex-$(basename "$dir")"
  "$floe" platform compile "$work/ex-$(basename "$dir")/platform/manifest.yaml" -o "$dir" >/dev/null
  mkdir -p "$dir/extra"
  for i in $(seq 1 "$extra"); do
    head -c "$size" /dev/urandom | base64 -w 0 | head -c "$size" > "$dir/extra/rule-$i.json"
  done
}

timed() {  # label, args... -> "label  wall s  peak MB"
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$floe" "$@" > "$work/out.json" 2> "$work/err.txt" || {
    cat "$work/err.txt" >&2; exit 1; }
  read -r secs kb < <(tail -n 1 "$work/time.txt")
  printf '%-52s %7.2f s %6d MB\n' "$label" "$secs" $((kb / 1024))
}

echo "== 200 files"
make_platform "$work/p200" 193 2048
timed "publish (200 files, cold registry)" platform publish 1.0.0 --from "$work/p200" --registry "$registry/bench/p200" --format json
digest=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["result"]["digest"])' "$work/out.json")
timed "publish again (unchanged: HEAD only)" platform publish 1.0.0 --from "$work/p200" --registry "$registry/bench/p200" --format json
rm -rf "$XDG_CACHE_HOME"
timed "pull by tag (cold cache) -o DIR" platform pull "$registry/bench/p200:1.0.0" -o "$work/pulled" --format json
timed "pull pinned (cached)" platform pull "$registry/bench/p200@$digest" --format json

echo "== pinned, cached pull (hyperfine, $runs runs; floe --version for the process start-up alone)"
pinned() {  # label
  hyperfine -N --warmup 3 -r "$runs" --export-json "$work/h.json" "$floe platform pull $registry/bench/p200@$digest" \
    "$floe --version" > /dev/null
  python3 - "$1" "$work/h.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[2]))["results"]
f = lambda x: f"mean {x['mean']*1000:.1f} ms, median {x['median']*1000:.1f} ms (min {x['min']*1000:.1f})"
print(f"{sys.argv[1]:<30} pull: {f(r[0])}; --version: {f(r[1])}")
PY
}
pinned "registry running"
kill "$registry_pid"; wait "$registry_pid" 2>/dev/null || true; registry_pid=
pinned "registry stopped (no network)"
docker-registry serve "$work/registry.yml" > "$work/registry.log" 2>&1 &
registry_pid=$!
until curl -s -o /dev/null "http://127.0.0.1:$port/v2/"; do sleep 0.1; done

echo "== memory against blob size"
for mb in 1 "$big_mb"; do
  dir=$work/big$mb
  make_platform "$dir" 0 0
  head -c $((mb * 1024 * 1024)) /dev/urandom > "$dir/extra/blob.bin"
  timed "publish, one ${mb} MiB file" platform publish 1.0.0 --from "$dir" --registry "$registry/bench/big$mb" --format json
  rm -rf "$XDG_CACHE_HOME"
  timed "pull, one ${mb} MiB file" platform pull "$registry/bench/big$mb:1.0.0" -o "$work/big-out$mb" --format json
done
