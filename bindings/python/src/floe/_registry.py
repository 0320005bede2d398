"""The plugin registry (floe/registry.h) and what it describes; floe.plugins
is the public face."""
from __future__ import annotations

import builtins
from . import _jsontext as json
from collections.abc import Mapping

from . import _native
from ._call import document_of, raise_for_status
from ._categories import CLIENTS
from ._plugin import Plugin
from ._python_plugins import synced_root
from ._record import Record

TYPE_CHECKING = False  # typing is imported by type checkers only: it costs import time
if TYPE_CHECKING:
    from typing import Any


_ISOLATION = {None: 0, "manifest": 0, "process": 1, "in-process": 2}


class PluginSummary(Record):
    """A plugin found by discovery, from its manifest (nothing loaded)."""
    __slots__ = ("category", "name", "version", "description", "abi_version", "capabilities", "requirements",
                 "manifest", "library", "root", "loaded")

    def __init__(self, p: dict[str, Any]) -> None:
        """From an entry of floe_registry_list's "plugins"."""
        self.category = str(p["category"])
        self.name = str(p["name"])
        self.version = str(p.get("version", ""))
        self.description = str(p.get("description", ""))
        self.abi_version = str(p.get("abi_version", ""))
        self.capabilities: list[str] = [str(c) for c in p.get("capabilities", [])]
        self.requirements: list[Any] = list(p.get("requirements", []))
        self.manifest: str | None = p.get("manifest")
        self.library: str | None = p.get("library")
        self.root: str | None = p.get("root")
        self.loaded = bool(p.get("loaded", False))


class PluginDescription(PluginSummary):
    """A loaded plugin's descriptor: methods, config schema, isolation."""
    __slots__ = ("config_schema", "methods", "isolation")

    def __init__(self, p: dict[str, Any]) -> None:
        """From floe_registry_info's document."""
        super().__init__(p)
        schema = p.get("config_schema")
        if isinstance(schema, str):
            schema = json.loads(schema) if schema else None
        self.config_schema: dict[str, Any] | None = schema
        self.methods: list[dict[str, Any]] = [dict(m) for m in p.get("methods", [])]
        self.isolation = str(p.get("isolation", "in-process"))

    @property
    def implemented_methods(self) -> set[str]:
        return {str(m["name"]) for m in self.methods if m.get("implemented")}


class Registry:
    """A plugin registry: the search roots scanned once, plugins loaded on first use.

    `plugin_path`: extra roots searched first (':'-separated or a list);
    `caller_only`: search only those (else plugins written in Python, from
    entry points, are found too); `isolation`: None (each manifest
    decides), "process" or "in-process"; `call_timeout_ms`: the limit of one
    call into an isolated plugin."""

    def __init__(self, plugin_path: str | list[str] | None = None, *, caller_only: bool = False,
                 isolation: str | None = None, call_timeout_ms: int | None = None) -> None:
        roots = plugin_path if plugin_path is None or isinstance(plugin_path, str) else ":".join(plugin_path)
        python_root = None if caller_only else synced_root()
        if python_root is not None:  # plugins written in Python (entry points), also without $VIRTUAL_ENV
            roots = python_root if not roots else f"{roots}:{python_root}"
        if isolation not in _ISOLATION:
            raise ValueError(f"isolation: expected 'process', 'in-process' or None, got {isolation!r}")
        status, native, message, detail = _native.new_registry(roots, caller_only, _ISOLATION[isolation],
                                                               call_timeout_ms or 0)
        raise_for_status((status, None, message, detail))
        assert native is not None
        self._native: _native.Registry = native

    def list(self) -> builtins.list[PluginSummary]:
        doc = document_of(self._native.list())
        return [PluginSummary(p) for p in doc["plugins"]]

    def info(self, category: str, name: str) -> PluginDescription:
        return PluginDescription(document_of(self._native.info(category, name)))

    def doctor(self, load_all: bool = False) -> dict[str, Any]:
        """The search report: roots, plugins, every problem and why."""
        doc = document_of(self._native.doctor(load_all))
        assert isinstance(doc, dict)
        return doc

    def compose(self, selection: Mapping[str, str]) -> None:
        """Checks a selection ({"compute": "duckdb", "catalog": "polaris"}) against each
        plugin's requirements; raises PluginError naming every unmet one."""
        raise_for_status(self._native.check_composition(json.dumps(dict(selection))))

    def load(self, category: str, name: str, config: Mapping[str, Any] | None = None) -> Plugin:
        """Loads and configures a plugin instance; its class is the category's."""
        status, handle, message, detail = self._native.open(category, name, json.dumps(dict(config or {})))
        raise_for_status((status, None, message, detail))
        assert handle is not None
        return CLIENTS.get(category, Plugin)(handle, name)
