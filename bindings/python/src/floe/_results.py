"""Typed views of floe's operation reports (docs/abi.md#compile): objects, not raw JSON."""
from __future__ import annotations

from . import _jsontext as json
import os
from collections.abc import Callable, Iterator, Mapping

from ._diagnostics import Diagnostic
from ._errors import error_for_outcome
from ._record import Record

TYPE_CHECKING = False  # typing is imported by type checkers only: it costs import time
if TYPE_CHECKING:
    from typing import Any, TypeVar


if TYPE_CHECKING:
    _R = TypeVar("_R", bound="OperationResult")


class OperationResult:
    """The report of one operation. `ok` is False when the run found problems;
    `raise_for_outcome()` turns that into the matching FloeError."""

    def __init__(self, report: dict[str, Any] | str) -> None:
        # A report may come as the library's JSON text, parsed on first use:
        # an unchanged compile answers in ~0.4 ms, and parsing its ~2.5 KB
        # report and making the Diagnostic objects would add 10-15 % to a call
        # whose caller asks only `ok`.
        self._text: str | None = report if isinstance(report, str) else None
        self._report: dict[str, Any] | None = None if isinstance(report, str) else report
        self._diagnostics: list[Diagnostic] | None = None

    @property
    def report(self) -> dict[str, Any]:
        if self._report is None:
            parsed = json.loads(self._text or "{}")
            assert isinstance(parsed, dict)
            self._report = parsed
        return self._report

    @property
    def outcome(self) -> str:
        if self._report is None and self._text is not None:
            # The library writes "outcome" right after "api_version": read it
            # without parsing the rest; anything else parses the report.
            start = self._text.find('"outcome":"', 0, 64)
            end = self._text.find('"', start + 11) if start >= 0 else -1
            if end > 0:
                return self._text[start + 11:end]
        return str(self.report.get("outcome", ""))

    @property
    def diagnostics(self) -> list[Diagnostic]:
        if self._diagnostics is None:
            self._diagnostics = [Diagnostic.from_json(d) for d in self.report.get("diagnostics", [])]
        return self._diagnostics

    @property
    def stages(self) -> list[dict[str, Any]]:
        return list(self.report.get("stages", []))

    @property
    def written(self) -> list[str]:
        return [str(p) for p in self.report.get("written", [])]

    @property
    def counts(self) -> dict[str, int]:
        return dict(self.report.get("counts", {}))

    @property
    def result(self) -> dict[str, Any] | None:
        return self.report.get("result")

    @property
    def sarif(self) -> dict[str, Any] | None:
        return self.report.get("sarif")

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]

    @property
    def exit_code(self) -> int:
        """What the floe CLI exits with for this report."""
        return 0 if self.ok else error_for_outcome(self.report).exit_code

    def raise_for_outcome(self: _R) -> _R:
        """Returns self when ok, else raises the FloeError subclass of the outcome."""
        if not self.ok:
            raise error_for_outcome(self.report)
        return self

    def to_dict(self) -> dict[str, Any]:
        """The report as the library wrote it (operation-report.schema.json)."""
        return self.report

    def __repr__(self) -> str:
        return f"<{type(self).__name__} outcome={self.outcome!r} diagnostics={len(self.diagnostics)}>"


class CompiledArtifacts(Mapping[str, object]):
    """A typed view of compiled_artifacts.json (docs/schemas/compiled-artifacts.schema.json)."""

    def __init__(self, data: dict[str, Any], path: str | None = None) -> None:
        self._data = data
        self.path = path

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def to_dict(self) -> dict[str, Any]:
        return self._data

    @property
    def api_version(self) -> str:
        return str(self._data["apiVersion"])

    @property
    def version(self) -> str:
        return str(self._data["version"])

    @property
    def product(self) -> dict[str, Any]:
        return dict(self._data["product"])

    @property
    def product_name(self) -> str:
        return str(self._data["product"]["name"])

    @property
    def plugins(self) -> dict[str, Any]:
        """The resolved plugin selection per category."""
        return dict(self._data["plugins"])

    @property
    def dbt_profiles(self) -> dict[str, Any]:
        return dict(self._data["dbt_profiles"])

    @property
    def governance(self) -> dict[str, Any] | None:
        return self._data.get("governance")

    @property
    def enforcement(self) -> dict[str, Any] | None:
        return self._data.get("enforcement")

    @property
    def inheritance(self) -> dict[str, Any]:
        return dict(self._data["inheritance"])


