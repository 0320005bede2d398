"""floe.iceberg: libfloe-iceberg from Python (floe/iceberg.h, docs/iceberg.md): an
Iceberg REST catalog client, the table metadata model and snapshot expiry
planning. Importing it loads libfloe-iceberg (and libcurl); `import floe` does not."""
from __future__ import annotations

import atexit
from . import _jsontext as json
import os

from . import _iceberg
from ._call import document_of, raise_for_status

TYPE_CHECKING = False  # typing is imported by type checkers only: it costs import time
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

atexit.register(_iceberg.prepare_exit)  # as floe._native (src/native/gil.hpp)

ABI_VERSION: int = _iceberg.abi_version()


class Catalog:
    """An Iceberg REST catalog client. `config`: {"uri", "warehouse"?, "client_id"?,
    "client_secret"?, "token"?, ...} (floe/iceberg.h). No network I/O until the
    first call; one Catalog may be used from several threads."""

    def __init__(self, config: Mapping[str, Any]) -> None:
        status, native, message, detail = _iceberg.catalog_open(json.dumps(dict(config)))
        raise_for_status((status, None, message, detail))
        assert native is not None
        self._native: _iceberg.Catalog = native

    def call(self, operation: str, **keys: Any) -> dict[str, Any]:
        """Any operation of floe_iceberg_catalog_call: get_config, create_namespace,
        list_namespaces, load_table, commit_table, expire_snapshots, ..."""
        answer = document_of(self._native.call(json.dumps({"operation": operation, **keys})))
        assert isinstance(answer, dict)
        return answer

    def list_namespaces(self, parent: list[str] | None = None) -> list[list[str]]:
        keys = {} if parent is None else {"parent": parent}
        return [list(n) for n in self.call("list_namespaces", **keys)["namespaces"]]

    def list_tables(self, namespace: list[str]) -> list[dict[str, Any]]:
        return list(self.call("list_tables", namespace=namespace)["identifiers"])

    def load_table(self, namespace: list[str], name: str) -> dict[str, Any]:
        """{"identifier", "metadata_location", "metadata", "config", "storage_credentials"}
        (the last two may hold vended credentials: pass them on, never log them)."""
        return self.call("load_table", namespace=namespace, name=name)

    def close(self) -> None:
        self._native.close()

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def parse_metadata(metadata: str | bytes) -> dict[str, Any]:
    """A table's metadata.json (v1/v2) parsed into floe's model (metadata.json spelling);
    malformed input raises InvalidInput with the JSON pointer of the problem."""
    text = metadata.decode() if isinstance(metadata, bytes) else metadata
    answer = document_of(_iceberg.parse_metadata(text))
    assert isinstance(answer, dict)
    return answer


def plan_expiry(metadata: str | os.PathLike[str], *, older_than_ms: int | None = None,
                retention_days: int | None = None, keep_last: int | None = None,
                now_ms: int | None = None) -> dict[str, Any]:
    """Which snapshots an expiry would remove and which stay, and why: `metadata` is
    the document's text, or a path to it (an os.PathLike)."""
    request: dict[str, Any] = {}
    if isinstance(metadata, os.PathLike):
        request["metadata_file"] = os.fspath(metadata)
    else:
        request["metadata"] = metadata
    for key, value in (("older_than_ms", older_than_ms), ("retention_days", retention_days),
                       ("keep_last", keep_last), ("now_ms", now_ms)):
        if value is not None:
            request[key] = value
    answer = document_of(_iceberg.plan_expiry(json.dumps(request)))
    assert isinstance(answer, dict)
    return answer
