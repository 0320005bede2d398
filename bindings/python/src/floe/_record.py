"""A small value-class base: equality and repr from __slots__. The package
avoids dataclasses on purpose: importing them (inspect, ast) costs more than
the rest of `import floe` (docs/performance.md)."""
from __future__ import annotations


class Record:
    __slots__: tuple[str, ...] = ()

    def _fields(self) -> list[str]:
        """Every slot, base classes' first."""
        return [name for cls in reversed(type(self).__mro__) for name in cls.__dict__.get("__slots__", ())]

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self._fields())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Record) and type(other) is type(self) and self._values() == other._values()

    __hash__ = None  # type: ignore[assignment]  # mutable fields (lists) make these unhashable

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields())
        return f"{type(self).__name__}({fields})"
