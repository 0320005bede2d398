"""python -m floe is the CLI; the package's stubs and annotations pass mypy --strict."""
from __future__ import annotations

import pathlib
import subprocess
import sys

import floe

TYPED_USER_CODE = '''
import floe
from floe import plugins

result: floe.CompileResult = floe.compile("floe.yaml", output="out")
ok: bool = result.ok
codes: list[str | None] = [d.code for d in result.diagnostics]
artifacts = result.artifacts
name: str = artifacts.product_name if artifacts is not None else ""
compute: plugins.Plugin = plugins.load("compute", "duckdb", {"path": "x.duckdb"})
answer: dict[str, object] = compute.call("get_required_dbt_packages")
try:
    floe.platform.test("manifest.yaml", check=True)
except floe.PolicyViolation as e:
    first: floe.Diagnostic = e.diagnostics[0]
'''


def test_python_dash_m_floe_is_the_cli(examples: pathlib.Path) -> None:
    version = subprocess.run([sys.executable, "-m", "floe", "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith(f"floe {floe.__version__}")
    listed = subprocess.run([sys.executable, "-m", "floe", "plugins", "list"], capture_output=True, text=True,
                            check=True)
    assert "duckdb" in listed.stdout  # the package's own plugin root
    refused = subprocess.run([sys.executable, "-m", "floe", "validate", str(examples / "variants/naming/floe.yaml")],
                             capture_output=True, text=True)
    assert refused.returncode == 4
    assert "FLOE-E201" in refused.stdout + refused.stderr


def test_the_package_and_its_stubs_pass_mypy_strict(tmp_path: pathlib.Path) -> None:
    user = tmp_path / "user_code.py"
    user.write_text(TYPED_USER_CODE)
    checked = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "-p", "floe", "-m", "user_code"],
                             capture_output=True, text=True, cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    stub = pathlib.Path(floe.__file__).parent / "_native.pyi"
    assert stub.is_file() and (stub.parent / "py.typed").is_file()
