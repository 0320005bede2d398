"""Plugins written in Python: discovery through entry points, calls from every
kind of host, failures that never crash the host, the conformance kit."""
from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import time

import pytest

import floe
from floe import _python_plugins, plugins

REPO = pathlib.Path(__file__).resolve().parents[2]
ENV_FILE = REPO / "examples/python-secrets-plugin/example.env"

FAULTY = '''
import gc
import time
import floe

class Faulty(floe.SecretsPlugin):
    """Fails in every way a plugin can."""
    def get_secret(self, request):
        return {"value": 1 / 0}
    def list_secrets(self, request):
        time.sleep(float(request.get("sleep", 0)))
        return ["not", "an", "object"] if request.get("bad") else {"keys": []}
    def generate_pod_env_spec(self, request):
        gc.collect()  # frees what the caller left in reference cycles, while the host is in this call
        return {"env": []}
'''


@pytest.fixture()
def faulty_root(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> pathlib.Path:
    """A plugin root with the class above behind the bridge, as sync() writes for an entry point."""
    (tmp_path / "faulty_plugin.py").write_text(FAULTY)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))  # for a helper process's own Python
    root = tmp_path / "root"
    _python_plugins.write_bridge(str(root / "floe.secrets"), "floe_python_faulty", "floe.secrets", "faulty",
                                 "faulty_plugin:Faulty", "secrets")
    return root


def test_the_example_plugin_depends_on_this_package_under_its_own_name() -> None:
    """"floe" on PyPI is an unrelated project: a plugin that depends on "floe" would
    pull it in. The example depends on "floe-sdk", the distribution that holds
    the `floe` module this test imports, so pip's resolver is satisfied by it."""
    from importlib import metadata

    assert metadata.requires("floe-dotenv-secrets") == ["floe-sdk"]
    ours = metadata.distribution("floe-sdk")
    files = {str(f) for f in ours.files or []}
    assert "floe/__init__.py" in files
    assert pathlib.Path(ours.locate_file("floe/__init__.py")).resolve() == pathlib.Path(floe.__file__).resolve()
    with pytest.raises(metadata.PackageNotFoundError):
        metadata.distribution("floe")  # nothing installed under the taken name


def test_the_example_plugin_is_listed_next_to_native_ones() -> None:
    found = {(p.category, p.name): p for p in plugins.list()}
    dotenv = found[("secrets", "dotenv")]
    assert ("compute", "duckdb") in found
    assert dotenv.root is not None
    assert os.path.realpath(dotenv.root) == os.path.realpath(os.path.join(sys.prefix, "lib", "floe", "plugins"))
    assert dotenv.description == "Secrets from a .env file (KEY=value lines)."
    info = plugins.info("secrets", "dotenv")
    assert info.capabilities == ["read-only"]
    assert info.config_schema is not None and "path" in info.config_schema["properties"]


def test_calls_into_the_example_plugin() -> None:
    secrets = plugins.load("secrets", "dotenv", {"path": str(ENV_FILE)})
    assert isinstance(secrets, plugins.SecretsClient)
    assert secrets.list_secrets()["keys"] == ["CATALOG_SECRET", "DB__PASSWORD", "DB__USER", "WAREHOUSE_TOKEN"]
    assert secrets.list_secrets(prefix="DB")["keys"] == ["DB__PASSWORD", "DB__USER"]
    assert secrets.get_secret(key="CATALOG_SECRET") == {"value": "s3cr3t value"}
    assert secrets.get_multi_key_secret(name="DB")["values"]["USER"] == "analyst"
    assert secrets.health_check()["state"] == "healthy"
    with pytest.raises(floe.PluginError) as missing:
        secrets.get_secret(key="NOPE")
    assert missing.value.status == 3  # KeyError -> FLOE_ERR_NOT_FOUND
    with pytest.raises(floe.PluginError) as optional:
        secrets.set_secret(key="K", value="v")
    assert optional.value.status == 2  # not implemented: an optional method left out
    with pytest.raises(floe.InvalidInput):
        secrets.get_secret(key=42)  # ValueError -> FLOE_ERR_INVALID_ARGUMENT
    with pytest.raises(floe.InvalidInput):
        plugins.load("secrets", "dotenv", {"path": 1})  # the class's config schema, checked by the host


