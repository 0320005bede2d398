#!/usr/bin/env bash
# libfloe-iceberg must export only its floe_iceberg_* C API (plus its version
# node), carry the ABI major in its SONAME, and link libcurl itself (it is the
# library that may; libfloe-core and the CLI must not, tests/install checks).
set -euo pipefail
lib="$1"
extra=$(nm -D --defined-only "$lib" | awk '{print $3}' | sed 's/@.*//' | grep -v -E '^(floe_iceberg_[a-z0-9_]+|FLOE_ICEBERG_1)$' || true)
if [ -n "$extra" ]; then
  echo "FAIL: unexpected exported symbols:"; echo "$extra"; exit 1
fi
count=$(nm -D --defined-only "$lib" | grep -c ' T floe_iceberg_')
[ "$count" -ge 6 ] || { echo "FAIL: only $count floe_iceberg_* functions exported"; exit 1; }
soname=$(objdump -p "$lib" | awk '/SONAME/ {print $2}')
[ "$soname" = "libfloe-iceberg.so.1" ] || { echo "FAIL: SONAME is '$soname', expected libfloe-iceberg.so.1"; exit 1; }
objdump -p "$lib" | grep -q 'NEEDED.*libcurl' || { echo "FAIL: $lib does not link libcurl"; exit 1; }
echo "PASS: $count floe_iceberg_* functions exported, SONAME $soname"
