#!/usr/bin/env python3
"""bench/python_bench.py - the figures of issue 13 (Python bindings), for docs/performance.md.

    .venv/bin/python bench/python_bench.py [--runs 30] [--repeats 3]

Needs the floe package installed in the interpreter that runs it
(scripts/test-python does that). Measures, each figure RUNS times per repeat
(medians, and the spread of the medians over REPEATS):

  - `import floe` in a fresh interpreter (the import statement alone, not the
    interpreter's start-up);
  - customer-360 compiled cold (empty output directory) and unchanged (answered
    from the compile record), three ways: `floe.compile()` (the whole typed
    API: request, call, report parsed into objects), the C API in-process
    (floe_compile_run through ctypes on the package's own libfloe-core: what
    the CLI does in its process, minus printing), timed alternately, and the
    `floe` CLI as a whole process (python -m floe's executable);
  - one plugin call (floe_handle_call, an empty request): into the native
    compute/duckdb (get_required_dbt_packages) and, when the example Python
    plugin is installed, into it (secrets/dotenv list_secrets, which reads its
    .env file), each from the C API (ctypes) and from Python (floe.plugins).
The 1-minute load average before and after each repeat is printed: the machine
is shared, and other builds inflate wall times.
"""
from __future__ import annotations

import argparse
import ctypes
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable

import floe
from floe import plugins

REPO = pathlib.Path(__file__).resolve().parents[1]


class Buffer(ctypes.Structure):
    _fields_ = [("struct_size", ctypes.c_uint32), ("reserved", ctypes.c_uint32), ("data", ctypes.c_char_p),
                ("length", ctypes.c_size_t), ("release", ctypes.c_void_p), ("private_data", ctypes.c_void_p)]


class Error(ctypes.Structure):
    _fields_ = [("struct_size", ctypes.c_uint32), ("code", ctypes.c_int32), ("message", ctypes.c_char_p),
                ("detail_json", ctypes.c_char_p), ("release", ctypes.c_void_p), ("private_data", ctypes.c_void_p)]


class RegistryOptions(ctypes.Structure):
    _fields_ = [("struct_size", ctypes.c_uint32), ("search_flags", ctypes.c_uint32), ("extra_roots", ctypes.c_char_p),
                ("log", ctypes.c_void_p), ("log_payload", ctypes.c_void_p), ("isolation", ctypes.c_uint32),
                ("call_timeout_ms", ctypes.c_uint32)]


def c_plugin_call(lib: ctypes.CDLL, root: str, category: bytes, name: bytes, config: bytes,
                  method: bytes) -> Callable[[], object]:
    """floe_handle_call through the C API alone (ctypes lets go of the GIL for each
    foreign call, so the Python plugin behind the bridge takes it as in any host)."""
    options = RegistryOptions(ctypes.sizeof(RegistryOptions), 0x80000000, root.encode(), None, None, 0, 0)
    registry, handle = ctypes.c_void_p(), ctypes.c_void_p()
    err = Error(ctypes.sizeof(Error))
    assert lib.floe_registry_new(ctypes.byref(registry), ctypes.byref(options), ctypes.byref(err)) == 0
    assert lib.floe_registry_open(registry, category, name, config, ctypes.byref(handle), ctypes.byref(err)) == 0

    def call() -> None:
        out = Buffer(ctypes.sizeof(Buffer))
        status = lib.floe_handle_call(handle, method, b"{}", ctypes.byref(out), ctypes.byref(err))
        lib.floe_buffer_release(ctypes.byref(out))
        assert status == 0
    return call


def c_compile(lib: ctypes.CDLL, request: bytes) -> None:
    out = Buffer(ctypes.sizeof(Buffer))
    err = Error(ctypes.sizeof(Error))
    status = lib.floe_compile_run(request, ctypes.byref(out), ctypes.byref(err))
    lib.floe_buffer_release(ctypes.byref(out))
    lib.floe_error_release(ctypes.byref(err))
    assert status == 0


def timed(fn: Callable[[], object], runs: int, before: Callable[[], object] | None = None) -> list[float]:
    samples = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def interleaved(a: Callable[[], object], b: Callable[[], object], runs: int,
                before: Callable[[], object] | None = None) -> tuple[list[float], list[float]]:
    """Times a and b alternately, so load that comes and goes hits both alike."""
    sa: list[float] = []
    sb: list[float] = []
    for _ in range(runs):
        sa += timed(a, 1, before)
        sb += timed(b, 1, before)
    return sa, sb


