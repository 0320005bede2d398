"""The data team's operations: compile, validate, watch, explain, init, migrate, run,
test, schema (floe/compile.h, floe/artifacts.h, floe/run.h)."""
from __future__ import annotations

from . import _jsontext as json
import os
from collections.abc import Callable, Mapping

from . import _native
from ._call import common_keys, document_of, output_of, path_or_none, raise_for_status, request
from ._results import CompileResult, ExplainResult, OperationResult, RunResult

TYPE_CHECKING = False  # typing is imported by type checkers only: it costs import time
if TYPE_CHECKING:
    from typing import Any


StrPath = str | os.PathLike[str]


def _report(outcome: tuple[int, str | None, str | None, str | None]) -> dict[str, Any]:
    report = document_of(outcome)
    assert isinstance(report, dict)
    return report


def _finish(result: Any, check: bool) -> Any:
    return result.raise_for_outcome() if check else result


def _compile_family(operation: str, product: StrPath | None, platform: StrPath | None, output: StrPath | None,
                    plugin_path: str | None, sarif: bool, timeout: float | None,
                    registry_options: Mapping[str, Any] | None, verify: str | None, keys: list[str] | None,
                    check: bool) -> CompileResult:
    req = request(operation, product=path_or_none(product), platform=path_or_none(platform),
                  output_dir=path_or_none(output), plugin_path=plugin_path, sarif=sarif or None,
                  **common_keys(timeout, registry_options, verify, keys))
    report = output_of(_native.compile_run(req))  # parsed when the caller looks past `ok`
    artifacts = None
    if operation == "compile":
        product_file = os.fspath(product) if product is not None else "floe.yaml"
        out_dir = os.fspath(output) if output is not None else os.path.join(os.path.dirname(product_file), "target")
        artifacts = os.path.join(out_dir, "compiled_artifacts.json")
    result = CompileResult(report, artifacts,
                           lambda: explain(path=product, registry_options=registry_options, verify=verify, keys=keys))
    return _finish(result, check)  # type: ignore[no-any-return]


def compile(product: StrPath | None = None, platform: StrPath | None = None, output: StrPath | None = None, *,
            plugin_path: str | None = None, sarif: bool = False, timeout: float | None = None,
            registry_options: Mapping[str, Any] | None = None, verify: str | None = None,
            keys: list[str] | None = None, check: bool = False) -> CompileResult:
    """floe compile: resolve the platform, enforce governance, write
    compiled_artifacts.json and profiles.yml (default: target/ beside the product).

    Problems in the files are in the result (`ok` False); `check=True` raises
    them as the FloeError of the outcome instead."""
    return _compile_family("compile", product, platform, output, plugin_path, sarif, timeout, registry_options,
                           verify, keys, check)


def validate(product: StrPath | None = None, platform: StrPath | None = None, *, plugin_path: str | None = None,
             sarif: bool = False, timeout: float | None = None, registry_options: Mapping[str, Any] | None = None,
             verify: str | None = None, keys: list[str] | None = None, check: bool = False) -> CompileResult:
    """floe validate: everything compile checks, nothing written."""
    return _compile_family("validate", product, platform, None, plugin_path, sarif, timeout, registry_options,
                           verify, keys, check)


def watch(product: StrPath | None = None, platform: StrPath | None = None, *,
          on_round: Callable[[dict[str, Any]], object], should_stop: Callable[[], object],
          settle_ms: int = 20, plugin_path: str | None = None, registry_options: Mapping[str, Any] | None = None,
          verify: str | None = None, keys: list[str] | None = None) -> None:
    """floe validate --watch: validate, then again at every save of the product's files,
    judging only what changed, until `should_stop()` returns True (asked about every 100 ms
    while waiting and after each round). `on_round(round)` receives each round on this thread:
    {"round", "full", "changed", "outcome", "counts", "appeared", "resolved", "judged_ms",
    "report" (whole validates)} (docs/cli.md#floe-validate---watch). An exception either
    callable raises ends the watch and is raised here."""
    req = request("validate", product=path_or_none(product), platform=path_or_none(platform),
                  plugin_path=plugin_path, **common_keys(None, registry_options, verify, keys))
    raise_for_status(_native.validate_watch(req, lambda text: on_round(json.loads(text)), should_stop, settle_ms))


