#!/usr/bin/env bash
# libfloe-iceberg must export only its floe_iceberg_* C API (plus its version
# node) and carry the ABI major in its SONAME. It does not link libcurl: the
# client opens libcurl.so.4 on first use, because the catalog plugins carry
# it and floe loads selected plugins at every compile.
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
if objdump -p "$lib" | grep -q 'NEEDED.*libcurl'; then echo "FAIL: $lib links libcurl (it must open it on first use)"; exit 1; fi
echo "PASS: $count floe_iceberg_* functions exported, SONAME $soname"
