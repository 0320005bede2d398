#!/usr/bin/env bash
# bench/contract_overhead.sh - what data contract checks add to `floe validate`
# (issue 16's figure: under 10 % on a 1k-model project with 100 ports).
#
# Generates a 1k-model project (bench/gen_dbt_project.py, no violations),
# writes 100 output ports on its gold models, each with the ODCS contract
# `floe contract init` writes for it, and times validate with and without
# the ports (best of RUNS, default 7), from the project files.
#   bench/contract_overhead.sh            # WORK=/tmp/floe-contract-bench
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
floe=${FLOE:-$repo/build/bin/floe}
work=${WORK:-/tmp/floe-contract-bench}
runs=${RUNS:-7}
ports=${PORTS:-100}
dir=$work/p1000
rm -rf "$dir"
mkdir -p "$work"
python3 "$repo/bench/gen_dbt_project.py" --models 1000 --out "$dir" >/dev/null

head_yaml() {
  cat <<YAML
apiVersion: floe.dev/v1
kind: DataProduct
metadata: {name: synthetic, version: 1.0.0, owner: bench@example.com, domain: bench}
platform: {ref: $repo/examples/platform/manifest.yaml}
transforms: [{type: dbt, path: .}]
YAML
}
mapfile -t gold < <(find "$dir/models" -name 'gold_*.sql' -printf '%f\n' | sed 's/\.sql$//' | sort | head -n "$ports")
{
  head_yaml
  echo "output_ports:"
  for m in "${gold[@]}"; do echo "  - {name: $m, table: $m}"; done
} >"$dir/floe.yaml"
mkdir -p "$dir/contracts"
for m in "${gold[@]}"; do "$floe" contract init "$m" -f "$dir/floe.yaml" >/dev/null 2>&1; done
{
  head_yaml
  echo "output_ports:"
  for m in "${gold[@]}"; do echo "  - {name: $m, table: $m, contract: contracts/$m.odcs.yaml}"; done
} >"$dir/with-contracts.yaml"
cp "$dir/floe.yaml" "$dir/without-contracts.yaml"

best() {  # file -> best wall seconds of RUNS validates
  local b=""
  for _ in $(seq "$runs"); do
    local s e
    s=$(date +%s.%N)
    "$floe" validate "$1" >/dev/null 2>&1 || true
    e=$(date +%s.%N)
    local t
    t=$(awk "BEGIN{print $e - $s}")
    if [[ -z $b ]] || awk "BEGIN{exit !($t < $b)}"; then b=$t; fi
  done
  echo "$b"
}
without=$(best "$dir/without-contracts.yaml")
with=$(best "$dir/with-contracts.yaml")
# Every contract judged afresh: what the first compile after an edit of all 100 pays.
cold=$(FLOE_CONTRACT_CACHE=off best "$dir/with-contracts.yaml")
printf 'validate 1k models, %d ports without contracts: %.3f s\n' "${#gold[@]}" "$without"
printf 'validate 1k models, %d ports with ODCS contracts: %.3f s (%+.1f %%)\n' "${#gold[@]}" "$with" \
  "$(awk "BEGIN{print ($with - $without) / $without * 100}")"
printf '  ... with no remembered verdicts (FLOE_CONTRACT_CACHE=off): %.3f s (%+.1f %%)\n' "$cold" \
  "$(awk "BEGIN{print ($cold - $without) / $without * 100}")"
printf 'load: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
