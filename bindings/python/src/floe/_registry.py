"""The plugin registry (floe/registry.h) and what it describes; floe.plugins
is the public face."""
from __future__ import annotations

import builtins
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from . import _native
from ._call import document_of, raise_for_status
from ._categories import CLIENTS
from ._plugin import Plugin

_ISOLATION = {None: 0, "manifest": 0, "process": 1, "in-process": 2}


@dataclass(frozen=True)
class PluginSummary:
    """A plugin found by discovery, from its manifest (nothing loaded)."""
    category: str
    name: str
    version: str
    description: str
    abi_version: str
    capabilities: list[str] = field(default_factory=lambda: [])
    requirements: list[Any] = field(default_factory=lambda: [])
    manifest: str | None = None
    library: str | None = None
    root: str | None = None
    loaded: bool = False

    @classmethod
    def from_json(cls, p: dict[str, Any]) -> PluginSummary:
        return cls(category=str(p["category"]), name=str(p["name"]), version=str(p.get("version", "")),
                   description=str(p.get("description", "")), abi_version=str(p.get("abi_version", "")),
                   capabilities=[str(c) for c in p.get("capabilities", [])],
                   requirements=[r for r in p.get("requirements", [])], manifest=p.get("manifest"),
                   library=p.get("library"), root=p.get("root"), loaded=bool(p.get("loaded", False)))


@dataclass(frozen=True)
class PluginDescription:
    """A loaded plugin's descriptor: methods, config schema, isolation."""
    category: str
    name: str
    version: str
    description: str
    abi_version: str
    capabilities: list[str]
    requirements: list[Any]
    config_schema: dict[str, Any] | None
    methods: list[dict[str, Any]]
    isolation: str
    library: str | None
    manifest: str | None

    @classmethod
    def from_json(cls, p: dict[str, Any]) -> PluginDescription:
        schema = p.get("config_schema")
        if isinstance(schema, str):
            schema = json.loads(schema) if schema else None
        return cls(category=str(p["category"]), name=str(p["name"]), version=str(p.get("version", "")),
                   description=str(p.get("description", "")), abi_version=str(p.get("abi_version", "")),
                   capabilities=[str(c) for c in p.get("capabilities", [])],
                   requirements=[r for r in p.get("requirements", [])], config_schema=schema,
                   methods=[dict(m) for m in p.get("methods", [])], isolation=str(p.get("isolation", "in-process")),
                   library=p.get("library"), manifest=p.get("manifest"))

    @property
    def implemented_methods(self) -> set[str]:
        return {str(m["name"]) for m in self.methods if m.get("implemented")}


class Registry:
    """A plugin registry: the search roots scanned once, plugins loaded on first use.

    `plugin_path`: extra roots searched first (':'-separated or a list);
    `caller_only`: search only those; `isolation`: None (each manifest
    decides), "process" or "in-process"; `call_timeout_ms`: the limit of one
    call into an isolated plugin."""

    def __init__(self, plugin_path: str | list[str] | None = None, *, caller_only: bool = False,
                 isolation: str | None = None, call_timeout_ms: int | None = None) -> None:
        roots = plugin_path if plugin_path is None or isinstance(plugin_path, str) else ":".join(plugin_path)
        if isolation not in _ISOLATION:
            raise ValueError(f"isolation: expected 'process', 'in-process' or None, got {isolation!r}")
        status, native, message, detail = _native.new_registry(roots, caller_only, _ISOLATION[isolation],
                                                               call_timeout_ms or 0)
        raise_for_status((status, None, message, detail))
        assert native is not None
        self._native: _native.Registry = native

    def list(self) -> builtins.list[PluginSummary]:
        doc = document_of(self._native.list())
        return [PluginSummary.from_json(p) for p in doc["plugins"]]

    def info(self, category: str, name: str) -> PluginDescription:
        return PluginDescription.from_json(document_of(self._native.info(category, name)))

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