class ResolvedValue(Record):
    """One resolved platform value and the line that set it."""
    __slots__ = ("path", "value", "tier", "file", "line", "column")

    def __init__(self, path: str, value: Any, tier: str, file: str | None = None, line: int | None = None,
                 column: int | None = None) -> None:
        self.path = path
        self.value = value
        self.tier = tier
        self.file = file
        self.line = line
        self.column = column

    @classmethod
    def from_json(cls, v: dict[str, Any]) -> ResolvedValue:
        return cls(path=str(v["path"]), value=v.get("value"), tier=str(v.get("tier", "")), file=v.get("file"),
                   line=v.get("line"), column=v.get("column"))


class ChainLink(Record):
    """One tier of the inheritance chain (enterprise -> domain, or platform)."""
    __slots__ = ("tier", "name", "version", "source")

    def __init__(self, tier: str, name: str, version: str, source: str | None = None) -> None:
        self.tier = tier
        self.name = name
        self.version = version
        self.source = source


class ExplainResult(OperationResult):
    """floe explain: the chain and each value with its provenance."""

    @property
    def chain(self) -> list[ChainLink]:
        return [ChainLink(tier=str(c.get("tier")), name=str(c.get("name")), version=str(c.get("version")),
                          source=c.get("source")) for c in (self.result or {}).get("chain", [])]

    @property
    def values(self) -> list[ResolvedValue]:
        return [ResolvedValue.from_json(v) for v in (self.result or {}).get("values", [])]

    def value(self, path: str) -> ResolvedValue:
        """The resolved value at a dotted path (KeyError when absent)."""
        for v in self.values:
            if v.path == path:
                return v
        raise KeyError(path)


class CompileResult(OperationResult):
    """floe compile / validate. `artifacts` is read from the output directory
    (compile only); `resolved` asks floe explain for every value's provenance."""

    def __init__(self, report: dict[str, Any] | str, artifacts_path: str | None,
                 explain: Callable[[], ExplainResult]) -> None:
        super().__init__(report)
        self._artifacts_path = artifacts_path
        self._artifacts: CompiledArtifacts | None = None
        self._explain = explain
        self._resolved: list[ResolvedValue] | None = None

    @property
    def artifacts(self) -> CompiledArtifacts | None:
        """CompiledArtifacts as written (None for validate or a failed compile)."""
        if self._artifacts is None and self.ok and self._artifacts_path and os.path.isfile(self._artifacts_path):
            with open(self._artifacts_path, encoding="utf-8") as f:
                self._artifacts = CompiledArtifacts(json.load(f), self._artifacts_path)
        return self._artifacts

    @property
    def resolved(self) -> list[ResolvedValue]:
        """Every resolved platform value with the tier, file and line that set it."""
        if self._resolved is None:
            self._resolved = self._explain().raise_for_outcome().values
        return self._resolved


class PlatformTestResult(OperationResult):
    """floe platform test: one case per example product."""

    @property
    def cases(self) -> list[dict[str, Any]]:
        return list((self.result or {}).get("cases", []))

    @property
    def passed(self) -> int:
        return int((self.result or {}).get("passed", 0))

    @property
    def failed(self) -> int:
        return int((self.result or {}).get("failed", 0))


class RunResult(OperationResult):
    """floe run / test: the run record (docs/run.md) is `record`."""

    @property
    def record(self) -> dict[str, Any]:
        return dict(self.result or {})
