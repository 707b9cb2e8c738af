"""How the history stores a record: one typed column per dataclass field.

A record class (``Recommendation``, ``Inspection``, ...) is a table whose
columns are its fields (``columns``), ``location`` split into one column per
Location field (``location_kind``, ``location_number``, ``location_cell``);
``cell`` turns a value into what SQLite keeps (NULL for no value, JSON arrays
for tuples, 0/1 for booleans) and ``built`` turns a row back into the record,
so a stored Paper is the Paper that was read (``pipeline.history.store``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import fields
from functools import cache
from typing import Any, get_args, get_type_hints

from extractors.model import Location


def cell(value: Any) -> Any:
    """A value as stored: "" and () as NULL, tuples as JSON arrays, booleans as 0/1."""
    if value == "" or value == ():
        return None
    if isinstance(value, tuple):
        return json.dumps(list(value), ensure_ascii=False)
    return int(value) if isinstance(value, bool) else value


def from_cell(hint: Any, stored: Any) -> Any:
    """A stored cell as the field's Python value (``cell`` undone)."""
    return decoder(hint)(stored)


def decoder(hint: Any) -> Callable[[Any], Any]:
    """What undoes ``cell`` for a field of type ``hint``: a stored boolean, an optional value
    (``ocr_confidence``: None stays None), a tuple (a JSON array; NULL for none), or text
    and numbers (NULL for "")."""
    if hint is bool:
        return bool
    is_tuple = getattr(hint, "__origin__", None) is tuple
    empty = None if type(None) in get_args(hint) else () if is_tuple else ""
    if is_tuple:
        return lambda stored: empty if stored is None else tuple(json.loads(stored))
    return lambda stored: empty if stored is None else stored


@cache
def columns(cls: type) -> tuple[str, ...]:
    """A record class's columns: its fields, ``location`` split into one column per
    Location field (``location_kind``, ``location_number``, ...)."""
    names: list[str] = []
    for f in fields(cls):
        names += LOCATION_COLUMNS if f.name == "location" else [f.name]
    return tuple(names)


#: The columns a record's Location is stored in, in Location's field order.
LOCATION_COLUMNS = [f"location_{f.name}" for f in fields(Location)]


@cache
def hints(cls: type) -> dict[str, Any]:
    """A dataclass's field types, resolved once (resolving costs more than decoding)."""
    return get_type_hints(cls)


def cells(obj: Any) -> list[Any]:
    """A record's cells in ``columns`` order."""
    values: list[Any] = []
    for f in fields(obj):
        value = getattr(obj, f.name)
        values += cells(value) if f.name == "location" else [cell(value)]
    return values


def built(cls: type, row: Sequence[Any]) -> Any:
    """The record a row of ``columns(cls)`` was made from."""
    values = dict(zip(columns(cls), row, strict=True))
    kwargs = {name: decode(values[name]) for name, decode in _decoders(cls)}
    if "location" in hints(cls):
        kwargs["location"] = built(Location, [values[name] for name in LOCATION_COLUMNS])
    return cls(**kwargs)


@cache
def _decoders(cls: type) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    """(field, ``decoder``) of a record class's fields but its location, worked out once a
    class: a history holds thousands of records, each of tens of fields."""
    return tuple((name, decoder(hint)) for name, hint in hints(cls).items() if name != "location")