def test_a_plugin_that_raises_is_a_floe_error_with_the_traceback(faulty_root: pathlib.Path) -> None:
    registry = plugins.Registry(str(faulty_root), caller_only=True)
    faulty = registry.load("secrets", "faulty")
    with pytest.raises(floe.PluginError) as caught:
        faulty.get_secret(key="x")
    error = caught.value
    assert error.status == 17  # FLOE_ERR_PLUGIN_FAILED
    text = str(error) + json.dumps(error.detail or {})
    assert "ZeroDivisionError" in text and "Traceback" in text and "faulty_plugin.py" in text
    with pytest.raises(floe.PluginError) as not_an_object:
        faulty.list_secrets(bad=True)
    assert not_an_object.value.status == 17 and "not a dict" in str(not_an_object.value)
    assert faulty.health_check()["state"] == "healthy"  # the host goes on


def test_garbage_collected_inside_a_plugin_call_on_the_same_registry(faulty_root: pathlib.Path) -> None:
    """The collector may free a plugin instance of the registry that is busy running
    the Python plugin's code (its lock held): the instance is freed after that call."""
    import threading

    registry = plugins.Registry(str(faulty_root), caller_only=True)
    faulty = registry.load("secrets", "faulty")
    for _ in range(3):
        victim = registry.load("secrets", "faulty")
        victim.cycle = victim  # type: ignore[attr-defined]  # only the collector frees it
        del victim
    answers: list[dict[str, object]] = []
    worker = threading.Thread(target=lambda: answers.append(faulty.generate_pod_env_spec()), daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive(), "deadlock: the collector waited for the registry its own call holds"
    assert answers == [{"env": []}]
    assert faulty.list_secrets() == {"keys": []}  # the registry goes on (and freed the victims)


def test_a_blocking_plugin_is_stopped_by_the_isolated_call_timeout(faulty_root: pathlib.Path) -> None:
    registry = plugins.Registry(str(faulty_root), caller_only=True, isolation="process", call_timeout_ms=1500)
    faulty = registry.load("secrets", "faulty")
    start = time.monotonic()
    with pytest.raises(floe.RegistryError) as caught:
        faulty.list_secrets(sleep=60)
    assert caught.value.status == 11  # FLOE_ERR_TIMEOUT, exit 6
    assert time.monotonic() - start < 20


def test_the_cli_lists_and_calls_python_plugins() -> None:
    listed = subprocess.run([sys.executable, "-m", "floe", "plugins", "list"], capture_output=True, text=True,
                            check=True)
    assert any(line.split()[:2] == ["secrets", "dotenv"] for line in listed.stdout.splitlines())
    called = subprocess.run([sys.executable, "-m", "floe", "plugins", "call", "secrets", "dotenv", "get_secret",
                             "--config", json.dumps({"path": str(ENV_FILE)}), "--request", '{"key": "DB__USER"}'],
                            capture_output=True, text=True)
    assert called.returncode == 0, called.stderr
    assert json.loads(called.stdout) == {"value": "analyst"}


def test_the_conformance_kit_passes_the_example_plugin() -> None:
    kit = pathlib.Path(floe.__file__).parent / "_sdk" / "bin" / "floe-conformance"
    if not kit.exists():
        pytest.fail("floe-conformance is not in the package: build the wheel from a tree with tests (scripts/test-python)")
    run = subprocess.run([str(kit), "secrets", "dotenv", "--plugin-path", _python_plugins.plugin_root(),
                          "--config", json.dumps({"path": str(ENV_FILE)}),
                          "--request", 'get_secret={"key": "DB__USER"}', "--request", 'get_multi_key_secret={"name": "DB"}'],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "0 failed" in run.stdout.splitlines()[-1]


def test_python_plugin_calls_from_many_threads() -> None:
    from concurrent.futures import ThreadPoolExecutor

    shared = plugins.load("secrets", "dotenv", {"path": str(ENV_FILE)})

    def work(i: int) -> tuple[str, str]:
        own = plugins.load("secrets", "dotenv", {"path": str(ENV_FILE)})
        return (str(own.get_secret(key="DB__USER")["value"]), str(shared.list_secrets(prefix="WARE")["keys"][0]))

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = set(pool.map(work, range(64)))
    assert answers == {("analyst", "WAREHOUSE_TOKEN")}
