#!/usr/bin/env python3
"""bench/run_vs_dbt.py - `floe run` against what a data team would run instead.

    python3 bench/run_vs_dbt.py --floe FLOE --runs N NAME=PRODUCT_DIR[:ingestion] ...

For each product (already run once by the caller, so its raw tables and
target/profiles/ exist), interleaved round by round so both sides see the same
machine:

  floe run --local --exclude ingestion:<each source>
                                    the dbt part of a run: compile, one dbt
                                    build (models and tests), the gates, the
                                    contract checks; no ingestion
  dbt build                         the same project with the profile floe
                                    compiled (target floe): what a user runs
                                    without floe
  floe run --local                  with ingestion too (only for products
                                    marked :ingestion), against the same dbt
                                    build plus the run's own ingestion tool
                                    time (dlt's wall time, from the record)

Each command's CPU is its whole process tree's (user + system, from wait4),
its wall time spawn to exit. Prints medians of N and the ratios floe / dbt
by CPU and by wall (issue 36's targets: <= 1.2x for customer-360, <= 1.05x at
1k models). A command that fails fails the bench: a broken run would look
fast. Standard library only.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


def timed(argv, cwd, env):
    """(wall seconds, CPU seconds of the process tree) of one command."""
    # stderr to a file, not a pipe: a pipe nobody reads until the end would
    # stop a chatty child once it is full.
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            text = err.read().decode(errors="replace")
            sys.exit(f"bench: {' '.join(argv)} failed ({proc.returncode}) in {cwd}:\n{text[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime


def last_record(product):
    with open(os.path.join(product, "target", "floe_run.json")) as f:
        return json.load(f)


def ingestion_seconds(record):
    """dlt's wall time in a run record (its ingestion steps)."""
    return sum((s.get("summary") or {}).get("tool_seconds") or 0
               for s in record.get("steps", []) if s.get("kind") == "ingestion")


def main():
    ap = argparse.ArgumentParser(usage=__doc__)
    ap.add_argument("--floe", required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("products", nargs="+")
    opts = ap.parse_args()
    opts.floe = os.path.abspath(opts.floe)  # the commands run in each product's directory
    env = dict(os.environ, DBT_SEND_ANONYMOUS_USAGE_STATS="false", DO_NOT_TRACK="1", NO_COLOR="1")
    print(f"{opts.runs} interleaved runs each, medians; CPU = user + system of the whole process tree; "
          f"{os.cpu_count()} CPUs, load {' '.join(open('/proc/loadavg').read().split()[:3])}")
    for spec in opts.products:
        name, _, rest = spec.partition("=")
        product, _, flag = rest.partition(":")
        floe_yaml = os.path.join(product, "floe.yaml")
        dbt = ["dbt", "build", "--project-dir", product, "--profiles-dir", os.path.join(product, "target", "profiles"),
               "--target", "floe"]
        # The dbt part alone: each ingestion source excluded by name (from the
        # first run's compiled artifacts), so dbt gets no selection to
        # evaluate, as the plain dbt build gets none.
        with open(os.path.join(product, "target", "compiled_artifacts.json")) as f:
            sources = [s["name"] for s in (json.load(f).get("ingestion") or {}).get("sources", [])]
        dbt_part = [opts.floe, "run", floe_yaml, "--local"]
        for source in sources:
            dbt_part += ["--exclude", f"ingestion:{source}"]
        sides = {"floe run (dbt part)": dbt_part, "dbt build": dbt}
        if flag == "ingestion":
            sides["floe run (with ingestion)"] = [opts.floe, "run", floe_yaml, "--local"]
        results = {side: [] for side in sides}
        dlt, overhead = [], []
        for _ in range(opts.runs):
            for side, argv in sides.items():
                results[side].append(timed(argv, product, env))
                if side.startswith("floe"):
                    record = last_record(product)
                    if record.get("status") != "success":
                        sys.exit(f"bench: {side} of {name}: {record.get('status')}")
                    overhead.append(record["floe_overhead_s"])
                if side == "floe run (with ingestion)":
                    dlt.append(ingestion_seconds(record))
        med = {side: (statistics.median(w for w, _ in r), statistics.median(c for _, c in r))
               for side, r in results.items()}
        print(f"\n{name}")
        for side, (wall, cpu) in med.items():
            print(f"  {side:28s} wall {wall:8.2f} s   cpu {cpu:8.2f} s")
        fw, fc = med["floe run (dbt part)"]
        dw, dc = med["dbt build"]
        print(f"  ratio floe run / dbt build: {fc / dc:.2f}x by CPU, {fw / dw:.2f}x by wall; floe's own "
              f"overhead (floe_overhead_s) {statistics.median(overhead) * 1000:.0f} ms")
        if dlt:
            iw, ic = med["floe run (with ingestion)"]
            by_hand = dw + statistics.median(dlt)
            print(f"  with ingestion: floe run {iw:.2f} s wall against dbt build + dlt's own time "
                  f"({statistics.median(dlt):.2f} s) = {by_hand:.2f} s: {iw / by_hand:.2f}x by wall")
    return 0


if __name__ == "__main__":
    sys.exit(main())
