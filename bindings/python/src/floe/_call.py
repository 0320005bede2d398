"""The one way the package calls the native module: a request dict in, a
report dict out, a refused call raised as the FloeError of its status."""
from __future__ import annotations

from . import _jsontext as json
import os
from collections.abc import Mapping

from . import _native
from ._errors import error_for_status

TYPE_CHECKING = False  # typing is imported by type checkers only: it costs import time
if TYPE_CHECKING:
    from typing import Any


Outcome = tuple[int, str | None, str | None, str | None]


def raise_for_status(outcome: tuple[int, Any, str | None, str | None]) -> None:
    status, _out, message, detail = outcome
    if status != 0:
        raise error_for_status(status, message, detail, _native.status_name(status))


def output_of(outcome: Outcome) -> str:
    raise_for_status(outcome)
    return outcome[1] or ""


def document_of(outcome: Outcome) -> Any:
    return json.loads(output_of(outcome))


def request(operation: str, **keys: Any) -> str:
    """The request JSON: keys that are None are left out (the library has the defaults)."""
    body: dict[str, Any] = {"operation": operation}
    for key, value in keys.items():
        if value is None:
            continue
        if isinstance(value, os.PathLike):
            value = os.fspath(value)
        body[key] = value
    return json.dumps(body)


def common_keys(timeout: float | None, registry_options: Mapping[str, Any] | None, verify: str | None,
                keys: list[str] | None) -> dict[str, Any]:
    """The keys most operations share: deadline_ms from a timeout in seconds,
    how oci:// references are fetched and verified."""
    out: dict[str, Any] = {}
    if timeout is not None:
        out["deadline_ms"] = max(1, int(timeout * 1000))
    if registry_options is not None:
        out["registry_options"] = dict(registry_options)
    if verify is not None:
        out["verify"] = verify
    if keys is not None:
        out["keys"] = [os.fspath(k) for k in keys]
    return out


def path_or_none(p: str | os.PathLike[str] | None) -> str | None:
    return None if p is None else os.fspath(p)
