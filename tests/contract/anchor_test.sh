#!/usr/bin/env bash
# The anchor for floe's data contracts: datacontract-cli (PyPI, its own
# virtualenv made by scripts/install-datacontract-cli) lints what floe
# writes and rejects what floe rejects; its own template loads in floe.
# Usage: anchor_test.sh FLOE SOURCE_DIR DATACONTRACT
set -euo pipefail
floe=$1 src=$2 dc=$3
if [[ ! -x $dc ]]; then
  echo "datacontract-cli is not installed at $dc: run scripts/bootstrap (scripts/install-datacontract-cli)" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$src/examples/customer-360" "$src/examples/enterprise" "$tmp/"

fail() { echo "FAIL: $*" >&2; exit 1; }

for port in customer_360 customer_orders customer_profile; do
  "$floe" contract init "$port" -f "$tmp/customer-360/floe.yaml" -o "$tmp/$port.odcs.yaml" --force >/dev/null 2>&1 ||
    fail "floe contract init $port"
  "$dc" lint "$tmp/$port.odcs.yaml" >"$tmp/lint.log" 2>&1 || { cat "$tmp/lint.log"; fail "datacontract lint rejects what floe contract init wrote for $port"; }
done
"$dc" lint "$src/examples/customer-360/contracts/customer_profile.odcs.yaml" >"$tmp/lint.log" 2>&1 ||
  { cat "$tmp/lint.log"; fail "datacontract lint rejects the example contract"; }

# The same broken contract: both refuse it.
if "$dc" lint "$src/tests/contract/fixtures/invalid.odcs.yaml" >/dev/null 2>&1; then fail "datacontract lint accepts invalid.odcs.yaml"; fi
if "$floe" contract lint "$src/tests/contract/fixtures/invalid.odcs.yaml" >/dev/null 2>&1; then fail "floe accepts invalid.odcs.yaml"; fi

# What datacontract-cli writes loads in floe.
(cd "$tmp" && "$dc" init template.odcs.yaml >/dev/null 2>&1) || fail "datacontract init"
"$floe" contract lint "$tmp/template.odcs.yaml" >"$tmp/floe.log" 2>&1 || { cat "$tmp/floe.log"; fail "floe rejects datacontract init's template"; }
echo "datacontract-cli $("$dc" --version 2>/dev/null | tail -1): 4 contracts floe wrote pass datacontract lint; both reject invalid.odcs.yaml; datacontract init's template loads in floe"
