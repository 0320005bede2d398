"""Discovery of plugins written in Python: entry points of the groups floe.computes,
floe.secrets, ... (the entry-point directory names, as the Python alpha used)
become plugins any floe host finds. For each entry point, sync() writes into
the virtualenv's plugin root (sys.prefix/lib/floe/plugins, which floe searches
as $VIRTUAL_ENV/lib/floe/plugins) a copy of the bridge library, its manifest
and a sidecar naming the entry point and this Python; an entry point that is
gone has its files removed. Files are only rewritten when they change."""
from __future__ import annotations

from . import _jsontext as json
import os
import sys

from . import _native
from ._abi import version_text

PREFIX = "floe_python_"  # the stem of every file sync() owns
_synced: str | None = None


def plugin_root() -> str:
    return os.path.join(sys.prefix, "lib", "floe", "plugins")


def bridge_library() -> str:
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "_sdk", "lib", "floe", "python-bridge",
                        "floe_python_bridge.so")


def libpython() -> str:
    """The shared Python library a host without Python loads to run the plugin: this
    interpreter's own (its SONAME in LIBDIR), else the name for the loader to find."""
    import sysconfig  # only when bridge files are written

    libdir = sysconfig.get_config_var("LIBDIR") or ""
    for name in (sysconfig.get_config_var("INSTSONAME"), sysconfig.get_config_var("LDLIBRARY")):
        if name and ".so" in name and os.path.exists(os.path.join(libdir, name)):
            return os.path.join(libdir, name)
    return f"libpython{sys.version_info.major}.{sys.version_info.minor}.so.1.0"


def _write_if_changed(path: str, data: bytes) -> None:
    try:
        with open(path, "rb") as f:
            if f.read() == data:
                return
    except OSError:
        pass
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "wb") as f:
        f.write(data)
    os.chmod(tmp, 0o755 if path.endswith(".so") else 0o644)
    os.replace(tmp, path)


def write_bridge(directory: str, stem: str, group: str, name: str, obj: str, category: str) -> None:
    """The bridge files of one plugin class (`obj`: "module:Class") in an entry-point directory."""
    from ._authoring import describe

    os.makedirs(directory, exist_ok=True)
    sidecar = os.path.join(directory, stem + ".bridge")
    _write_if_changed(sidecar, "".join(f"{k}={v}\n" for k, v in {
        "group": group, "name": name, "object": obj, "category": category, "executable": sys.executable,
        "libpython": libpython()}.items()).encode())
    with open(bridge_library(), "rb") as f:
        _write_if_changed(os.path.join(directory, stem + ".so"), f.read())
    try:
        d = describe(sidecar)
    except Exception as e:  # noqa: BLE001 (a broken plugin is reported by the host when it loads it)
        d = {"name": name, "version": "0.0.0", "description": f"cannot be described: {e}".split("\n")[0],
             "capabilities": [], "requirements": []}
    manifest = {"manifest_version": 1, "name": d["name"], "category": category, "version": d["version"],
                "abi_version": version_text(_native.built_abi_version()), "library": stem + ".so",
                "description": d["description"], "capabilities": d["capabilities"],
                "requirements": d["requirements"]}
    _write_if_changed(os.path.join(directory, stem + ".plugin.json"), (json.dumps(manifest, indent=2) + "\n").encode())


def sync() -> str:
    """Writes the bridge files of every installed Python plugin; returns the root."""
    from importlib.metadata import entry_points

    from ._categories import GROUPS

    root = plugin_root()
    eps = entry_points()
    for category, group in GROUPS.items():
        directory = os.path.join(root, group)
        wanted: set[str] = set()
        for ep in eps.select(group=group):
            stem = PREFIX + "".join(c if c.isascii() and (c.isalnum() or c == "_") else "_" for c in ep.name.lower())
            wanted.add(stem)
            write_bridge(directory, stem, group, ep.name, ep.value, category)
        if os.path.isdir(directory):
            for file in os.listdir(directory):
                stem = file.split(".", 1)[0]
                if stem.startswith(PREFIX) and stem not in wanted:
                    os.remove(os.path.join(directory, file))
    return root


def synced_root() -> str | None:
    """sync() once per process; None when the root cannot be written (a system Python)."""
    global _synced
    if _synced is None:
        try:
            _synced = sync()
        except OSError:
            _synced = ""
    return _synced or None
