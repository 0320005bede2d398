#!/usr/bin/env bash
# bench/contract_memory.sh - peak memory of reading a large ODCS contract, as a
# multiple of the file (issue 34: memory per input bounded to a small multiple),
# on both YAML paths: the fast parser's subset, and yaml-cpp's (one anchor and
# one alias added). Medians of RUNS (default 3) of `floe contract lint`.
#   bench/contract_memory.sh            # MB=10 WORK=/tmp/floe-contract-memory
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
floe=${FLOE:-$repo/build/bin/floe}
work=${WORK:-/tmp/floe-contract-memory}
runs=${RUNS:-3}
mb=${MB:-10}
mkdir -p "$work"
python3 "$repo/bench/gen_large_contract.py" --mb "$mb" > "$work/fast.odcs.yaml"
python3 "$repo/bench/gen_large_contract.py" --mb "$mb" --anchor > "$work/yaml-cpp.odcs.yaml"
printf '%-10s %10s %12s %8s %8s\n' path "file (KB)" "peak (KB)" ratio "cpu (s)"
for path in fast yaml-cpp; do
  file=$work/$path.odcs.yaml
  size_kb=$(( $(stat -c %s "$file") / 1024 ))
  results=()
  for _ in $(seq "$runs"); do
    # The verdict cache would skip the schema check on the second run.
    FLOE_CONTRACT_CACHE=off /usr/bin/time -f '%M %U %S' -o "$work/time.txt" "$floe" contract lint "$file" >/dev/null
    results+=("$(cat "$work/time.txt")")
  done
  median=$(printf '%s\n' "${results[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  read -r peak user sys <<< "$median"
  awk -v p="$path" -v f="$size_kb" -v k="$peak" -v u="$user" -v s="$sys" \
    'BEGIN { printf "%-10s %10d %12d %7.1fx %8.2f\n", p, f, k, k / f, u + s }'
done
