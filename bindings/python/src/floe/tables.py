"""floe.tables: a data product's Iceberg tables through the catalog its platform
selects (floe/tables.h; the CLI's `floe iceberg ls|show|expire`, docs/iceberg.md)."""
from __future__ import annotations

import builtins
import os

from . import _native
from ._call import common_keys, document_of, path_or_none, request
from ._results import OperationResult

TYPE_CHECKING = False  # typing is imported by type checkers only: it costs import time
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

StrPath = str | os.PathLike[str]


def _run(operation: str, product: StrPath | None, platform: StrPath | None, plugin_path: str | None,
         timeout: float | None, registry_options: Mapping[str, Any] | None, check: bool,
         **keys: Any) -> OperationResult:
    report = document_of(_native.table_run(request(
        operation, product=path_or_none(product), platform=path_or_none(platform), plugin_path=plugin_path,
        **keys, **common_keys(timeout, registry_options, None, None))))
    assert isinstance(report, dict)
    result = OperationResult(report)
    return result.raise_for_outcome() if check else result


def list(product: StrPath | None = None, namespace: str | None = None, *, platform: StrPath | None = None,  # noqa: A001
         plugin_path: str | None = None, timeout: float | None = None,
         registry_options: Mapping[str, Any] | None = None, check: bool = False) -> OperationResult:
    """The tables of a namespace (default: the product's own); they are in result["tables"]."""
    return _run("list", product, platform, plugin_path, timeout, registry_options, check, namespace=namespace)


def show(table: str, product: StrPath | None = None, *, platform: StrPath | None = None,
         plugin_path: str | None = None, timeout: float | None = None,
         registry_options: Mapping[str, Any] | None = None, check: bool = False) -> OperationResult:
    """One table's schema, snapshots, refs and properties, and the retention that applies."""
    return _run("show", product, platform, plugin_path, timeout, registry_options, check, table=table)


def expire(product: StrPath | None = None, tables: builtins.list[str] | None = None, *, dry_run: bool = False,
           keep_files: bool = False, platform: StrPath | None = None, plugin_path: str | None = None,
           timeout: float | None = None, registry_options: Mapping[str, Any] | None = None,
           check: bool = False) -> OperationResult:
    """Removes the snapshots the platform's retention lets go, then deletes from the storage the files
    only they referenced (dry_run: the plan and the files only; keep_files: the snapshots only)."""
    return _run("expire", product, platform, plugin_path, timeout, registry_options, check, tables=tables,
                dry_run=dry_run or None, keep_files=keep_files or None)