def explain(key: str | None = None, path: StrPath | None = None, *, timeout: float | None = None,
            registry_options: Mapping[str, Any] | None = None, verify: str | None = None,
            keys: list[str] | None = None, check: bool = False) -> ExplainResult:
    """floe explain: each resolved value (under `key`, a dotted prefix) with the line that set it.
    `path` is a floe.yaml (its platform is explained) or a manifest."""
    req = request("explain", key=key, path=path_or_none(path), **common_keys(timeout, registry_options, verify, keys))
    return _finish(ExplainResult(_report(_native.compile_run(req))), check)  # type: ignore[no-any-return]


def migrate(path: StrPath, output: StrPath | None = None, *, force: bool = False, kind: str | None = None,
            platform: str | None = None, timeout: float | None = None, check: bool = False) -> OperationResult:
    """floe migrate: a file in an older format to the current one (`output="-"`: not
    written, the text is in result["text"])."""
    req = request("migrate", path=os.fspath(path), output=path_or_none(output), force=force or None, kind=kind,
                  platform=platform, **common_keys(timeout, None, None, None))
    return _finish(OperationResult(_report(_native.compile_run(req))), check)  # type: ignore[no-any-return]


def init(platform: str, product: StrPath | None = None, *, verify: str | None = None, keys: list[str] | None = None,
         timeout: float | None = None, registry_options: Mapping[str, Any] | None = None,
         check: bool = False) -> OperationResult:
    """floe init: fetch the product's platform (a VERSION or an oci:// / oci-layout:
    reference) into .floe/platform and pin it in floe.lock."""
    req = request("init", platform=platform, product=path_or_none(product),
                  **common_keys(timeout, registry_options, verify, keys))
    return _finish(OperationResult(_report(_native.artifact_run(req, None))), check)  # type: ignore[no-any-return]


def schema(kind: str) -> dict[str, Any]:
    """A JSON Schema floe ships: manifest, data-product, compiled-artifacts,
    compile-request, artifact-request, run-request, table-request, operation-report."""
    doc = document_of(_native.schema(kind))
    assert isinstance(doc, dict)
    return doc


if TYPE_CHECKING:
    EventHandler = Callable[[dict[str, Any]], object]


def _run(operation: str, product: StrPath | None, platform: StrPath | None, select: list[str] | None,
         exclude: list[str] | None, full_refresh: bool, fail_fast: bool, wait: bool, plugin_path: str | None,
         timeout: float | None, on_event: EventHandler | None, should_cancel: Callable[[], bool] | None,
         check: bool, local: bool = False, changed: bool = False) -> RunResult:
    req = request(operation, product=path_or_none(product), platform=path_or_none(platform), select=select,
                  exclude=exclude, full_refresh=full_refresh or None, fail_fast=fail_fast or None, wait=wait or None,
                  local=local or None, changed=changed or None, plugin_path=plugin_path,
                  **common_keys(timeout, None, None, None))
    events = None if on_event is None else (lambda text: on_event(json.loads(text)))
    outcome = _native.product_run(req, events, should_cancel)
    raise_for_status(outcome)
    return _finish(RunResult(json.loads(output_of(outcome))), check)  # type: ignore[no-any-return]


def run(product: StrPath | None = None, platform: StrPath | None = None, *, select: list[str] | None = None,
        exclude: list[str] | None = None, full_refresh: bool = False, fail_fast: bool = False, wait: bool = False,
        plugin_path: str | None = None, timeout: float | None = None, on_event: EventHandler | None = None,
        should_cancel: Callable[[], bool] | None = None, check: bool = False, local: bool = False,
        changed: bool = False) -> RunResult:
    """floe run: compile, ingest, dbt build and the quality checks. `on_event(event)`
    receives each event (docs/run.md#events); `should_cancel()` returning True stops the run.
    `local`: build into the local database only; `changed`: only what changed since the last
    successful run (docs/run.md#the-edit-loop)."""
    return _run("run", product, platform, select, exclude, full_refresh, fail_fast, wait, plugin_path, timeout,
                on_event, should_cancel, check, local, changed)


def test(product: StrPath | None = None, platform: StrPath | None = None, *, select: list[str] | None = None,
         exclude: list[str] | None = None, fail_fast: bool = False, wait: bool = False,
         plugin_path: str | None = None, timeout: float | None = None, on_event: EventHandler | None = None,
         should_cancel: Callable[[], bool] | None = None, check: bool = False, changed: bool = False) -> RunResult:
    """floe test: compile, then dbt test and the quality gates against the data already built.
    `changed`: only the tests of what changed since the last successful run."""
    return _run("test", product, platform, select, exclude, False, fail_fast, wait, plugin_path, timeout, on_event,
                should_cancel, check, changed=changed)


test.__test__ = False  # type: ignore[attr-defined]  # not a pytest test function
