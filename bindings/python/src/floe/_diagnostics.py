"""One diagnostic of a floe report (docs/abi.md#compile): what, where, what was
expected, what was found and how to fix it."""
from __future__ import annotations

from ._record import Record

TYPE_CHECKING = False  # typing is imported by type checkers only: it costs import time
if TYPE_CHECKING:
    from typing import Any


class Diagnostic(Record):
    __slots__ = ("code", "severity", "message", "file", "line", "column", "expected", "found", "fix", "category",
                 "subject")

    def __init__(self, code: str | None, severity: str, message: str, file: str | None = None,
                 line: int | None = None, column: int | None = None, expected: str | None = None,
                 found: str | None = None, fix: str | None = None, category: str | None = None,
                 subject: str | None = None) -> None:
        self.code = code
        self.severity = severity  # "error", "warning", "note", "info"
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.expected = expected
        self.found = found
        self.fix = fix
        self.category = category
        self.subject = subject

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Diagnostic:
        """From a report's diagnostic ("actual" is `found`, "hint" is `fix`)."""
        return cls(code=d.get("code"), severity=str(d.get("severity", "error")), message=str(d.get("message", "")),
                   file=d.get("file"), line=d.get("line"), column=d.get("column"), expected=d.get("expected"),
                   found=d.get("actual"), fix=d.get("hint"), category=d.get("category"), subject=d.get("subject"))

    @classmethod
    def from_problem(cls, p: dict[str, Any]) -> Diagnostic:
        """From one problem of a refused request's detail ({"key", "message", "did_you_mean"?})."""
        did_you_mean = p.get("did_you_mean")
        return cls(code=None, severity="error", message=str(p.get("message", "")), subject=p.get("key"),
                   fix=f"did you mean '{did_you_mean}'?" if did_you_mean else None)

    @property
    def location(self) -> str | None:
        if self.file is None:
            return None
        return ":".join(str(part) for part in (self.file, self.line, self.column) if part is not None)

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        code = f" [{self.code}]" if self.code else ""
        text = f"{where}{self.severity}{code}: {self.message}"
        if self.expected is not None:
            text += f" (expected {self.expected}"
            text += f", found {self.found})" if self.found is not None else ")"
        if self.fix:
            text += f"; fix: {self.fix}"
        return text
