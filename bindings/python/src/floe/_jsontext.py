"""JSON text to and from Python values, with `json` imported on first use.

`import floe` should cost less than 10 ms (issue 36): the json module (with
re and enum under it) was a third of that, and no call needs it before the
first answer from libfloe-core arrives.
"""
from __future__ import annotations

# typing itself costs ~3 ms to import; mypy reads any TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO, Any


def loads(text: str | bytes) -> Any:
    import json

    return json.loads(text)


def load(stream: IO[str]) -> Any:
    import json

    return json.load(stream)


def dumps(value: Any, **options: Any) -> str:
    import json

    return json.dumps(value, **options)
