"""The ABI check made when floe is imported: this package's native module was
built against one libfloe-core ABI (docs/abi.md#versioning-rules) and refuses a
library of another major, or an older minor, with a message saying what to do."""
from __future__ import annotations


def version_text(v: int) -> str:
    return f"{v // 1000000}.{v // 1000 % 1000}.{v % 1000}"


def check_abi(runtime: int, built: int, library: str) -> None:
    """Raises ImportError unless a library of ABI `runtime` can serve a module built for `built`."""
    if runtime // 1000000 == built // 1000000 and runtime >= built:
        return
    raise ImportError(
        f"floe: this Python package was built for libfloe-core ABI {version_text(built)} "
        f"({built // 1000000}.x, {version_text(built)} or newer), but {library} has ABI {version_text(runtime)}; "
        "reinstall the package against that library (pip install ./bindings/python) "
        "or use the libfloe-core it was built with")
