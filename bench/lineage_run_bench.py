#!/usr/bin/env python3
"""What OpenLineage emission adds to a real floe run, side by side.

    .venv/bin/python bench/lineage_run_bench.py [--models 1000] [--rounds 1] [--floe build/bin/floe]

Makes a runnable dbt project of N models on DuckDB (a seed; bronze tables
over it, silver and gold tables that each join two earlier models; every model with a
documented column and a not_null test), and a 2-tier platform for it, then
runs `floe run` on it with lineage off, with the file backend and with the
http backend posting to the tests' receiver (tests/lineage/openlineage_receiver.py,
which validates every event: its CPU counts against the machine, not floe).
For each run it reports the wall time, the CPU time of the floe process
itself (utime+stime from /proc, without dbt's), floe's own overhead as the
run record counts it (floe_overhead_s: the run's wall time minus dbt's) and
floe's peak resident memory (VmHWM), polled every 20 ms until it ends. Rounds run the
three variants in turn. The venv's dbt must be on PATH (this script puts the
venv's bin first).
"""
import argparse
import json
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
TICK = os.sysconf("SC_CLK_TCK")


def write_project(root, models):
    shop = root / "bench"
    (shop / "models").mkdir(parents=True)
    (shop / "seeds").mkdir()
    (shop / "seeds" / "raw_events.csv").write_text("id,amount\n" + "".join(f"{i},{i * 3}\n" for i in range(50)))
    (shop / "dbt_project.yml").write_text(
        'name: bench\nversion: "1.0.0"\nconfig-version: 2\nprofile: bench\n'
        'model-paths: ["models"]\nseed-paths: ["seeds"]\nmodels:\n  bench:\n    +materialized: table\n')
    (shop / "floe.yaml").write_text(
        "apiVersion: floe.dev/v1\nkind: DataProduct\nmetadata:\n  name: bench\n  version: 1.0.0\n"
        "platform:\n  ref: ../platform/manifest.yaml\ntransforms:\n  - type: dbt\n    path: .\n")
    yml = ["version: 2", "models:"]
    for i in range(models):
        layer = "bronze" if i < models * 0.4 else "silver" if i < models * 0.75 else "gold"
        name = f"{layer}_m{i:05}"
        if layer == "bronze":
            sql = "select id, amount from {{ ref('raw_events') }}"
        else:
            a, b = (i * 7919) % i, (i * 104729) % i
            up = lambda j: ("bronze" if j < models * 0.4 else "silver" if j < models * 0.75 else "gold") + f"_m{j:05}"
            sql = (f"select x.id, x.amount + y.amount as amount from {{{{ ref('{up(a)}') }}}} x "
                   f"join {{{{ ref('{up(b)}') }}}} y using (id)")
        (shop / "models" / f"{name}.sql").write_text(sql + "\n")
        yml += [f"  - name: {name}", "    description: A benchmark model.", "    columns:",
                "      - name: id", "        description: The key.", "        data_tests: [not_null]"]
    (shop / "models" / "schema.yml").write_text("\n".join(yml) + "\n")
    return shop


def write_platform(root, lineage):
    (root / "platform").mkdir(exist_ok=True)
    (root / "platform" / "manifest.yaml").write_text(
        "apiVersion: floe.dev/v1\nkind: Manifest\nmetadata:\n  name: bench-platform\n  version: 1.0.0\n"
        "plugins:\n  compute:\n    type: duckdb\n    config:\n      path: warehouse/bench.duckdb\n      threads: 2\n"
        + lineage + "data_architecture:\n  pattern: medallion\n  naming:\n    enforcement: off\n")


def measure(floe, product, env):
    started = time.monotonic()
    proc = subprocess.Popen([floe, "run", str(product / "floe.yaml"), "--json"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    cpu = hwm = 0.0
    stat, status = f"/proc/{proc.pid}/stat", f"/proc/{proc.pid}/status"
    while proc.poll() is None:
        try:
            fields = open(stat).read().rsplit(")", 1)[1].split()
            cpu = (int(fields[11]) + int(fields[12])) / TICK
            for line in open(status):
                if line.startswith("VmHWM:"):
                    hwm = int(line.split()[1])
        except (OSError, IndexError, ValueError):
            pass
        time.sleep(0.02)
    out = proc.stdout.read()
    wall = time.monotonic() - started
    report = json.loads(out)
    record = json.loads((product / "target" / "floe_run.json").read_text())
    drops = [d["message"] for d in report.get("diagnostics", []) if d["code"] in ("FLOE-X120", "FLOE-X121")]
    return {"wall_s": round(wall, 2), "floe_overhead_s": record.get("floe_overhead_s"), "floe_cpu_s": round(cpu, 2), "floe_peak_rss_mb": round(hwm / 1024, 1),
            "outcome": report.get("outcome"), "lineage_warnings": drops}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--floe", default=str(ROOT / "build" / "bin" / "floe"))
    args = parser.parse_args()
    venv_bin = pathlib.Path(sys.executable).parent
    env = dict(os.environ, PATH=f"{venv_bin}:{os.environ['PATH']}", OPENLINEAGE_DISABLED="")
    env.pop("VIRTUAL_ENV", None)
    work = pathlib.Path(tempfile.mkdtemp(prefix="floe-lineage-run-bench-"))
    receiver = None
    try:
        product = write_project(work, args.models)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        ready = work / "ready"
        receiver = subprocess.Popen([sys.executable, str(ROOT / "tests/lineage/openlineage_receiver.py"), "serve",
                                     "--port", str(port), "--schemas", str(ROOT / "tests/fixtures/openlineage"),
                                     "--log", str(work / "received.jsonl"), "--ready", str(ready)])
        while not ready.exists():
            time.sleep(0.05)
        variants = {
            "off": "",
            "file": "  lineage_backend:\n    type: file\n",
            "http": f"  lineage_backend:\n    type: http\n    config:\n      url: http://127.0.0.1:{port}\n",
        }
        # One unmeasured run builds the warehouse and dbt's partial parse.
        write_platform(work, "")
        measure(args.floe, product, env)
        results = []
        for r in range(args.rounds):
            for name, lineage in variants.items():
                write_platform(work, lineage)
                result = measure(args.floe, product, env)
                result.update(variant=name, round=r + 1)
                results.append(result)
                print(json.dumps(result), flush=True)
        received = (work / "received.jsonl").read_text().splitlines() if (work / "received.jsonl").exists() else []
        invalid = sum(1 for line in received if json.loads(line)["errors"])
        print(json.dumps({"models": args.models, "events_received": len(received), "events_invalid": invalid,
                          "load_average": open("/proc/loadavg").read().split()[:3]}))
    finally:
        if receiver is not None:
            receiver.terminate()
            receiver.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
