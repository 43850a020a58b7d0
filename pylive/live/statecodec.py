"""The format hook state is stored in (`pl.run(state=...)`): JSON for plain data, tags for the rest.

Never `pickle`: what comes back from a shared store is only data, and the only code it can make run
is the constructor of a dataclass, an attrs class or an `Enum` that the app itself has imported.

    stored = encode((1, {"a": frozenset({2})}))     # JSON-able: {"$": "tuple", "v": [...]}
    decode(stored) == (1, {"a": frozenset({2})})

Plain JSON values stay as they are. A dict whose keys are not all strings, or that has a `"$"` key,
a tuple, a set, bytes, a date, a `Decimal`, a `UUID`, an `Enum` member and an instance of a
dataclass or attrs class are tagged objects `{"$": kind, ...}`. Classes are found by their
`module:qualname` in the registry, which holds every class this process has stored or `register`ed,
and otherwise among the modules already imported (never importing one). Anything else (a function,
a file, a socket, a lock) raises `Unstorable`, naming what it is.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime
import decimal
import enum
import sys
import uuid
from typing import Any

import attrs

#: The version of this format, stored with every snapshot; another version is not read.
VERSION = 1

_PLAIN = (str, int, float, bool, type(None))
_registry: dict[str, type] = {}


class Unstorable(TypeError):
    """A value that the state store cannot hold; `what` says what it is, in a few words."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class Unreadable(ValueError):
    """A stored value this process cannot rebuild (an unknown class, a malformed tag)."""


def register(cls: type, name: str | None = None) -> type:
    """Let instances of `cls` (a dataclass, an attrs class or an Enum) be stored and read back as `name`.

    Not needed for classes defined at a module's top level: they are found by their import name.
    Usable as a class decorator.
    """
    if not (_is_record(cls) or (isinstance(cls, type) and issubclass(cls, enum.Enum))):
        raise TypeError(f"{cls!r} is not a dataclass, an attrs class or an Enum")
    _registry[name or _name(cls)] = cls
    return cls


def _name(cls: type) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


def _is_record(cls: Any) -> bool:
    return isinstance(cls, type) and (dataclasses.is_dataclass(cls) or attrs.has(cls))


def encode(value: Any) -> Any:
    """`value` as JSON-able data; raises `Unstorable` for what has no stored form."""
    try:
        return _encode(value)
    except RecursionError:
        raise Unstorable("a value nested too deep") from None


def _encode(value: Any) -> Any:
    cls = value.__class__
    if cls in _PLAIN:
        return value
    if cls is list:
        return [_encode(v) for v in value]
    if cls is dict:
        if all(k.__class__ is str for k in value) and "$" not in value:
            return {k: _encode(v) for k, v in value.items()}
        return {"$": "dict", "v": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if cls is tuple:
        return {"$": "tuple", "v": [_encode(v) for v in value]}
    if cls is set or cls is frozenset:
        return {"$": cls.__name__, "v": [_encode(v) for v in value]}
    if cls is bytes:
        return {"$": "bytes", "v": base64.b64encode(value).decode("ascii")}
    if cls is datetime.datetime or cls is datetime.date or cls is datetime.time:
        return {"$": cls.__name__, "v": value.isoformat()}
    if cls is decimal.Decimal or cls is uuid.UUID:
        return {"$": cls.__name__, "v": str(value)}
    if isinstance(value, enum.Enum):
        return {"$": "enum", "c": _known(cls), "v": _encode(value.value)}
    if _is_record(cls) and "<locals>" not in cls.__qualname__:
        return {"$": "obj", "c": _known(cls), "f": {name: _encode(v) for name, v in _fields(value)}}
    return _refuse(value)


def _refuse(value: Any) -> Any:
    if callable(value):
        raise Unstorable(f"a function ({getattr(value, '__qualname__', type(value).__name__)})")
    if _is_record(value.__class__):
        raise Unstorable(f"an instance of {value.__class__.__qualname__}, a class defined inside a function")
    raise Unstorable(f"a {type(value).__module__}.{type(value).__qualname__}")


def _known(cls: type) -> str:
    name = _name(cls)
    _registry.setdefault(name, cls)
    return name


def _fields(value: Any) -> list[tuple[str, Any]]:
    cls = value.__class__
    if attrs.has(cls):
        return [(a.alias or a.name, getattr(value, a.name)) for a in attrs.fields(cls) if a.init]
    return [(f.name, getattr(value, f.name)) for f in dataclasses.fields(value) if f.init]


def decode(data: Any) -> Any:
    """The value `encode` gave `data` for; raises `Unreadable` for what cannot be rebuilt here."""
    cls = data.__class__
    if cls in _PLAIN:
        return data
    if cls is list:
        return [decode(v) for v in data]
    if cls is not dict:
        raise Unreadable(f"unexpected {cls.__name__}")
    kind = data.get("$")
    if kind is None:
        return {k: decode(v) for k, v in data.items()}
    try:
        return _TAGS[kind](data)
    except KeyError:
        raise Unreadable(f"unknown tag {kind!r}") from None
    except (TypeError, ValueError, decimal.InvalidOperation) as exc:
        if isinstance(exc, Unreadable):
            raise
        raise Unreadable(f"a malformed {kind}: {exc}") from None


def _class(name: Any) -> type:
    cls = _registry.get(name) if isinstance(name, str) else None
    if cls is None and isinstance(name, str) and ":" in name:
        module_name, _, qualname = name.partition(":")
        target: Any = sys.modules.get(module_name)  # only what the app imported: never an import
        for part in qualname.split("."):
            target = getattr(target, part, None)
        if _is_record(target) or (isinstance(target, type) and issubclass(target, enum.Enum)):
            cls = _registry[name] = target
    if cls is None:
        raise Unreadable(f"no dataclass, attrs class or Enum {name!r} in this process")
    return cls


_TAGS: dict[str, Any] = {
    "dict": lambda d: {decode(k): decode(v) for k, v in d["v"]},
    "tuple": lambda d: tuple(decode(v) for v in d["v"]),
    "set": lambda d: {decode(v) for v in d["v"]},
    "frozenset": lambda d: frozenset(decode(v) for v in d["v"]),
    "bytes": lambda d: base64.b64decode(d["v"]),
    "datetime": lambda d: datetime.datetime.fromisoformat(d["v"]),
    "date": lambda d: datetime.date.fromisoformat(d["v"]),
    "time": lambda d: datetime.time.fromisoformat(d["v"]),
    "Decimal": lambda d: decimal.Decimal(d["v"]),
    "UUID": lambda d: uuid.UUID(d["v"]),
    "enum": lambda d: _class(d["c"])(decode(d["v"])),
    "obj": lambda d: _class(d["c"])(**{k: decode(v) for k, v in d["f"].items()}),
}
