"""Refused calls: exception classes, every problem kept; the ABI check at import."""
from __future__ import annotations

import pathlib

import pytest

import floe
from floe import _abi, _call, _native


def test_a_refused_request_keeps_every_problem() -> None:
    request = '{"operation": "validate", "prodcut": "floe.yaml", "sarif": "yes"}'
    with pytest.raises(floe.InvalidInput) as caught:
        _call.document_of(_native.compile_run(request))
    error = caught.value
    assert error.status == 4 and error.exit_code == 3
    keys = {d.subject for d in error.diagnostics}
    assert {"request.prodcut", "request.sarif"} <= keys
    (typo,) = [d for d in error.diagnostics if d.subject == "request.prodcut"]
    assert typo.fix == "did you mean 'product'?"
    assert error.detail is not None and len(error.detail["problems"]) == len(error.diagnostics)


def test_the_timeout_is_the_request_deadline(tmp_path: pathlib.Path) -> None:
    with pytest.raises(floe.InvalidInput):
        floe.validate(tmp_path / "floe.yaml", timeout=10 * 365 * 86400)  # past the one-week limit


def test_an_abi_of_another_major_is_refused_with_a_clear_message() -> None:
    _abi.check_abi(1_002_000, 1_002_000, "libfloe-core.so.1")
    _abi.check_abi(1_003_000, 1_002_000, "libfloe-core.so.1")  # a newer minor serves an older module
    with pytest.raises(ImportError) as major:
        _abi.check_abi(2_000_000, 1_002_000, "/x/libfloe-core.so.2")
    assert "built for libfloe-core ABI 1.2.0" in str(major.value)
    assert "/x/libfloe-core.so.2 has ABI 2.0.0" in str(major.value)
    assert "pip install ./bindings/python" in str(major.value)
    with pytest.raises(ImportError):
        _abi.check_abi(1_001_000, 1_002_000, "libfloe-core.so.1")


def test_the_loaded_library_is_the_packaged_one() -> None:
    assert floe.ABI_VERSION // 1_000_000 == _native.built_abi_version() // 1_000_000
    library = pathlib.Path(_native.library_path()).resolve()
    assert library.parent == (pathlib.Path(floe.__file__).parent / "_sdk" / "lib").resolve()


def test_the_wheel_is_relocatable() -> None:
    """RUNPATHs relative to the files themselves; the bridge links neither Python nor libfloe-core."""
    import subprocess

    package = pathlib.Path(floe.__file__).parent
    (native,) = package.glob("_native*.so")

    def dynamic(path: pathlib.Path) -> str:
        return subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True, check=True).stdout

    assert "Library runpath: [$ORIGIN/_sdk/lib]" in dynamic(native)
    assert "Library runpath: [$ORIGIN/../lib]" in dynamic(package / "_sdk" / "bin" / "floe")
    bridge = dynamic(package / "_sdk" / "lib" / "floe" / "python-bridge" / "floe_python_bridge.so")
    assert "libpython" not in bridge and "libfloe-core" not in bridge


def test_an_exception_in_an_event_callback_stops_the_run_and_is_raised(examples: pathlib.Path) -> None:
    events: list[dict[str, object]] = []

    def on_event(event: dict[str, object]) -> None:
        events.append(event)
        raise RuntimeError("observer failed")

    with pytest.raises(RuntimeError, match="observer failed"):
        floe.run(examples / "variants" / "naming" / "floe.yaml", on_event=on_event)
    assert events and events[0]["type"] == "run_started"


def test_run_reports_a_product_that_fails_to_compile(examples: pathlib.Path) -> None:
    types: list[str] = []
    result = floe.run(examples / "variants" / "naming" / "floe.yaml", on_event=lambda e: types.append(str(e["type"])))
    assert result.outcome == "policy_violation"
    assert any(d.code == "FLOE-E201" for d in result.errors)
    assert types[0] == "run_started" and types[-1] == "run_finished"
    with pytest.raises(floe.PolicyViolation):
        result.raise_for_outcome()


def test_run_and_test_take_local_and_changed(examples: pathlib.Path) -> None:
    # The request schema accepts them (an unknown key would be refused before the compile).
    result = floe.run(examples / "variants" / "naming" / "floe.yaml", local=True, changed=True)
    assert result.outcome == "policy_violation"
    assert floe.test(examples / "variants" / "naming" / "floe.yaml", changed=True).outcome == "policy_violation"


def test_a_run_stops_when_asked_and_says_so(examples: pathlib.Path) -> None:
    asked: list[int] = []

    def stop() -> bool:
        asked.append(1)
        return True

    result = floe.run(examples / "customer-360" / "floe.yaml", should_cancel=stop)
    assert asked and result.outcome == "interrupted" and result.exit_code == 130
    assert result.record  # the run record: what ran and what was skipped
    with pytest.raises(floe.Interrupted):
        floe.test(examples / "customer-360" / "floe.yaml", should_cancel=stop, check=True)
