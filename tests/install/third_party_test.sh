#!/usr/bin/env bash
# third_party_test.sh <floe build dir> <floe source dir> [<FLOE_SANITIZE ON|OFF>]
#
# The install test: what a third party does with a released floe.
#   1. install the SDK from the build tree into a temporary prefix
#   2. configure and build examples/third-party-plugin against that prefix
#      (find_package(floe) + floe_add_plugin: a `secrets` plugin, "dotenv")
#   3. with FLOE_PLUGIN_PATH at the example's plugin root, run the INSTALLED
#      floe: list (duckdb from the prefix, dotenv from the example), info, and
#      real calls into the dotenv plugin (values, errors, health)
#   4. pkg-config --cflags/--libs floe from the prefix compile a C program
#   5. examples/c-plugin, a plain C11 catalog plugin, built with make and
#      pkg-config floe-plugin against the prefix: exports only its entry
#      point; the INSTALLED floe lists, describes and calls it (namespaces,
#      tables, errors)
#   6. the same plugin from a C-only CMake project (LANGUAGES C):
#      find_package(floe) + floe_add_plugin without Boost being looked up
#   7. the INSTALLED floe-conformance passes both plugins (the C catalog on an
#      empty directory, the C++ secrets plugin on the .env file of step 3)
# Prints PASS/FAIL per check; exits non-zero on the first failure.
set -euo pipefail

build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
sanitize=${3:-OFF}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/floe-install-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
example_build=$tmp/example-build
plugin_root=$example_build/plugins

pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
# Runs a command quietly, keeping its output in a log shown on failure.
quiet() {
  local what=$1 log=$tmp/step.log
  shift
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    fail "$what (command: $*)"
  fi
}
# json_out FILE WHAT CMD...: runs CMD with stdout (JSON) into FILE.
json_out() {
  local file=$1 what=$2
  shift 2
  if ! "$@" >"$file" 2>"$tmp/stderr.log"; then
    cat "$tmp/stderr.log" >&2
    fail "$what (command: $*)"
  fi
}
# json_get FILE EXPR: evaluates a Python expression over the JSON document `d`.
json_get() { python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }

# ---- 1. install ------------------------------------------------------------
quiet "cmake --install of $build" cmake --install "$build" --prefix "$prefix"
[[ -x $prefix/bin/floe ]] || fail "the install has no bin/floe"
floe_config=$(find "$prefix" -name floeConfig.cmake -print -quit)
[[ -n $floe_config ]] || fail "the install has no floeConfig.cmake"
pass "SDK installed into a temporary prefix (floeConfig.cmake at ${floe_config#"$prefix"/})"

