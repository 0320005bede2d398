"""The runner's side of the event pipe: one JSON object per line.

The plugin reads these lines from a pipe of their own (file descriptor 3 by
default), so dlt's own output on stdout and stderr can never be mistaken for
an event. Shapes: plugins/ingestion-dlt/README.md#events.
"""

import json
import os


class Events:
    def __init__(self, fd):
        self._out = os.fdopen(fd, "w", encoding="utf-8", buffering=1)

    def emit(self, kind, **fields):
        fields = {key: value for key, value in fields.items() if value is not None}
        self._out.write(json.dumps({"type": kind, **fields}, ensure_ascii=False, default=str) + "\n")
        self._out.flush()

    def problem(self, kind, code, message, file=None, line=None, column=None):
        """kind is "error" or "warning"."""
        self.emit(kind, code=code, message=message, file=file, line=line, column=column)
