"""The GIL is released during library calls, and calls from several threads are safe."""
from __future__ import annotations

import http.server
import pathlib
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import floe
from floe import plugins


class _Registry(http.server.BaseHTTPRequestHandler):
    """Answers every request 404 and remembers that it was asked."""
    asked = threading.Event()

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        type(self).asked.set()
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = do_GET

    def log_message(self, *args: object) -> None:
        pass


def test_a_python_server_answers_while_the_library_waits_for_it(tmp_path: pathlib.Path) -> None:
    """The registry floe pulls from is served by a thread of this process: with the
    GIL held during the call it could never answer, and the pull would time out."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Registry)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        start = time.monotonic()
        result = floe.platform.pull(f"oci://127.0.0.1:{server.server_address[1]}/floe/platform:1.0.0",
                                    tmp_path / "out", registry_options={"plain_http": True, "retries": 0},
                                    timeout=20)
        elapsed = time.monotonic() - start
    finally:
        server.shutdown()
    assert _Registry.asked.is_set()
    assert result.outcome != "timed_out" and elapsed < 15
    assert not result.ok and result.errors  # 404: not found, with its diagnostic


def test_compiles_and_plugin_calls_from_many_threads(examples: pathlib.Path, tmp_path: pathlib.Path) -> None:
    product = examples / "customer-360" / "floe.yaml"
    compute = plugins.load("compute", "duckdb", {"path": str(tmp_path / "t.duckdb")})

    def work(i: int) -> tuple[bool, str, str, int]:
        compiled = floe.compile(product, output=tmp_path / f"out{i}")
        invalid = floe.validate(examples / "variants" / "naming" / "floe.yaml")
        profile = compute.generate_dbt_profile(profile_name=f"p{i}", target="dev")
        own = plugins.load("compute", "duckdb", {"path": str(tmp_path / f"{i}.duckdb")})
        mine = own.generate_dbt_profile(profile_name="x", target="dev")
        assert compiled.artifacts is not None
        return (compiled.ok, invalid.outcome, str(profile["output"]["type"]), len(str(mine)))

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(work, range(24)))
    assert all(ok for ok, *_ in results)
    assert {outcome for _, outcome, _, _ in results} == {"policy_violation"}
    assert {kind for _, _, kind, _ in results} == {"duckdb"}


def test_exit_with_daemon_threads_inside_floe_calls() -> None:
    """The interpreter ends daemon threads at exit; one inside a floe call (native
    or Python plugin) must not take the process down with it."""
    import subprocess
    import sys

    env_file = pathlib.Path(__file__).resolve().parents[2] / "examples/python-secrets-plugin/example.env"
    script = f"""
import threading, time
import floe
from floe import plugins
native = plugins.load("compute", "duckdb", {{}})
python = plugins.load("secrets", "dotenv", {{"path": {str(env_file)!r}}})
def loop(call):
    while True:
        call()
for call in [native.get_required_dbt_packages, python.list_secrets,
             lambda: floe.validate({str(env_file)!r})] * 2:
    threading.Thread(target=loop, args=(call,), daemon=True).start()
time.sleep(0.5)
print("bye")
"""
    for _ in range(3):
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr[-2000:]
        assert done.stdout == "bye\n" and "terminate" not in done.stderr
