#!/usr/bin/env python3
"""bench/validate_100k.py - issue 36's scale figure: `floe validate` of a
generated 100k-model project, from its files, against the target (< 2 s wall,
< 1 GB peak on 2 cores).

    python3 bench/validate_100k.py [--build build] [--models 100000] [--runs 7]
                                   [--work /tmp/floe-validate-100k] [--compare OTHER_BUILD]
                                   [--parse-cache [off|first|warm]]
                                   [--format text|json|sarif]

The project is `bench/gen_dbt_project.py --models N --out DIR` (generated once
into --work and reused: 102,529 files), with a floe.yaml of
`transforms: [{type: dbt, path: .}]` on examples/platform/manifest.yaml (every
rule on: 92,270 findings, exit 4), validated as a user would (the text report,
to /dev/null). Each run is a fresh process: wall time from spawn to wait4,
user + sys CPU and peak RSS from wait4's rusage. With --compare, the same
command of another build runs between each pair of runs (interleaved, so both
meet the same load), and both are printed. Prints medians and ranges, the
1-minute load average before and after, and the ratio of the median wall time
to the 2 s target. A run that does not exit with 4 (policy findings) fails the
bench. The dbt parse cache:
- off (the default): every file is parsed in every run (FLOE_PARSE_CACHE=off);
- first: the cache is on, as by default, and removed before each run, so every
  run is a user's first validate: it parses every file and writes the cache;
- warm (`--parse-cache` alone): the cache is on and written by the warm-up
  run, so the runs measure an unchanged project validated again
  (bench/validate_edit_loop.py measures edits).
--format is the report's form (text by default; json and sarif print ~115 MB
and ~75 MB at 100k models). Each build keeps its cache in an XDG_CACHE_HOME of its own under --work (a
cache is keyed by the build: two builds sharing one would replace each other's
at every run). Standard library only.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_WALL_S = 2.0
TARGET_RSS_MB = 1024
EXPECTED_EXIT = 4  # the generated project breaks the example platform's rules


def timed(argv, cwd):
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    return os.waitstatus_to_exitcode(status), wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024


def project(work, models):
    out = Path(work) / f"p{models}"
    if not (out / "dbt_project.yml").exists():
        subprocess.run([sys.executable, str(ROOT / "bench/gen_dbt_project.py"), "--models", str(models),
                        "--out", str(out)], check=True, stdout=subprocess.DEVNULL)
    (out / "floe.yaml").write_text(
        "apiVersion: floe.dev/v1\nkind: DataProduct\n"
        f"metadata: {{name: gen{models}, version: 1.0.0, owner: bench@example.com}}\n"
        f"platform: {{ref: '{ROOT / 'examples/platform/manifest.yaml'}'}}\n"
        "transforms: [{type: dbt, path: .}]\n")
    return out


def load():
    return float(Path("/proc/loadavg").read_text().split()[0])


def summary(name, runs):
    walls = [r[1] for r in runs]
    cpus = [r[2] for r in runs]
    rss = [r[3] for r in runs]
    wall = statistics.median(walls)
    print(f"{name}: wall median {wall:.2f} s ({min(walls):.2f} - {max(walls):.2f}), "
          f"CPU median {statistics.median(cpus):.2f} s, peak RSS median {statistics.median(rss):.0f} MB "
          f"({min(rss):.0f} - {max(rss):.0f}); wall / target {wall / TARGET_WALL_S:.2f}x "
          f"({'met' if wall < TARGET_WALL_S else 'not met'}: < {TARGET_WALL_S:.0f} s), "
          f"memory {'met' if max(rss) < TARGET_RSS_MB else 'not met'} (< {TARGET_RSS_MB} MB)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=str(ROOT / "build"))
    ap.add_argument("--compare", help="another build directory, run interleaved")
    ap.add_argument("--models", type=int, default=100000)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--work", default="/tmp/floe-validate-100k")
    ap.add_argument("--parse-cache", nargs="?", const="warm", default="off", choices=["off", "first", "warm"],
                    help="the dbt parse cache: off, on and removed before each run (first), "
                         "or on and kept (warm, an unchanged project)")
    ap.add_argument("--format", default="text", choices=["text", "json", "sarif"],
                    help="the report's form, as `floe validate --format` takes it")
    args = ap.parse_args()
    if args.parse_cache == "off":
        os.environ["FLOE_PARSE_CACHE"] = "off"
    else:
        os.environ.pop("FLOE_PARSE_CACHE", None)
    Path(args.work).mkdir(parents=True, exist_ok=True)
    proj = project(args.work, args.models)
    builds = [("this build", Path(args.build))] + ([("compared", Path(args.compare))] if args.compare else [])
    cache_homes = {name: Path(args.work) / f"xdg-cache-{i}" for i, (name, _) in enumerate(builds)}
    results = {name: [] for name, _ in builds}
    print(f"floe validate of {args.models} generated models ({proj}), {args.runs} runs each, "
          f"parse cache {args.parse_cache}, --format {args.format}, load {load():.2f} before", flush=True)

    def validate(name, build):
        os.environ["XDG_CACHE_HOME"] = str(cache_homes[name])
        if args.parse_cache == "first":
            shutil.rmtree(cache_homes[name] / "floe" / "dbt-parse", ignore_errors=True)
        return timed([str(build / "bin/floe"), "validate", "floe.yaml", "--format", args.format], proj)

    for name, build in builds:
        validate(name, build)  # warms the page cache (and writes the warm cache)
    for _ in range(args.runs):
        for name, build in builds:
            code, wall, cpu, rss = validate(name, build)
            if code != EXPECTED_EXIT:
                sys.exit(f"{name}: floe validate exited {code}, expected {EXPECTED_EXIT}")
            results[name].append((code, wall, cpu, rss))
    print(f"load {load():.2f} after")
    for name, _ in builds:
        summary(name, results[name])


if __name__ == "__main__":
    main()
