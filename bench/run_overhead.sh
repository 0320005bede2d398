#!/usr/bin/env bash
# bench/run_overhead.sh - `floe run` against what a data team would run
# instead (docs/performance.md#floe-run), by CPU and by wall time, with the
# ratio (bench/run_vs_dbt.py does the measuring, interleaved, medians):
#   1. customer-360 (the quickstart product: 4 dlt sources, 9 models, 88
#      tests, an ODCS contract): the dbt part of `floe run` against one
#      `dbt build` of the same project with floe's profile, and the whole run
#      (with ingestion) against that dbt build plus dlt's own time;
#   2. a generated project of MODELS models (default 1000; views, each on its
#      predecessor, one not_null test each) on a 2-tier DuckDB platform.
# Each product is run once first (untimed): its raw tables and the profile
# floe compiles must exist before a plain dbt build can run.
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

first_run() {  # PRODUCT_DIR: a run that fails fails the bench
  "$floe" run "$1/floe.yaml" --local --json >/dev/null || { echo "bench: the first floe run of $1 failed" >&2; exit 1; }
}

echo "floe $("$floe" --version | cut -d' ' -f2)"
cp -R "$repo/examples" "$work/examples"
first_run "$work/examples/customer-360"
bash "$repo/bench/gen_run_product.sh" "$work/gen" "$models" "$venv/bin/python"
first_run "$work/gen/product"
"$venv/bin/python" "$repo/bench/run_vs_dbt.py" --floe "$floe" --runs "$runs" \
  "customer-360=$work/examples/customer-360:ingestion" "generated, $models models=$work/gen/product"
