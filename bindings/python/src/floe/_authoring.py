"""Plugins written in Python: the base class authors derive from (through the
per-category classes generated into _categories.py: floe.ComputePlugin,
floe.SecretsPlugin, ...) and what the bridge plugin calls (floe._native's
python_plugins.cpp) to describe a class, make instances and call methods.

A method's outcome reaches the host as a floe status: a FloeError raised with
`status=` gives that status; KeyError is FLOE_ERR_NOT_FOUND, NotImplementedError
FLOE_ERR_NOT_IMPLEMENTED, ValueError and TypeError FLOE_ERR_INVALID_ARGUMENT;
anything else is FLOE_ERR_PLUGIN_FAILED with the traceback in the error's
detail. Nothing a plugin raises reaches the host as an exception.
"""
from __future__ import annotations

import importlib
from . import _jsontext as json

from ._errors import FloeError

TYPE_CHECKING = False  # typing is imported by type checkers only: it costs import time
if TYPE_CHECKING:
    from typing import Any, ClassVar


OK = 0
NOT_IMPLEMENTED = 2
NOT_FOUND = 3
INVALID_ARGUMENT = 4
INVALID_CONFIG = 5
LOAD_FAILED = 7
PLUGIN_FAILED = 17


class PythonPlugin:
    """Base of every Python plugin. Class attributes describe it (the descriptor);
    an instance is made per configuration, its methods get the request as a dict
    and return the response as a dict."""

    category: ClassVar[str] = ""
    METHODS: ClassVar[tuple[str, ...]] = ()
    REQUIRED: ClassVar[tuple[str, ...]] = ()
    name: ClassVar[str] = ""            # default: the entry point's name
    version: ClassVar[str] = "0.1.0"
    description: ClassVar[str] = ""     # default: the first line of the class docstring
    capabilities: ClassVar[tuple[str, ...]] = ()
    requirements: ClassVar[tuple[str, ...]] = ()
    config_schema: ClassVar[dict[str, Any] | None] = None  # None: the plugin takes no configuration

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config

    def health_check(self, request: dict[str, Any]) -> dict[str, Any]:
        return {"state": "healthy", "message": "", "details": {}}


def _fail(status: int, message: str, detail: dict[str, Any] | None = None) -> tuple[int, str, str | None]:
    return status, message, json.dumps(detail) if detail is not None else None


def _outcome_of(error: BaseException) -> tuple[int, str, str | None]:
    """A raised exception as (status, message, detail JSON)."""
    if isinstance(error, FloeError) and error.status is not None:
        return _fail(error.status, error.message)
    if isinstance(error, NotImplementedError):
        return _fail(NOT_IMPLEMENTED, str(error) or "not implemented by this plugin")
    if isinstance(error, KeyError):
        return _fail(NOT_FOUND, f"not found: {error.args[0] if error.args else ''}")
    if isinstance(error, (ValueError, TypeError)):
        return _fail(INVALID_ARGUMENT, str(error))
    import traceback  # only when a plugin failed

    text = "".join(traceback.format_exception(error))
    return _fail(PLUGIN_FAILED, f"{type(error).__name__}: {error}\n{text}", {"traceback": text})


def _request_of(text: str) -> dict[str, Any]:
    try:
        request = json.loads(text) if text else {}
    except ValueError as e:
        raise ValueError(f"the request is not JSON: {e}") from None
    if not isinstance(request, dict):
        raise ValueError(f"the request must be a JSON object, not {type(request).__name__}")
    return request


def read_sidecar(path: str) -> dict[str, str]:
    """The bridge's sidecar: key=value lines (written by _python_plugins.sync)."""
    with open(path, encoding="utf-8") as f:
        return dict(line.rstrip("\n").split("=", 1) for line in f if "=" in line)


def describe(sidecar: str) -> dict[str, Any]:
    """The descriptor of the class the sidecar names (bridge init)."""
    from ._categories import AUTHOR_BASES, CATEGORY_IDS

    entry = read_sidecar(sidecar)
    module_name, _, attr = entry["object"].partition(":")
    cls: Any = importlib.import_module(module_name)
    for part in attr.split("."):
        cls = getattr(cls, part)
    category = entry["category"]
    base = AUTHOR_BASES[category]
    if not (isinstance(cls, type) and issubclass(cls, base)):
        raise TypeError(f"{entry['object']} (entry point {entry['name']} in {entry['group']}) is not a subclass of "
                        f"floe.{base.__name__}")
    missing = [m for m in base.REQUIRED if getattr(cls, m) is getattr(base, m)]
    if missing:
        raise TypeError(f"{entry['object']} does not implement the required {category} method(s) "
                        f"{', '.join(missing)}")
    description = cls.description or (cls.__doc__ or "").strip().split("\n")[0] or f"{entry['name']} (Python)"
    schema = cls.config_schema
    return {
        "class": cls, "category_id": CATEGORY_IDS[category], "name": cls.name or entry["name"],
        "version": cls.version, "description": description,
        "config_schema": json.dumps(schema) if schema is not None else None,
        "capabilities": list(cls.capabilities), "requirements": list(cls.requirements),
        "methods": list(base.METHODS),
    }


def new_instance(cls: type[PythonPlugin], config_text: str) -> tuple[int, Any, str | None]:
    """(OK, the instance, None) or (status, message, detail JSON)."""
    try:
        return OK, cls(_request_of(config_text)), None
    except BaseException as e:  # noqa: BLE001 (nothing may cross the C ABI)
        status, message, detail = _outcome_of(e)
        return (INVALID_CONFIG if status == INVALID_ARGUMENT else status), message, detail


def call_method(instance: PythonPlugin, method: str, request_text: str) -> tuple[int, str, str | None]:
    """(OK, response JSON, None) or (status, message, detail JSON)."""
    try:
        request = _request_of(request_text)
        response = getattr(instance, method)(request)
        if not isinstance(response, dict):
            return _fail(PLUGIN_FAILED, f"{method} returned {type(response).__name__}, not a dict (a JSON object)")
        return OK, json.dumps(response), None
    except BaseException as e:  # noqa: BLE001 (nothing may cross the C ABI)
        return _outcome_of(e)