# libcurl and libcrypto are opened on first use, never linked (docs/abi.md):
# the installed library and CLI do not name them, and the installed floe
# starts without them.
core_so=$(find "$prefix" -name 'libfloe-core.so.1' -print -quit)
[[ -n $core_so ]] || fail "the install has no libfloe-core.so.1"
for f in "$core_so" "$prefix/bin/floe"; do
  needed=$(LC_ALL=C readelf -d "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
  [[ -n $needed ]] || fail "readelf -d $f shows no NEEDED entries: cannot tell what it links"
  [[ $needed != *libcurl* && $needed != *libcrypto* && $needed != *libssl* ]] ||
    fail "$f links libcurl or OpenSSL ($needed); they must be opened on first use"
done
loaded=$(LD_DEBUG=files "$prefix/bin/floe" --version 2>&1 >/dev/null | grep -c 'file=.*needed by' || true)
((loaded > 0 && loaded <= 12)) || fail "the installed floe --version loads $loaded libraries (expected 1-12)"
pass "installed libfloe-core and floe link neither libcurl nor OpenSSL; floe --version loads $loaded libraries"

# ---- 2. build the third-party plugin against the installed SDK ------------
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
quiet "configuring examples/third-party-plugin against the installed SDK" \
  cmake -S "$src/examples/third-party-plugin" -B "$example_build" ${generator[@]+"${generator[@]}"} \
        -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
found=$(sed -n 's/^floe_DIR:PATH=//p' "$example_build/CMakeCache.txt")
[[ $found == "$prefix"/* ]] || fail "find_package(floe) used '$found', not the temporary prefix"
quiet "building examples/third-party-plugin" cmake --build "$example_build"
so=$plugin_root/floe.secrets/floe_secrets_dotenv.so
[[ -f $so && -f $plugin_root/floe.secrets/floe_secrets_dotenv.plugin.json ]] ||
  fail "no plugin and manifest under $plugin_root/floe.secrets/"
pass "example plugin built with find_package(floe) + floe_add_plugin (plugins/floe.secrets/)"

# ---- 3. the installed floe finds and calls it -----------------------------
floe=$prefix/bin/floe
# Only the prefix and FLOE_PLUGIN_PATH: no user or virtualenv plugin roots.
export FLOE_PLUGIN_PATH=$plugin_root
export XDG_DATA_HOME=$tmp/xdg-data HOME=$tmp/home
unset VIRTUAL_ENV
mkdir -p "$HOME"

json_out "$tmp/list.json" "floe plugins list --json" "$floe" plugins list --json
python3 - "$tmp/list.json" "$prefix" "$plugin_root" <<'EOF' || fail "floe plugins list --json: see above"
import json, os, sys
doc, prefix, root = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3]
plugins = doc["plugins"] if isinstance(doc, dict) else doc
def find(category, name, under, where):
    hits = [p for p in plugins if p.get("category") == category and p.get("name") == name]
    if not hits:
        sys.exit(f"{category}/{name} is not listed; listed: {[(p.get('category'), p.get('name')) for p in plugins]}")
    library = os.path.realpath(hits[0].get("library", ""))
    if not library.startswith(os.path.realpath(under) + "/"):
        sys.exit(f"{category}/{name} was found at {library}, not {where} ({under})")
find("compute", "duckdb", prefix, "the install prefix")
find("ingestion", "dlt", prefix, "the install prefix")
find("secrets", "dotenv", root, "FLOE_PLUGIN_PATH")
EOF
pass "installed floe lists compute/duckdb and ingestion/dlt (from the prefix) and secrets/dotenv (from FLOE_PLUGIN_PATH)"
# The dlt plugin finds its Python runner beside its library, as in the build tree.
[[ -f $prefix/lib/floe/plugins/floe.ingestion/floe_ingestion_dlt-runner/run_dlt.py ]] ||
  fail "the dlt runner is not installed beside floe_ingestion_dlt.so"
pass "ingestion/dlt's runner is installed beside it (floe.ingestion/floe_ingestion_dlt-runner/)"

quiet "floe plugins info secrets dotenv" "$floe" plugins info secrets dotenv
grep -q dotenv "$tmp/step.log" || fail "floe plugins info secrets dotenv does not name the plugin"
json_out "$tmp/info.json" "floe plugins info secrets dotenv --json" "$floe" plugins info secrets dotenv --json
methods=$(json_get "$tmp/info.json" '" ".join(sorted(m["name"] for m in d["methods"] if m["required"] and m["implemented"]))')
[[ $methods == "get_secret list_secrets" ]] || fail "implemented required methods are '$methods', expected 'get_secret list_secrets'"
[[ $(json_get "$tmp/info.json" 'd["config_schema"]["required"]') == "['path']" ]] || fail "the config schema does not require 'path'"
pass "floe plugins info secrets dotenv (get_secret, list_secrets; config schema requires 'path')"

# A .env file exercising the syntax: export, comments, quotes, escapes, blanks.
env_file=$tmp/test.env
cat >"$env_file" <<'EOF'
# test secrets for the floe install test

export X=hello-from-dotenv
QUOTED="two words # not a comment"
SINGLE='literal \n $kept'
ESCAPED="line1\nline2"
APP_DB_PASSWORD=s3cret   # a trailing comment
  APP_DB_USER = floe
MULTI="first
second"
EMPTY=
EOF
config=$(python3 -c 'import json, sys; print(json.dumps({"path": sys.argv[1]}))' "$env_file")

# call METHOD REQUEST: the installed floe calls the dotenv plugin; stdout in $tmp/out.json.
call() {
  "$floe" plugins call secrets dotenv "$1" --config "$config" --request "$2" --json \
    >"$tmp/out.json" 2>"$tmp/err.txt"
}
expect_value() {
  local key=$1 want=$2 got
  call get_secret "{\"key\":\"$key\"}" || { cat "$tmp/err.txt" >&2; fail "get_secret $key failed"; }
  got=$(json_get "$tmp/out.json" 'json.dumps(d["value"])')
  [[ $got == "$want" ]] || fail "get_secret $key returned $got, expected $want"
}
expect_value X '"hello-from-dotenv"'
expect_value QUOTED '"two words # not a comment"'
# shellcheck disable=SC2016  # the $ is literal: single quotes in .env do not expand
expect_value SINGLE '"literal \\n $kept"'
expect_value ESCAPED '"line1\nline2"'
expect_value APP_DB_PASSWORD '"s3cret"'
expect_value APP_DB_USER '"floe"'
expect_value MULTI '"first\nsecond"'
expect_value EMPTY '""'
pass "floe plugins call secrets dotenv get_secret returns the values (export, quotes, escapes, comments)"

# Isolated, the installed library starts the installed helper (<libdir>/floe/floe-plugin-host).
[[ -x $prefix/lib/floe/floe-plugin-host ]] || fail "the plugin host helper is not installed at lib/floe/floe-plugin-host"
FLOE_PLUGIN_ISOLATION=process call get_secret '{"key":"X"}' || { cat "$tmp/err.txt" >&2; fail "isolated get_secret failed"; }
[[ $(json_get "$tmp/out.json" 'd["value"]') == hello-from-dotenv ]] || fail "isolated get_secret returned another value"
pass "the installed floe runs the third-party plugin isolated, in the installed floe-plugin-host"

call list_secrets '{"prefix":"APP_"}' || { cat "$tmp/err.txt" >&2; fail "list_secrets failed"; }
got=$(json_get "$tmp/out.json" 'json.dumps(d)')
[[ $got == '{"keys": ["APP_DB_PASSWORD", "APP_DB_USER"]}' ]] || fail "list_secrets {prefix: APP_} returned $got"
call list_secrets '{}' || { cat "$tmp/err.txt" >&2; fail "list_secrets failed"; }
got=$(json_get "$tmp/out.json" '" ".join(d["keys"])')
[[ $got == "APP_DB_PASSWORD APP_DB_USER EMPTY ESCAPED MULTI QUOTED SINGLE X" ]] || fail "list_secrets {} returned '$got'"
! grep -q s3cret "$tmp/out.json" || fail "list_secrets output contains a secret value"
pass "list_secrets returns sorted keys, filtered by prefix, never values"

if call get_secret '{"key":"ABSENT"}'; then fail "get_secret of an absent key succeeded"; fi
grep -qi 'not found\|no secret' "$tmp/err.txt" || { cat "$tmp/err.txt" >&2; fail "get_secret of an absent key: no not-found error"; }
pass "get_secret of an absent key fails with not found"

if call set_secret '{"key":"X","value":"v"}'; then fail "set_secret succeeded on a read-only plugin"; fi
grep -qi 'not implemented' "$tmp/err.txt" || { cat "$tmp/err.txt" >&2; fail "set_secret: no not-implemented error"; }
pass "set_secret (optional, not offered) fails with not implemented"

call health_check '{}' || { cat "$tmp/err.txt" >&2; fail "health_check failed"; }
[[ $(json_get "$tmp/out.json" 'd["state"]') == healthy ]] || fail "health_check of a readable file: $(cat "$tmp/out.json")"
config=$(python3 -c 'import json, sys; print(json.dumps({"path": sys.argv[1]}))' "$tmp/missing.env")
call health_check '{}' || { cat "$tmp/err.txt" >&2; fail "health_check (missing file) failed"; }
[[ $(json_get "$tmp/out.json" 'd["state"]') == unhealthy ]] || fail "health_check of a missing file: $(cat "$tmp/out.json")"
pass "health_check: healthy for a readable file, unhealthy for a missing one"

# A malformed line is reported as file:line, without quoting the line.
printf 'GOOD=1\n\nthis-line-is-a-leaked-token\n' >"$tmp/bad.env"
config=$(python3 -c 'import json, sys; print(json.dumps({"path": sys.argv[1]}))' "$tmp/bad.env")
if call get_secret '{"key":"GOOD"}'; then fail "get_secret on a malformed file succeeded"; fi
grep -qF "$tmp/bad.env:3:" "$tmp/err.txt" || { cat "$tmp/err.txt" >&2; fail "malformed line not reported as $tmp/bad.env:3"; }
! grep -q leaked-token "$tmp/err.txt" || fail "the error message quotes the malformed line"
pass "a malformed line is reported as <file>:3 without its content"

# The config schema is enforced by the host: "path" is required.
if "$floe" plugins call secrets dotenv list_secrets --config '{}' --json >/dev/null 2>"$tmp/err.txt"; then
  fail "a config without 'path' was accepted"
fi
grep -q path "$tmp/err.txt" || { cat "$tmp/err.txt" >&2; fail "the config error does not name 'path'"; }
pass "a config without 'path' is refused, naming the key"

# ---- 4. pkg-config ---------------------------------------------------------
pc=$(find "$prefix" -name floe.pc -print -quit)
[[ -n $pc ]] || fail "the install has no floe.pc"
export PKG_CONFIG_PATH=${pc%/*}
cflags=$(pkg-config --cflags floe) || fail "pkg-config --cflags floe failed"
libs=$(pkg-config --libs floe) || fail "pkg-config --libs floe failed"
include_dir=$(realpath -m "$(sed -n 's/.*-I\([^ ]*\).*/\1/p' <<<"$cflags")")
[[ $include_dir == "$(realpath "$prefix")/include" ]] ||
  fail "pkg-config --cflags floe gives '$cflags', not the prefix's include directory"
cat >"$tmp/use_floe.c" <<'EOF'
#include <floe/floe.h>
#include <stdio.h>
int main(void) {
  printf("%s %u\n", floe_version_string(), (unsigned)floe_abi_version());
  return floe_abi_version() / 1000000u == FLOE_ABI_VERSION_MAJOR ? 0 : 1;
}
EOF
ccflags=(-std=c11 -Wall -Werror)
# An instrumented libfloe-core needs the sanitizer runtimes in the program too.
[[ $sanitize == ON ]] && ccflags+=("-fsanitize=address,undefined")
# shellcheck disable=SC2086  # pkg-config output is a list of flags
quiet "compiling a C program with pkg-config's flags" cc "${ccflags[@]}" $cflags "$tmp/use_floe.c" -o "$tmp/use_floe" $libs
libdir=$(pkg-config --variable=libdir floe)
quiet "running the C program" env LD_LIBRARY_PATH="$libdir" "$tmp/use_floe"
pass "pkg-config --cflags/--libs floe build a C program against the install ($(cat "$tmp/step.log"))"

# ---- 5. a plain C plugin: make + pkg-config floe-plugin --------------------
plugin_cflags=$(pkg-config --cflags floe-plugin) || fail "pkg-config --cflags floe-plugin failed"
[[ $(realpath -m "$(sed -n 's/.*-I\([^ ]*\).*/\1/p' <<<"$plugin_cflags")") == "$(realpath "$prefix")/include" ]] ||
  fail "pkg-config --cflags floe-plugin gives '$plugin_cflags', not the prefix's include directory"
plugin_libs=$(pkg-config --libs floe-plugin) || fail "pkg-config --libs floe-plugin failed"
[[ -z ${plugin_libs// /} ]] || fail "pkg-config --libs floe-plugin gives '$plugin_libs': a plugin links nothing of floe"
plugindir=$(pkg-config --variable=plugindir floe-plugin)
[[ $(realpath -m "$plugindir") == "$(realpath "$prefix")/lib/floe/plugins" ]] ||
  fail "pkg-config --variable=plugindir floe-plugin gives '$plugindir', not <prefix>/lib/floe/plugins"
pass "pkg-config floe-plugin: cflags of the prefix, no libs, plugindir=<prefix>/lib/floe/plugins"

c_build=$tmp/c-plugin-build
c_root=$c_build/plugins
# As examples/c-plugin/README.md documents it: PKG_CONFIG_PATH on make's
# command line, not in the environment (GNU Make 4.3 keeps a command-line
# variable from $(shell)).
quiet "make PKG_CONFIG_PATH=... examples/c-plugin against the installed SDK" \
  env -u PKG_CONFIG_PATH make -C "$src/examples/c-plugin" PKG_CONFIG_PATH="${pc%/*}" BUILD="$c_build" FLOE="$floe" \
  CFLAGS="-O2 -g -Werror"
c_so=$c_root/floe.catalogs/floe_catalog_directory.so
[[ -f $c_so && -f $c_root/floe.catalogs/floe_catalog_directory.plugin.json ]] ||
  fail "make built no plugin and manifest under $c_root/floe.catalogs/"
# only_entry_point SO: the dynamic symbol table defines floe_plugin_init and nothing else.
only_entry_point() {
  local exported
  exported=$(nm -D --defined-only "$1" | awk '{print $3}' | sort | tr '\n' ' ')
  [[ $exported == "floe_plugin_init " ]] || fail "$1 exports '$exported', not just floe_plugin_init"
}
only_entry_point "$c_so"
! nm -D --undefined-only "$c_so" | grep -q ' floe_' || fail "$c_so needs floe_* symbols from the host"
pass "examples/c-plugin built with make + pkg-config floe-plugin; nm -D: floe_plugin_init only"

export FLOE_PLUGIN_PATH=$c_root
json_out "$tmp/cinfo.json" "floe plugins info catalog directory --json" "$floe" plugins info catalog directory --json
methods=$(json_get "$tmp/cinfo.json" '" ".join(sorted(m["name"] for m in d["methods"] if m["required"] and m["implemented"]))')
[[ $methods == "connect create_namespace create_table delete_namespace drop_table get_dbt_catalog_config list_namespaces list_tables load_table" ]] ||
  fail "catalog/directory implements the required methods '$methods'"
[[ $(json_get "$tmp/cinfo.json" 'd["config_schema"]["required"]') == "['root']" ]] || fail "the config schema does not require 'root'"
pass "installed floe: plugins info catalog directory (every required catalog method; config requires 'root')"

lake=$tmp/lake
mkdir -p "$lake"
config=$(python3 -c 'import json, sys; print(json.dumps({"root": sys.argv[1]}))' "$lake")
# ccall METHOD REQUEST: the installed floe calls catalog/directory; stdout in $tmp/out.json.
ccall() {
  "$floe" plugins call catalog directory "$1" --config "$config" --request "$2" --json \
    >"$tmp/out.json" 2>"$tmp/err.txt"
}
# expect METHOD REQUEST EXPR WANT: the call succeeds and EXPR over its response is WANT.
expect() {
  local got
  ccall "$1" "$2" || { cat "$tmp/err.txt" >&2; fail "$1 $2 failed"; }
  got=$(json_get "$tmp/out.json" "$3")
  [[ $got == "$4" ]] || fail "$1 $2: $3 is '$got', expected '$4' (response: $(cat "$tmp/out.json"))"
}
# refuse METHOD REQUEST PATTERN: the call fails with an error matching PATTERN.
refuse() {
  if ccall "$1" "$2"; then fail "$1 $2 succeeded: $(cat "$tmp/out.json")"; fi
  grep -qi "$3" "$tmp/err.txt" || { cat "$tmp/err.txt" >&2; fail "$1 $2: the error does not say '$3'"; }
}
expect connect '{}' 'd["catalog_name"], d["uri"], d["warehouse"]' "('local', 'file://$lake', '$lake')"
expect create_namespace '{"namespace": "sales", "properties": {"owner": "data-team"}}' 'd["namespace"], d["properties"]' \
  "('sales', {'owner': 'data-team'})"
refuse create_namespace '{"namespace": "sales"}' 'already exists'
refuse create_namespace '{"namespace": "../escape"}' 'not a valid name'
expect create_namespace '{"namespace": "finance"}' 'd["namespace"]' finance
expect list_namespaces '{}' 'd["namespaces"]' "['finance', 'sales']"
expect list_namespaces '{"parent": "sales"}' 'd["namespaces"]' "[]"
schema='{"type": "struct", "schema-id": 0, "fields": [{"id": 1, "name": "id", "required": true, "type": "long"}, {"id": 2, "name": "amount", "required": false, "type": "decimal(10,2)"}]}'
expect create_table "{\"identifier\": \"sales.orders\", \"schema\": $schema}" 'd["identifier"], d["metadata_location"]' \
  "('sales.orders', '$lake/sales/orders/metadata/v1.metadata.json')"
refuse create_table "{\"identifier\": \"sales.orders\", \"schema\": $schema}" 'already exists'
refuse create_table "{\"identifier\": \"nowhere.orders\", \"schema\": $schema}" 'does not exist'
refuse create_table '{"identifier": "sales.t"}' "'schema'"
expect list_tables '{"namespace": "sales"}' 'd["tables"]' "['sales.orders']"
expect load_table '{"identifier": "sales.orders"}' \
  'd["identifier"], d["metadata"]["format-version"], d["metadata"]["last-column-id"], [f["name"] for f in d["metadata"]["schemas"][0]["fields"]], d["metadata"]["location"]' \
  "('sales.orders', 2, 2, ['id', 'amount'], 'file://$lake/sales/orders')"
refuse load_table '{"identifier": "sales.absent"}' 'not found\|does not exist'
refuse load_table '{"identifier": "no-dot"}' '<namespace>.<table>'
refuse delete_namespace '{"namespace": "sales"}' 'not empty'
refuse vend_credentials '{"table": "sales.orders", "operations": ["READ"]}' 'not implemented'
expect get_dbt_catalog_config '{}' 'd["type"], d["name"], d["uri"]' "('directory', 'local', 'file://$lake')"
expect health_check '{}' 'd["state"]' healthy
expect drop_table '{"identifier": "sales.orders"}' 'd' '{}'
expect list_tables '{"namespace": "sales"}' 'd["tables"]' "[]"
expect delete_namespace '{"namespace": "sales"}' 'd' '{}'
expect list_namespaces '{}' 'd["namespaces"]' "['finance']"
config=$(python3 -c 'import json, sys; print(json.dumps({"root": sys.argv[1], "name": "gone"}))' "$tmp/no-such-dir")
refuse connect '{}' 'is not a directory'
expect health_check '{}' 'd["state"]' unhealthy
pass "installed floe calls catalog/directory: namespaces, tables (Iceberg v2 metadata), not found, not empty, not implemented, health"

# ---- 6. the same plugin from a C-only CMake project ------------------------
# CMAKE_DISABLE_FIND_PACKAGE_Boost: if floeConfig.cmake looked Boost up, the
# lookup would fail and find_package(floe) with it.
c_cmake=$tmp/c-plugin-cmake
quiet "configuring examples/c-plugin (LANGUAGES C) against the installed SDK" \
  cmake -S "$src/examples/c-plugin" -B "$c_cmake" ${generator[@]+"${generator[@]}"} \
        -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF -DCMAKE_DISABLE_FIND_PACKAGE_Boost=ON
! grep -q '^Boost_DIR\|^CMAKE_CXX_COMPILER:' "$c_cmake/CMakeCache.txt" ||
  fail "the C-only project looked up Boost or a C++ compiler (see $c_cmake/CMakeCache.txt)"
found=$(sed -n 's/^floe_DIR:PATH=//p' "$c_cmake/CMakeCache.txt")
[[ $found == "$prefix"/* ]] || fail "find_package(floe) used '$found', not the temporary prefix"
quiet "building examples/c-plugin with CMake" cmake --build "$c_cmake"
c_so=$c_cmake/plugins/floe.catalogs/floe_catalog_directory.so
[[ -f $c_so && -f $c_cmake/plugins/floe.catalogs/floe_catalog_directory.plugin.json ]] ||
  fail "floe_add_plugin built no plugin and manifest under $c_cmake/plugins/floe.catalogs/"
only_entry_point "$c_so"
export FLOE_PLUGIN_PATH=$c_cmake/plugins
config=$(python3 -c 'import json, sys; print(json.dumps({"root": sys.argv[1]}))' "$lake")
expect list_namespaces '{}' 'd["namespaces"]' "['finance']"
pass "C-only CMake project: find_package(floe) + floe_add_plugin (floe::c-headers, no Boost) build a plugin the installed floe calls"

# ---- 7. the installed conformance kit passes the third parties' plugins ----
kit=$prefix/bin/floe-conformance
[[ -x $kit ]] || fail "the install has no bin/floe-conformance"
# conform CATEGORY NAME ROOT CONFIG: the installed kit passes the plugin.
conform() {
  local log=$tmp/conformance.log
  if ! "$kit" "$1" "$2" --plugin-path "$3" --config "$4" >"$log" 2>&1; then
    grep -v '^PASS' "$log" >&2
    fail "the installed floe-conformance fails $1/$2 (see above)"
  fi
  pass "installed floe-conformance passes $1/$2: $(tail -1 "$log")"
}
kit_lake=$tmp/conformance-lake
mkdir -p "$kit_lake"
conform catalog directory "$c_root" "$(python3 -c 'import json, sys; print(json.dumps({"root": sys.argv[1]}))' "$kit_lake")"
conform secrets dotenv "$plugin_root" "$(python3 -c 'import json, sys; print(json.dumps({"path": sys.argv[1]}))' "$env_file")"

echo "PASS: install test complete"
