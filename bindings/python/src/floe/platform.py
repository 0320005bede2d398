"""The platform team's operations: floe.platform.compile/test/publish/pull."""
from __future__ import annotations

import os
from collections.abc import Callable, Mapping

from . import _native
from ._call import common_keys, document_of, path_or_none, request
from ._results import OperationResult, PlatformTestResult

TYPE_CHECKING = False  # typing is imported by type checkers only: it costs import time
if TYPE_CHECKING:
    from typing import Any


StrPath = str | os.PathLike[str]
Progress = Callable[[str, int, int], object]


def _report(outcome: tuple[int, str | None, str | None, str | None]) -> dict[str, Any]:
    report = document_of(outcome)
    assert isinstance(report, dict)
    return report


def compile(manifest: StrPath | None = None, output: StrPath | None = None, *, write: bool = True,
            sarif: bool = False, timeout: float | None = None, registry_options: Mapping[str, Any] | None = None,
            verify: str | None = None, keys: list[str] | None = None, check: bool = False) -> OperationResult:
    """floe platform compile: validate a manifest and its parent chain and write the
    platform artifact directory (default target/platform beside the manifest)."""
    req = request("platform_compile", manifest=path_or_none(manifest), output_dir=path_or_none(output),
                  write=None if write else False, sarif=sarif or None,
                  **common_keys(timeout, registry_options, verify, keys))
    result = OperationResult(_report(_native.compile_run(req)))
    return result.raise_for_outcome() if check else result


def test(manifest: StrPath | None = None, tests_dir: StrPath | None = None, *, plugin_path: str | None = None,
         timeout: float | None = None, check: bool = False) -> PlatformTestResult:
    """floe platform test: the platform's policies against the example products in tests/."""
    req = request("platform_test", manifest=path_or_none(manifest), tests_dir=path_or_none(tests_dir),
                  plugin_path=plugin_path, **common_keys(timeout, None, None, None))
    result = PlatformTestResult(_report(_native.compile_run(req)))
    return result.raise_for_outcome() if check else result


test.__test__ = False  # type: ignore[attr-defined]  # not a pytest test function


def publish(version: str, manifest: StrPath | None = None, *, from_dir: StrPath | None = None,
            output: StrPath | None = None, registry: str | None = None, force: bool = False,
            sign_key: StrPath | None = None, timeout: float | None = None,
            registry_options: Mapping[str, Any] | None = None, progress: Progress | None = None,
            check: bool = False) -> OperationResult:
    """floe platform publish: the compiled platform as an immutable OCI artifact, into
    `registry` (oci://host/repo or oci-layout:DIR) or `output`."""
    req = request("publish", version=version, manifest=path_or_none(manifest), from_dir=path_or_none(from_dir),
                  output_dir=path_or_none(output), registry=registry, force=force or None,
                  sign_key=path_or_none(sign_key), **common_keys(timeout, registry_options, None, None))
    result = OperationResult(_report(_native.artifact_run(req, progress)))
    return result.raise_for_outcome() if check else result


def pull(reference: str, output: StrPath | None = None, *, verify: str | None = None, keys: list[str] | None = None,
         timeout: float | None = None, registry_options: Mapping[str, Any] | None = None,
         progress: Progress | None = None, check: bool = False) -> OperationResult:
    """floe platform pull: fetch (and verify) a published platform into `output`."""
    req = request("pull", reference=reference, output_dir=path_or_none(output),
                  **common_keys(timeout, registry_options, verify, keys))
    result = OperationResult(_report(_native.artifact_run(req, progress)))
    return result.raise_for_outcome() if check else result
