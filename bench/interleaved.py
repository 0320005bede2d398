#!/usr/bin/env python3
"""bench/interleaved.py - compare two floe builds run by run.

    python3 bench/interleaved.py [--runs 50] [--before "SHELL"] FLOE_A FLOE_B -- ARGS...

Runs `FLOE_A ARGS...` and `FLOE_B ARGS...` alternately, RUNS times each
(after two untimed rounds), and prints each binary's median, first quartile
and fastest wall time, spawn to exit (stdout and stderr to /dev/null). On
these shared VMs the host's speed drifts by 10-20 % within minutes, so
blocks of runs (floe-bench's) taken one after the other can show a change
that is only the drift; alternating the binaries run by run makes both see
the same machine. --before runs a shell command, untimed, before every run
(e.g. "rm -rf examples/customer-360/target" for cold compiles). Standard
library only.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time


def main() -> int:
    if "--" not in sys.argv:
        print(__doc__, file=sys.stderr)
        return 2
    split = sys.argv.index("--")
    ap = argparse.ArgumentParser(usage=__doc__)
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--before", default="")
    ap.add_argument("binaries", nargs=2)
    opts = ap.parse_args(sys.argv[1:split])
    args = sys.argv[split + 1:]
    null = os.open(os.devnull, os.O_WRONLY)
    times = {b: [] for b in opts.binaries}
    for round_ in range(opts.runs + 2):
        for binary in opts.binaries:
            if opts.before:
                subprocess.run(opts.before, shell=True, check=True)
            start = time.perf_counter()
            pid = os.posix_spawn(binary, [binary] + args, os.environ,
                                 file_actions=[(os.POSIX_SPAWN_DUP2, null, 1), (os.POSIX_SPAWN_DUP2, null, 2)])
            os.waitpid(pid, 0)
            if round_ >= 2:
                times[binary].append((time.perf_counter() - start) * 1000)
    for binary, t in times.items():
        t.sort()
        print(f"{binary}: median {statistics.median(t):.2f} ms, q1 {t[len(t) // 4]:.2f} ms, fastest {t[0]:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
