"""floe.plugins: discover, describe, check and load plugins (floe/registry.h).

`load(category, name, config)` returns the category's class from
_categories.py (generated from the same spec as the C headers), whose methods
are the category's methods with JSON requests and responses as dicts.
"""
from __future__ import annotations

import builtins
import _thread
from collections.abc import Mapping

from ._categories import *  # noqa: F403 (ComputeClient, ... : the category classes)
from ._categories import CLIENTS, GROUPS
from ._plugin import Plugin
from ._registry import PluginDescription, PluginSummary, Registry

TYPE_CHECKING = False  # typing is imported by type checkers only: it costs import time
if TYPE_CHECKING:
    from typing import Any


__all__ = ["Plugin", "PluginSummary", "PluginDescription", "Registry", "list", "info", "load", "doctor", "compose",
           "default_registry", "CLIENTS", "GROUPS"]

_default: Registry | None = None
_default_lock = _thread.allocate_lock()  # threading costs ~3 ms to import


def default_registry() -> Registry:
    """The registry the module-level functions use (the default search roots)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Registry()
        return _default


def _registry(plugin_path: str | None) -> Registry:
    return default_registry() if plugin_path is None else Registry(plugin_path)


def list(plugin_path: str | None = None) -> builtins.list[PluginSummary]:  # noqa: A001 (floe.plugins.list, as the CLI)
    """Every usable plugin found, from the manifests (nothing is loaded)."""
    return _registry(plugin_path).list()


def info(category: str, name: str, plugin_path: str | None = None) -> PluginDescription:
    """Loads a plugin and describes it from its descriptor."""
    return _registry(plugin_path).info(category, name)


def load(category: str, name: str, config: Mapping[str, Any] | None = None,
         plugin_path: str | None = None) -> Plugin:
    """A configured instance of a plugin, with its category's methods."""
    return _registry(plugin_path).load(category, name, config)


def doctor(load_all: bool = False, plugin_path: str | None = None) -> dict[str, Any]:
    return _registry(plugin_path).doctor(load_all)


def compose(selection: Mapping[str, str], plugin_path: str | None = None) -> None:
    _registry(plugin_path).compose(selection)
