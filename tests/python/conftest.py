"""The Python bindings' tests run against the installed wheel (scripts/test-python
installs it into the project virtualenv), never against bindings/python/src."""
from __future__ import annotations

import os
import pathlib
import shutil
import sys

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"

# Every compiled_artifacts.json the tests make is held to its published schema
# (libfloe-core/src/compile/output_self_check.hpp): a mismatch is an internal error.
os.environ.setdefault("FLOE_CHECK_OUTPUTS", "1")

# The package must come from site-packages: drop the source tree from the path.
sys.path[:] = [p for p in sys.path if not p.startswith(str(REPO / "bindings"))]


@pytest.fixture(scope="session")
def floe_module():  # type: ignore[no-untyped-def]
    import floe

    assert str(REPO) not in floe.__file__, f"floe imported from the source tree: {floe.__file__}"
    return floe


@pytest.fixture()
def examples(tmp_path: pathlib.Path) -> pathlib.Path:
    """A private copy of examples/ (compiles write target/ beside each product)."""
    dest = tmp_path / "examples"
    shutil.copytree(EXAMPLES, dest, ignore=shutil.ignore_patterns("target", ".floe", "registry"))
    return dest


@pytest.fixture(autouse=True)
def _no_user_plugins(monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path) -> None:
    """Plugins come from the package's own root, not the machine's."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("FLOE_PLUGIN_PATH", raising=False)
    monkeypatch.delenv("FLOE_PLUGIN_ISOLATION", raising=False)
    os.environ.pop("VIRTUAL_ENV", None)
