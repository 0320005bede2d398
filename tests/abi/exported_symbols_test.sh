#!/usr/bin/env bash
# libfloe-core must export only the floe_* C API (plus its version node) and
# carry the ABI major in its SONAME.
set -euo pipefail
lib="$1"
extra=$(nm -D --defined-only "$lib" | awk '{print $3}' | sed 's/@.*//' | grep -v -E '^(floe_[a-z0-9_]+|FLOE_1)$' || true)
if [ -n "$extra" ]; then
  echo "FAIL: unexpected exported symbols:"; echo "$extra"; exit 1
fi
count=$(nm -D --defined-only "$lib" | grep -c ' T floe_')
[ "$count" -ge 17 ] || { echo "FAIL: only $count floe_* functions exported"; exit 1; }
soname=$(objdump -p "$lib" | awk '/SONAME/ {print $2}')
[ "$soname" = "libfloe-core.so.1" ] || { echo "FAIL: SONAME is '$soname', expected libfloe-core.so.1"; exit 1; }
echo "PASS: $count floe_* functions exported, SONAME $soname"
