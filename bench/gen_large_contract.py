#!/usr/bin/env python3
"""Writes an ODCS v3 contract of about --mb megabytes to stdout: tables of 50
string columns each, every column with a logical type, required and a
description. The input of docs/performance.md#reading-large-contracts:

    python3 bench/gen_large_contract.py --mb 10 > /tmp/contracts_big.odcs.yaml
    /usr/bin/time -f '%e s %M KB' build/bin/floe contract lint /tmp/contracts_big.odcs.yaml

--anchor gives the first column's description an anchor and the last one an
alias of it: the same contract, outside the fast YAML subset (yaml-cpp's path).
bench/contract_memory.sh runs both.
"""
import argparse
import sys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0, help="approximate size in MiB (default 10)")
    parser.add_argument("--anchor", action="store_true", help="one anchor and one alias: read through yaml-cpp")
    args = parser.parse_args()
    limit = int(args.mb * 1024 * 1024)
    out = ["apiVersion: v3.1.0", "kind: DataContract", "id: urn:bench:large", "version: 1.0.0", "status: active", "schema:"]
    size = sum(len(line) + 1 for line in out)
    table = 0
    while size < limit:
        block = [f"  - name: table_{table}", f"    physicalName: table_{table}", "    properties:"]
        for column in range(50):
            block += [f"      - name: column_{column}", "        logicalType: string", "        required: true",
                      f"        description: Column {column} of table {table}, a value."]
        out += block
        size += sum(len(line) + 1 for line in block)
        table += 1
    if args.anchor:
        first = next(i for i, line in enumerate(out) if line.startswith("        description: "))
        out[first] = out[first].replace("description: ", "description: &shared ", 1)
        last = max(i for i, line in enumerate(out) if line.startswith("        description: "))
        out[last] = "        description: *shared"
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