def fresh_interpreter(statement: str, runs: int) -> list[float]:
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    return [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
            for _ in range(runs)]


def loadavg() -> float:
    return os.getloadavg()[0]


def measure(runs: int, work: pathlib.Path) -> dict[str, list[float]]:
    product = work / "examples" / "customer-360" / "floe.yaml"
    out = work / "out"
    lib = ctypes.CDLL(floe._native.library_path())
    request = json.dumps({"operation": "compile", "product": str(product), "output_dir": str(out)}).encode()
    cli = os.path.join(os.path.dirname(floe.__file__), "_sdk", "bin", "floe")
    clean = (lambda: shutil.rmtree(out, ignore_errors=True))
    figures: dict[str, list[float]] = {}

    figures["import_floe"] = fresh_interpreter("import floe", runs)
    for _ in range(3):  # warm the page cache and the loader
        floe.compile(product, output=out)
        c_compile(lib, request)
    figures["compile_cold_python"], figures["compile_cold_c"] = interleaved(
        lambda: floe.compile(product, output=out, check=True), lambda: c_compile(lib, request), runs, clean)
    figures["compile_cold_cli"] = timed(
        lambda: subprocess.run([cli, "compile", str(product), "-o", str(out)], capture_output=True, check=True),
        runs, clean)
    floe.compile(product, output=out, check=True)
    figures["compile_unchanged_python"], figures["compile_unchanged_c"] = interleaved(
        lambda: floe.compile(product, output=out, check=True), lambda: c_compile(lib, request), runs)

    compute = plugins.load("compute", "duckdb", {"path": str(work / "x.duckdb")})
    figures["native_plugin_call_from_python"] = timed(compute.get_required_dbt_packages, runs * 100)
    python_plugin = python_plugin_call()
    if python_plugin is not None:
        figures["python_plugin_call_from_python"] = timed(python_plugin, runs * 100)
        from floe import _python_plugins
        config = json.dumps({"path": str(REPO / "examples/python-secrets-plugin/example.env")}).encode()
        from_c = c_plugin_call(lib, _python_plugins.synced_root() or "", b"secrets", b"dotenv", config,
                               b"list_secrets")
        figures["python_plugin_call_from_c"] = timed(from_c, runs * 100)
    native_from_c = c_plugin_call(lib, os.path.join(os.path.dirname(floe._native.library_path()), "floe", "plugins"),
                                  b"compute", b"duckdb", b"{}", b"get_required_dbt_packages")
    figures["native_plugin_call_from_c"] = timed(native_from_c, runs * 100)
    return figures


def python_plugin_call() -> Callable[[], object] | None:
    """A call into the example Python plugin (examples/python-secrets-plugin) through
    the host's registry, when it is installed; None otherwise."""
    try:
        secrets = plugins.load("secrets", "dotenv", {"path": str(REPO / "examples/python-secrets-plugin/example.env")})
    except floe.FloeError:
        return None
    return lambda: secrets.list_secrets()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    medians: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = pathlib.Path(tmp)
        shutil.copytree(REPO / "examples", work / "examples", ignore=shutil.ignore_patterns("target", ".floe"))
        for i in range(args.repeats):
            before = loadavg()
            figures = measure(args.runs, work)
            print(f"repeat {i + 1}: load {before:.2f} -> {loadavg():.2f}", file=sys.stderr)
            for key, samples in figures.items():
                medians.setdefault(key, []).append(statistics.median(samples))
    rows = []
    for key, values in medians.items():
        unit, scale = ("µs", 1e6) if "plugin_call" in key else ("ms", 1e3)
        rows.append((key, statistics.median(values) * scale, min(values) * scale, max(values) * scale, unit))
        print(f"{key:32} {rows[-1][1]:9.3f} {unit}  ({rows[-1][2]:.3f} - {rows[-1][3]:.3f})")
    m = {k: statistics.median(v) for k, v in medians.items()}
    print(f"floe.compile / C API, cold: {m['compile_cold_python'] / m['compile_cold_c']:.3f}; "
          f"unchanged: {m['compile_unchanged_python'] / m['compile_unchanged_c']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
