#!/usr/bin/env bash
# bench/run_overhead.sh - floe's own overhead on a run (docs/performance.md#floe-run):
# everything `floe run` spends besides dbt's and dlt's processes, side by side
# with plain `dbt build` of the same project, in one run:
#   1. customer-360 (the quickstart product: 4 dlt sources, 9 models, 88 tests);
#   2. a generated project of MODELS models (default 1000; views, each on its
#      predecessor, one not_null test each) on a 2-tier DuckDB platform.
# floe's overhead is the run record's floe_overhead_s (the run's wall time
# minus the wall times of the dbt and dlt processes, as the plugins measure
# them around the child); plain dbt is the same dbt build and dbt test floe
# runs, started by hand with floe's profile.
#
#   bench/run_overhead.sh [RUNS=3] [MODELS=1000]     (needs build/ and .venv/)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${RUNS:-3}
models=${MODELS:-1000}
floe=$repo/build/bin/floe
venv=${FLOE_VENV:-$repo/.venv}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PATH=$venv/bin:$PATH DBT_SEND_ANONYMOUS_USAGE_STATS=false DO_NOT_TRACK=1

record() { "$venv/bin/python" -c "import json,sys; r=json.load(open(sys.argv[1])); print(r['duration_s'], r['floe_overhead_s'], r['status'])" "$1"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# Fails the bench when the timed command fails: a plain run that broke early
# would look fast.
seconds_of() {
  local s e
  s=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || { echo "bench: '$*' failed" >&2; exit 1; }
  e=$(date +%s.%N)
  echo "$e - $s" | bc
}

measure() {  # NAME PRODUCT_DIR [PRISTINE_TREE TREE]
  local name=$1 dir=$2 totals=() overheads=() plain=()
  for ((i = 0; i < runs; i++)); do
    # Each run starts from the product as shipped: a second run of the same
    # copy would append its ingestion sources again (write_mode append) and
    # fail its unique tests.
    if [[ -n ${3:-} ]]; then rm -rf "$4"; cp -R "$3" "$4"; fi
    "$floe" run "$dir/floe.yaml" --json --local >/dev/null || { echo "floe run failed on $name" >&2; exit 1; }
    read -r total overhead status < <(record "$dir/target/floe_run.json")
    [[ $status == success ]] || { echo "run of $name: $status" >&2; exit 1; }
    totals+=("$total") overheads+=("$overhead")
    # The same dbt work by hand: build (models, seeds, snapshots), then test.
    # From the product's directory, as floe runs dbt: the profile's DuckDB
    # path is relative to it.
    plain+=("$(seconds_of bash -c "cd '$dir' && dbt build --project-dir '$dir' --profiles-dir '$dir/target/profiles' --target floe \
              --resource-type model --resource-type seed --resource-type snapshot && \
              dbt test --project-dir '$dir' --profiles-dir '$dir/target/profiles' --target floe")")
  done
  local t o p
  t=$(printf '%s\n' "${totals[@]}" | median)
  o=$(printf '%s\n' "${overheads[@]}" | median)
  p=$(printf '%s\n' "${plain[@]}" | median)
  printf '%-28s floe run %7.2f s   floe overhead %6.3f s (%4.1f%% of the run)   plain dbt build+test %7.2f s\n' \
    "$name" "$t" "$o" "$(echo "100 * $o / $t" | bc -l)" "$p"
}

echo "floe $("$floe" --version | cut -d' ' -f2), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $runs runs each (medians)"
measure customer-360 "$work/examples/customer-360" "$repo/examples" "$work/examples"

# A generated product: MODELS views in a chain of chains, a test on each.
gen=$work/gen/product
bash "$repo/bench/gen_run_product.sh" "$work/gen" "$models" "$venv/bin/python"
measure "generated, $models models" "$gen"
