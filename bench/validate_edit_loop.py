#!/usr/bin/env python3
"""bench/validate_edit_loop.py - issue 36's edit loop: `floe validate` of a
generated 10k-model project again after one file changed, with the dbt parse
cache (libfloe-dbt/src/dbt/parse_cache.hpp), against the same validate without
it and against the target (< 30 ms wall).

    python3 bench/validate_edit_loop.py [--build build] [--models 10000] [--runs 7]
                                        [--work /tmp/floe-validate-edit]

The project is `bench/gen_dbt_project.py --models N --out DIR` (generated once
into --work and reused) with a floe.yaml of `transforms: [{type: dbt, path: .}]`
on examples/platform/manifest.yaml (every rule on: thousands of findings, exit
4), validated as a user would (the text report, to /dev/null), each run a fresh
process with its own XDG_CACHE_HOME under --work. Each round runs, one after
the other (so all meet the same load):

  no cache        FLOE_PARSE_CACHE=off: what every validate cost before the cache
  first           the cache removed first: the run that parses and writes it
  unchanged       nothing changed since the last run
  one .sql edited a line appended to one model's SQL (its refs and config unchanged)
  one .yml edited a column's description changed in one properties file

Wall time is spawn to wait4; CPU (user + sys) and peak RSS come from wait4's
rusage. Prints medians and ranges, each case's median against "no cache", and
the edit cases against the 30 ms target. Every output must be the no-cache
run's (the edits are undone before the next round); a run that does not exit
with 4 fails the bench. Standard library only.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from validate_100k import load, project  # noqa: E402  (the same generated project and floe.yaml)

ROOT = Path(__file__).resolve().parent.parent
TARGET_WALL_S = 0.030
EXPECTED_EXIT = 4  # the generated project breaks the example platform's rules


def timed(argv, cwd, env):
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=subprocess.DEVNULL, env=env)
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        out.seek(0)
        return os.waitstatus_to_exitcode(status), wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024, out.read()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=str(ROOT / "build"))
    ap.add_argument("--models", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--work", default="/tmp/floe-validate-edit")
    args = ap.parse_args()
    Path(args.work).mkdir(parents=True, exist_ok=True)
    proj = project(args.work, args.models)
    floe = str(Path(args.build) / "bin/floe")
    cache_home = Path(args.work) / "xdg-cache"
    env = dict(os.environ, XDG_CACHE_HOME=str(cache_home))
    env.pop("FLOE_PARSE_CACHE", None)
    no_cache = dict(env, FLOE_PARSE_CACHE="off")
    sql = sorted((proj / "models").rglob("*.sql"))[len(list((proj / "models").rglob("*.sql"))) // 2]
    yml = sorted((proj / "models").rglob("*.yml"))[0]
    sql_text, yml_text = sql.read_text(), yml.read_text()
    marker = "description: "
    if marker not in yml_text:
        sys.exit(f"{yml} has no description to edit")
    # Files changed in the last two seconds are parsed but not recorded
    # (their times could hide a second edit): let the project settle.
    time.sleep(2.1)

    cases = ["no cache", "first", "unchanged", "one .sql edited", "one .yml edited"]
    results = {c: [] for c in cases}
    print(f"floe validate of {args.models} generated models ({proj}), {args.runs} rounds, "
          f"load {load():.2f} before", flush=True)
    _, _, _, _, reference = timed([floe, "validate", "floe.yaml"], proj, no_cache)  # warms the page cache

    def run(case, environment):
        code, wall, cpu, rss, out = timed([floe, "validate", "floe.yaml"], proj, environment)
        if code != EXPECTED_EXIT:
            sys.exit(f"{case}: floe validate exited {code}, expected {EXPECTED_EXIT}")
        results[case].append((wall, cpu, rss))
        return out

    for _ in range(args.runs):
        if run("no cache", no_cache) != reference:
            sys.exit("no cache: the output differs from the first run's")
        shutil.rmtree(cache_home, ignore_errors=True)
        if run("first", env) != reference:
            sys.exit("first: the output differs from the run without the cache")
        if run("unchanged", env) != reference:
            sys.exit("unchanged: the output differs from the run without the cache")
        sql.write_text(sql_text + "-- edited\n")
        edited_sql = run("one .sql edited", env)
        sql.write_text(sql_text)
        yml.write_text(yml_text.replace(marker, marker + "Edited. ", 1))
        run("one .yml edited", env)
        yml.write_text(yml_text)
        if edited_sql != reference:
            sys.exit("one .sql edited: an edit that changes no ref or config changed the output")
        time.sleep(2.1)  # the undone edits settle before the next round
    print(f"load {load():.2f} after")
    base = statistics.median(r[0] for r in results["no cache"])
    base_cpu = statistics.median(r[1] for r in results["no cache"])
    for case in cases:
        walls = [r[0] for r in results[case]]
        cpus = [r[1] for r in results[case]]
        rss = [r[2] for r in results[case]]
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        line = (f"{case:16} wall median {wall * 1000:7.1f} ms ({min(walls) * 1000:.1f} - {max(walls) * 1000:.1f}), "
                f"CPU median {cpu * 1000:7.1f} ms, peak RSS median {statistics.median(rss):.0f} MB; "
                f"against no cache: wall {wall / base:.2f}x, CPU {cpu / base_cpu:.2f}x")
        if case.startswith("one "):
            line += (f"; against the 30 ms target: {wall / TARGET_WALL_S:.1f}x "
                     f"({'met' if wall < TARGET_WALL_S else 'not met'})")
        print(line)


if __name__ == "__main__":
    main()
