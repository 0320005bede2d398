#!/usr/bin/env python3
"""bench/validate_watch.py - issue 36's edit loop as `floe validate --watch`
runs it: the generated 10k-model project validated once, then one file saved
at a time, each save judged by the resident process (only the file read
again, only its models judged again), against the 30 ms target.

    python3 bench/validate_watch.py [--build build] [--models 10000] [--runs 15]
                                    [--work /tmp/floe-validate-edit]

The project and floe.yaml are validate_edit_loop.py's (bench/gen_dbt_project.py
--models N, examples/platform/manifest.yaml: thousands of findings). One
`floe validate --watch --format json` process (JSON Lines, one object per
round) runs throughout, with its own XDG_CACHE_HOME. Each run saves, one
after the other, waiting for each round:

  .sql edited     a comment appended to one model's SQL (no finding changes)
  .sql undone     the same file saved back
  ref added       a ref() to a model that does not exist (FLOE-E301 appears)
  ref removed     saved back (FLOE-E301 goes away)
  .yml edited     one model's description changed in its properties file
  .yml undone     saved back

Per case: floe's `judged_ms` (from the save told by inotify to the round
judged) and the wall time from the write's close to the round's line read here, which also
holds the 20 ms floe waits for more writes of the same save. Medians and
ranges; and the watching process's CPU over all rounds (/proc/<pid>/stat, in
10 ms ticks: only the total is exact enough), per round. Every round must be incremental (`full: false`) and say what the case
expects, or the bench fails. Standard library only.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from validate_100k import load, project  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 30.0
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_ms(pid):
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000.0 / TICKS


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=str(ROOT / "build"))
    ap.add_argument("--models", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--work", default="/tmp/floe-validate-edit")
    args = ap.parse_args()
    Path(args.work).mkdir(parents=True, exist_ok=True)
    proj = project(args.work, args.models)
    floe = str(Path(args.build) / "bin/floe")
    env = dict(os.environ, XDG_CACHE_HOME=str(Path(args.work) / "xdg-cache-watch"))
    env.pop("FLOE_PARSE_CACHE", None)
    sqls = sorted((proj / "models").rglob("*.sql"))
    sql = sqls[len(sqls) // 2]
    yml = sorted((proj / "models").rglob("*.yml"))[0]
    sql_text, yml_text = sql.read_text(), yml.read_text()
    marker = "description: "
    time.sleep(2.1)  # the parse cache records only files older than two seconds

    print(f"floe validate --watch of {args.models} generated models ({proj}), {args.runs} runs, "
          f"load {load():.2f} before", flush=True)
    start = time.perf_counter()
    proc = subprocess.Popen([floe, "validate", "--watch", "--format", "json", "floe.yaml"], cwd=proj, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)
    try:
        first = json.loads(proc.stdout.readline())
        print(f"first round (a whole validate, then the project read once more, keeping each file's result, and judged): "
              f"{(time.perf_counter() - start) * 1000:.0f} ms wall, {first['counts']['errors']} errors", flush=True)
        cases = [
            (".sql edited", sql, sql_text + "-- edited\n", lambda r: not r["appeared"] and not r["resolved"]),
            (".sql undone", sql, sql_text, lambda r: not r["appeared"] and not r["resolved"]),
            ("ref added", sql, sql_text + "and exists (select 1 from {{ ref('no_such_model') }})\n",
             lambda r: [d["code"] for d in r["appeared"]] == ["FLOE-E301"] and not r["resolved"]),
            ("ref removed", sql, sql_text,
             lambda r: [d["code"] for d in r["resolved"]] == ["FLOE-E301"] and not r["appeared"]),
            (".yml edited", yml, yml_text.replace(marker, marker + "Edited. ", 1), lambda r: True),
            (".yml undone", yml, yml_text, lambda r: True),
        ]
        results = {name: [] for name, *_ in cases}
        cpu_before = cpu_ms(proc.pid)
        for _ in range(args.runs):
            for name, path, text, expect in cases:
                with open(path, "w") as f:
                    f.write(text)
                saved = time.perf_counter()
                line = proc.stdout.readline()
                wall = (time.perf_counter() - saved) * 1000
                if not line:
                    sys.exit(f"{name}: floe validate --watch ended")
                r = json.loads(line)
                if r["full"] or not expect(r):
                    sys.exit(f"{name}: unexpected round: full={r['full']} appeared={len(r['appeared'])} "
                             f"resolved={len(r['resolved'])}")
                results[name].append((r["judged_ms"], wall))
        rounds = args.runs * len(cases)
        cpu_per_round = (cpu_ms(proc.pid) - cpu_before) / rounds
    finally:
        sql.write_text(sql_text)
        yml.write_text(yml_text)
        proc.terminate()
        proc.wait()
    print(f"load {load():.2f} after; the watching process's CPU: {cpu_per_round:.1f} ms per round "
          f"(over {rounds} rounds)")
    for name, rows in results.items():
        judged, wall = ([row[i] for row in rows] for i in range(2))
        print(f"{name:12} judged median {statistics.median(judged):6.1f} ms ({min(judged):.1f} - {max(judged):.1f}), "
              f"save to line median {statistics.median(wall):6.1f} ms "
              f"({min(wall):.1f} - {max(wall):.1f}); judged against the 30 ms target: "
              f"{statistics.median(judged) / TARGET_MS:.2f}x "
              f"({'met' if statistics.median(judged) < TARGET_MS else 'not met'})")


if __name__ == "__main__":
    main()
