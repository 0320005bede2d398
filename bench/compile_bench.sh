#!/usr/bin/env bash
# bench/compile_bench.sh - `floe validate` (everything compile does but the
# final write) with every rule on, on synthetic dbt projects of 1k, 10k and
# 50k models, read from the project files and from dbt's target/manifest.json;
# plus resolution of the 3-tier example chain. Prints wall time (best of N)
# and peak RSS per case. Figures go to docs/performance.md.
#
#   bench/compile_bench.sh [SIZES...]      (default: 1000 10000 50000)
#
# Needs a built tree (build/bin/floe) and python3 (the generator is stdlib only).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
floe=${FLOE:-$repo/build/bin/floe}
work=${WORK:-/tmp/floe-compile-bench}
runs=${RUNS:-3}
sizes=("${@:-1000 10000 50000}")
mkdir -p "$work"

# A product whose platform turns every rule on (strict naming, coverage with
# layer thresholds, required tests, descriptions, custom rules).
platform=$repo/examples/platform/manifest.yaml

measure() {  # label, args...
  local label=$1; shift
  local best="" rss=0
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$floe" "$@" >/dev/null 2>&1 || true
    read -r secs kb < <(tail -n 1 "$work/time.txt")
    if [[ -z $best ]] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; fi
    (( kb > rss )) && rss=$kb
  done
  printf '%-34s %8.2f s %8d MB\n' "$label" "$best" $((rss / 1024))
}

for n in ${sizes[@]}; do
  dir=$work/p$n
  if [[ ! -f $dir/target/manifest.json ]]; then
    rm -rf "$dir"
    python3 "$repo/bench/gen_dbt_project.py" --models "$n" --out "$dir" --manifest --violations 5 >/dev/null
  fi
  cat > "$dir/floe.yaml" <<YAML
apiVersion: floe.dev/v1
kind: DataProduct
metadata: {name: synthetic, version: 1.0.0, owner: bench@example.com}
platform: {ref: $platform}
transforms: [{type: dbt, path: .}]
YAML
  touch "$dir/target/manifest.json"             # newer than the files: read the manifest
  measure "validate ${n} models (manifest)" validate "$dir/floe.yaml"
  mv "$dir/target/manifest.json" "$dir/target/manifest.json.off"
  measure "validate ${n} models (files)" validate "$dir/floe.yaml"
  mv "$dir/target/manifest.json.off" "$dir/target/manifest.json"
done

echo
echo "3-tier resolution (enterprise -> sales -> customer-360), whole process:"
hyperfine -N --warmup 5 --runs 50 \
  "$floe explain plugins.compute -f $repo/examples/customer-360/floe.yaml" 2>/dev/null | grep -E "Time|Range"
