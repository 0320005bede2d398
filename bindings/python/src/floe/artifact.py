"""floe.artifact: signing keys, signatures and the blob cache (floe/artifacts.h;
the CLI's `floe artifact ...` and `floe cache ...`)."""
from __future__ import annotations

import os
from collections.abc import Mapping

from . import _native
from ._call import common_keys, document_of, path_or_none, request
from ._results import OperationResult

TYPE_CHECKING = False  # typing is imported by type checkers only: it costs import time
if TYPE_CHECKING:
    from typing import Any


StrPath = str | os.PathLike[str]


def _run(operation: str, check: bool, **keys: Any) -> OperationResult:
    report = document_of(_native.artifact_run(request(operation, **keys), None))
    assert isinstance(report, dict)
    result = OperationResult(report)
    return result.raise_for_outcome() if check else result


def keygen(prefix: StrPath | None = None, *, check: bool = False) -> OperationResult:
    """A signing key pair: PREFIX.key (private) and PREFIX.pub (default prefix: floe)."""
    return _run("keygen", check, prefix=path_or_none(prefix))


def sign(reference: str, key: StrPath, *, timeout: float | None = None,
         registry_options: Mapping[str, Any] | None = None, check: bool = False) -> OperationResult:
    """Signs a published artifact with a PEM private key."""
    return _run("sign", check, reference=reference, key=os.fspath(key),
                **common_keys(timeout, registry_options, None, None))


def verify(reference: str, keys: list[str], *, timeout: float | None = None,
           registry_options: Mapping[str, Any] | None = None, check: bool = False) -> OperationResult:
    """Verifies a published artifact's content and signature against PEM public keys."""
    return _run("verify", check, reference=reference, keys=[os.fspath(k) for k in keys],
                **common_keys(timeout, registry_options, None, None))


def cache_list(*, check: bool = False) -> OperationResult:
    """The blob cache's entries (floe cache ls)."""
    return _run("cache_list", check)


def cache_prune(*, all: bool = False, unused_for_seconds: int | None = None, dry_run: bool = False,  # noqa: A002
                check: bool = False) -> OperationResult:
    """Removes cache entries unused for a while (default 30 days), or all of them."""
    return _run("cache_prune", check, all=all or None, unused_for_seconds=unused_for_seconds,
                dry_run=dry_run or None)
