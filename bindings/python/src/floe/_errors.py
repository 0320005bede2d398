"""floe's exceptions: one class per documented exit-code class (docs/cli.md#exit-codes).

Every FloeError carries every diagnostic of the failed call: the report's
diagnostics for an operation whose outcome was not ok, or the library error's
message and each problem of its detail for a refused call.
"""
from __future__ import annotations

from . import _jsontext as json
from collections.abc import Sequence

from ._diagnostics import Diagnostic

TYPE_CHECKING = False  # typing is imported by type checkers only: it costs import time
if TYPE_CHECKING:
    from typing import Any


class FloeError(Exception):
    """A floe call failed. `exit_code` is what the floe CLI exits with for it."""

    exit_code: int = 1

    def __init__(self, message: str, diagnostics: Sequence[Diagnostic] = (), *, status: int | None = None,
                 outcome: str | None = None, detail: dict[str, Any] | None = None,
                 report: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.diagnostics: list[Diagnostic] = list(diagnostics)
        self.status = status
        self.outcome = outcome
        self.detail = detail
        self.report = report

    def __str__(self) -> str:
        lines = [self.message]
        lines += [f"  {d}" for d in self.diagnostics if d.message != self.message]
        return "\n".join(lines)


class InternalError(FloeError):
    """A bug in floe (exit 1)."""
    exit_code = 1


class UsageError(FloeError):
    """A request floe cannot act on as given (exit 2)."""
    exit_code = 2


class InvalidInput(FloeError):
    """A file, configuration or request is invalid (exit 3)."""
    exit_code = 3


class PolicyViolation(FloeError):
    """Enforcement found blocking violations (exit 4)."""
    exit_code = 4


class PluginError(FloeError):
    """A plugin is missing, broken, incompatible or failed (exit 5)."""
    exit_code = 5


class RegistryError(FloeError):
    """A remote service (an OCI registry, a catalog) was unreachable, refused the
    credentials or timed out (exit 6)."""
    exit_code = 6


class VerificationError(FloeError):
    """A signature or digest did not verify (exit 7)."""
    exit_code = 7


class FloeIOError(FloeError):
    """A file could not be read or written (exit 8)."""
    exit_code = 8


class RunFailed(FloeError):
    """floe run: a step failed; results so far are kept (exit 10)."""
    exit_code = 10


class TestsFailed(FloeError):
    """Data tests failed and the quality gates block (exit 11)."""
    exit_code = 11
    __test__ = False  # not a pytest test class


class Busy(FloeError):
    """Another run of the same product holds it (exit 12)."""
    exit_code = 12


class TimedOut(FloeError):
    """The call's timeout passed before it finished (exit 124)."""
    exit_code = 124


class Interrupted(FloeError):
    """The call was cancelled; results so far are kept (exit 130)."""
    exit_code = 130


# A report's outcome -> its class (as the CLI's exit_code_for_outcome).
_BY_OUTCOME: dict[str, type[FloeError]] = {
    "usage": UsageError, "invalid_input": InvalidInput, "policy_violation": PolicyViolation,
    "plugin_failure": PluginError, "io_failure": FloeIOError, "network_failure": RegistryError,
    "verification_failure": VerificationError, "run_failure": RunFailed, "test_failure": TestsFailed,
    "busy": Busy, "interrupted": Interrupted, "timed_out": TimedOut,
}

# A library status (floe/core.h) -> its class (as the CLI's exit_code_for).
_BY_STATUS: dict[int, type[FloeError]] = {
    4: InvalidInput, 5: InvalidInput, 18: InvalidInput,                       # INVALID_ARGUMENT, _CONFIG, NO_SUCH_METHOD
    2: PluginError, 3: PluginError, 6: PluginError, 7: PluginError,          # NOT_IMPLEMENTED, NOT_FOUND, ABI, LOAD_FAILED
    15: PluginError, 16: PluginError, 17: PluginError,                      # CONFLICT, UNSATISFIED, PLUGIN_FAILED
    9: RegistryError, 10: RegistryError, 11: RegistryError,                 # UNAVAILABLE, UNAUTHORIZED, TIMEOUT
    8: FloeIOError, 19: Interrupted,                                        # IO, CANCELLED
}


def error_for_outcome(report: dict[str, Any]) -> FloeError:
    """The exception for a report whose outcome is not "ok"."""
    outcome = str(report.get("outcome"))
    diagnostics = [Diagnostic.from_json(d) for d in report.get("diagnostics", [])]
    errors = [d for d in diagnostics if d.severity == "error"]
    shown = errors or diagnostics
    message = f"{outcome}: {shown[0].message}" if shown else outcome
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more errors)"
    cls = _BY_OUTCOME.get(outcome, InternalError)
    return cls(message, diagnostics, outcome=outcome, report=report)


def error_for_status(status: int, message: str | None, detail_json: str | None, status_name: str) -> FloeError:
    """The exception for a call the library refused (status != FLOE_OK): the
    message, and one diagnostic per problem its detail lists."""
    text = message or status_name
    detail: dict[str, Any] | None = None
    if detail_json:
        try:
            parsed = json.loads(detail_json)
            detail = parsed if isinstance(parsed, dict) else {"detail": parsed}
        except ValueError:
            detail = {"detail": detail_json}
    diagnostics = [Diagnostic.from_problem(p) for p in (detail or {}).get("problems", []) if isinstance(p, dict)]
    if not diagnostics:
        diagnostics = [Diagnostic(code=None, severity="error", message=text)]
    cls = _BY_STATUS.get(status, InternalError)
    return cls(text, diagnostics, status=status, detail=detail)
