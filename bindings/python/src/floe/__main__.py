"""`python -m floe ARGS...` is the floe CLI: the executable bundled with the
package (floe/_sdk/bin/floe), over the same libfloe-core and plugins."""
from __future__ import annotations

import os
import sys


def cli_path() -> str:
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "_sdk", "bin", "floe")


def main() -> None:
    exe = cli_path()
    if not os.access(exe, os.X_OK):
        sys.exit(f"floe: the bundled CLI {exe} is missing or not executable; reinstall the package "
                 "(pip install ./bindings/python)")
    from ._python_plugins import synced_root

    root = synced_root()  # plugins written in Python, listed and loaded like native ones
    if root is not None:
        os.environ["FLOE_PLUGIN_PATH"] = os.pathsep.join(filter(None, [os.environ.get("FLOE_PLUGIN_PATH"), root]))
    sys.stdout.flush()
    sys.stderr.flush()
    # Replaces this process, so exit codes, signals and Ctrl-C are the CLI's own.
    os.execv(exe, ["floe", *sys.argv[1:]])


if __name__ == "__main__":
    main()
