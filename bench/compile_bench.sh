#!/usr/bin/env bash
# bench/compile_bench.sh - `floe validate` (everything compile does but the
# final write) with every rule on, on synthetic dbt projects of 1k, 10k and
# 50k models, read from the project files and from dbt's target/manifest.json;
# plus resolution of the 3-tier example chain. Prints wall time (the median
# and the fastest of N) and peak RSS per case. Figures go to
# docs/performance.md. The projects carry violations on purpose, so validate
# exits 4 (policy violation); any other status fails the bench (a run that
# broke early would look fast).
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
  local times=() rss=0 status
  for _ in $(seq "$runs"); do
    status=0
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$floe" "$@" >"$work/out.txt" 2>&1 || status=$?
    if ((status != 0 && status != 4)); then
      echo "bench: floe $* exited $status (expected 0 or 4):" >&2
      tail -20 "$work/out.txt" >&2
      exit 1
    fi
    read -r secs kb < <(tail -n 1 "$work/time.txt")
    times+=("$secs")
    (( kb > rss )) && rss=$kb
  done
  local median fastest
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
  fastest=$(printf '%s\n' "${times[@]}" | sort -n | head -1)
  printf '%-34s median %8.2f s  fastest %8.2f s %8d MB\n' "$label" "$median" "$fastest" $((rss / 1024))
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
command -v hyperfine >/dev/null || { echo "bench: hyperfine is needed for this part (apt-get install hyperfine)" >&2; exit 1; }
hyperfine -N --warmup 5 --runs 50 "$floe explain plugins.compute -f $repo/examples/customer-360/floe.yaml" |
  grep -E "Time|Range"
