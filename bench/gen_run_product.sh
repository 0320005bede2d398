#!/usr/bin/env bash
# bench/gen_run_product.sh DIR MODELS PYTHON - writes a runnable product for
# the run benchmarks: DIR/platform/manifest.yaml (2-tier, DuckDB, naming off)
# and DIR/product (floe.yaml and a dbt project of MODELS views, in chains of
# 50 each on its predecessor, one not_null test each). A platform file that
# exists already is kept, so a caller can write its own first.
set -euo pipefail
dir=$1 models=$2 python=$3
gen=$dir/product
mkdir -p "$gen/models" "$dir/platform"
[[ -f $dir/platform/manifest.yaml ]] || cat > "$dir/platform/manifest.yaml" <<YAML
apiVersion: floe.dev/v1
kind: Manifest
metadata: {name: bench-platform, version: 1.0.0}
plugins:
  compute: {type: duckdb, config: {path: warehouse/bench.duckdb, threads: 4}}
data_architecture: {naming: {enforcement: off}}
YAML
cat > "$gen/floe.yaml" <<YAML
apiVersion: floe.dev/v1
kind: DataProduct
metadata: {name: bench, version: 1.0.0}
platform: {ref: ../platform/manifest.yaml}
transforms: [{type: dbt, path: .}]
YAML
printf 'name: bench\nversion: "1.0.0"\nconfig-version: 2\nprofile: bench\nmodel-paths: ["models"]\n' > "$gen/dbt_project.yml"
"$python" - "$gen/models" "$models" <<'PY'
import sys
out, n = sys.argv[1], int(sys.argv[2])
props = ["version: 2", "models:"]
for i in range(n):
    src = "select range as id from range(10)" if i % 50 == 0 else f"select id from {{{{ ref('m{i - 1:05d}') }}}}"
    open(f"{out}/m{i:05d}.sql", "w").write(src + "\n")
    props += [f"  - name: m{i:05d}", "    description: generated", "    columns:",
              "      - name: id", "        description: generated", "        data_tests: [not_null]"]
open(f"{out}/schema.yml", "w").write("\n".join(props) + "\n")
PY
