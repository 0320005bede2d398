#!/usr/bin/env bash
# bench/contract_overhead.sh - what data contract checks add to `floe validate`
# (issue 16's figure: under 10 % on a 1k-model project with 100 ports).
#
# Generates a 1k-model project (bench/gen_dbt_project.py, no violations),
# writes 100 output ports on its gold models, each with the ODCS contract
# `floe contract init` writes for it, and times validate with and without
# the ports (RUNS alternating pairs, default 60), from the project files.
#   bench/contract_overhead.sh            # WORK=/tmp/floe-contract-bench
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
floe=${FLOE:-$repo/build/bin/floe}
work=${WORK:-/tmp/floe-contract-bench}
runs=${RUNS:-60}
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

# Alternating pairs of processes (without, with), wall time from spawn to
# wait4 and the child's user+sys CPU, medians and minima over RUNS pairs: at
# ~25 ms a run, a shell's own timing and a machine's noise are a few percent.
# Then the same with every contract judged afresh: what the first compile
# after an edit of all 100 pays.
python3 - "$floe" "$dir/without-contracts.yaml" "$dir/with-contracts.yaml" "$runs" <<'PY'
import os, statistics, subprocess, sys, time
floe, without, with_, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

def timed(product, env=None):
    start = time.perf_counter()
    proc = subprocess.Popen([floe, "validate", product], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=env)
    _, _, ru = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, ru.ru_utime + ru.ru_stime

def pairs(env_with=None):
    a, b = [], []
    for _ in range(runs):
        a.append(timed(without))
        b.append(timed(with_, env_with))
    return a, b

def show(label, base, other):
    for i, what in ((0, "wall"), (1, "user+sys CPU")):
        bm, om = statistics.median(x[i] for x in base), statistics.median(x[i] for x in other)
        bn, on = min(x[i] for x in base), min(x[i] for x in other)
        print(f"{label}, {what}: median {bm * 1e3:.1f} -> {om * 1e3:.1f} ms ({(om - bm) / bm * 100:+.1f} %), "
              f"min {bn * 1e3:.1f} -> {on * 1e3:.1f} ms ({(on - bn) / bn * 100:+.1f} %)")

timed(with_)  # the verdicts of this build, remembered once
base, other = pairs()
show("with remembered verdicts", base, other)
base, other = pairs(dict(os.environ, FLOE_CONTRACT_CACHE="off"))
show("every contract judged afresh (FLOE_CONTRACT_CACHE=off)", base, other)
PY
printf 'ports: %d; load: %s\n' "${#gold[@]}" "$(cut -d' ' -f1-3 /proc/loadavg)"
