"""A loaded plugin instance on the Python side: the base of the per-category
classes generated into _categories.py from libfloe-core/abi/categories.py."""
from __future__ import annotations

from . import _jsontext as json
from collections.abc import Mapping

from . import _native
from ._call import document_of

TYPE_CHECKING = False  # typing is imported by type checkers only: it costs import time
if TYPE_CHECKING:
    from typing import Any, ClassVar


class Plugin:
    """A configured plugin instance (floe_handle). Methods take the request as a
    dict and/or keyword arguments and return the response as a dict. Instances
    may be used from several threads (calls on one registry are serialised)."""

    category: ClassVar[str] = ""
    METHODS: ClassVar[tuple[str, ...]] = ()

    def __init__(self, handle: _native.Handle, name: str) -> None:
        self._handle = handle
        self.name = name

    def call(self, method: str, request: Mapping[str, Any] | None = None, /, **fields: Any) -> dict[str, Any]:
        """Calls any method by name (floe_handle_call)."""
        body = dict(request or {})
        body.update(fields)
        answer = document_of(self._handle.call(method, json.dumps(body)))
        return answer if isinstance(answer, dict) else {"value": answer}

    def health_check(self) -> dict[str, Any]:
        """{"state", "message", "details"}."""
        answer = document_of(self._handle.health_check())
        assert isinstance(answer, dict)
        return answer

    @property
    def config(self) -> dict[str, Any]:
        """The configuration the instance was created with, defaults filled in."""
        answer = document_of(self._handle.config())
        assert isinstance(answer, dict)
        return answer

    def close(self) -> None:
        """Frees the instance; later calls raise InternalError (FLOE_ERR_INVALID_STATE)."""
        self._handle.close()

    def __enter__(self) -> Plugin:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.category}/{self.name}>"
