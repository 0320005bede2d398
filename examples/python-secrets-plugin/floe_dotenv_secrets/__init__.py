"""A floe secrets plugin written in Python: reads secrets from a .env file.

    KEY=value            # one secret per line; blank lines and # comments are skipped
    export KEY="value"   # `export ` and matching quotes are allowed

Secret names ending in __<part> form a multi-key secret: DB__USER and
DB__PASSWORD are get_multi_key_secret({"name": "DB"}) -> {"USER": ..., "PASSWORD": ...}.
Values are never logged or put into errors.
"""
from __future__ import annotations

import os
import re
from typing import Any

import floe

_LINE = re.compile(r"^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$")


def read_env_file(path: str) -> dict[str, str]:
    values: dict[str, str] = {}
    with open(path, encoding="utf-8") as f:
        for number, raw in enumerate(f, start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            match = _LINE.match(line)
            if match is None:
                raise ValueError(f"{path}:{number}: expected KEY=value")
            key, value = match.groups()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            values[key] = value
    return values


class DotenvSecrets(floe.SecretsPlugin):
    """Secrets from a .env file (KEY=value lines)."""

    version = "0.1.0"
    capabilities = ("read-only",)
    config_schema = {
        "type": "object",
        "properties": {"path": {"type": "string", "description": "the .env file", "default": ".env"}},
        "additionalProperties": False,
    }

    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__(config)
        self.path = os.path.abspath(str(config.get("path", ".env")))

    def _values(self) -> dict[str, str]:
        if not os.path.isfile(self.path):
            raise floe.FloeError(f"{self.path} does not exist", status=8)  # FLOE_ERR_IO
        return read_env_file(self.path)

    def get_secret(self, request: dict[str, Any]) -> dict[str, Any]:
        key = request.get("key")
        if not isinstance(key, str):
            raise ValueError('get_secret takes {"key": str}')
        values = self._values()
        if key not in values:
            raise KeyError(key)
        return {"value": values[key]}

    def list_secrets(self, request: dict[str, Any]) -> dict[str, Any]:
        prefix = request.get("prefix", "")
        if not isinstance(prefix, str):
            raise ValueError('"prefix" must be a string')
        return {"keys": sorted(k for k in self._values() if k.startswith(prefix))}

    def get_multi_key_secret(self, request: dict[str, Any]) -> dict[str, Any]:
        name = request.get("name")
        if not isinstance(name, str):
            raise ValueError('get_multi_key_secret takes {"name": str}')
        prefix = f"{name}__"
        parts = {k[len(prefix):]: v for k, v in self._values().items() if k.startswith(prefix)}
        if not parts:
            raise KeyError(name)
        return {"values": parts}

    def health_check(self, request: dict[str, Any]) -> dict[str, Any]:
        if os.path.isfile(self.path):
            return {"state": "healthy", "message": f"{self.path} is readable", "details": {}}
        return {"state": "unhealthy", "message": f"{self.path} does not exist", "details": {}}
