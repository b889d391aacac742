"""One codec for a :class:`corpora.document.Row`: to and from the workspace's ``rows`` table and the
operation log. Each field of a Row is one entry of :data:`FIELDS`, in the Row's own order, so the next
Row field is one entry here plus a migration in ``corpora/schema.py`` (a test holds FIELDS to the Row).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from aligner.display import with_article
from corpora.document import Row, every_sentence


def _plain(value: object) -> object:
    """JSON for numpy scalars that reach a row's scores."""
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"cannot store {with_article(type(value).__name__)} in a workspace")


json_text = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_plain).encode
#: One str as JSON (C-accelerated; the same output as ``json_text``).
string = json.encoder.encode_basestring


def sentences(texts: Sequence[str]) -> str:
    """A list of sentences as compact JSON, without the per-call overhead of ``json_text``."""
    return "[" + ",".join(map(string, texts)) + "]"


def _number(value: float | None) -> str:
    return "null" if value is None else repr(value) if math.isfinite(value) else "NaN"


_NONE = object()  # a field every operation-log entry has


@dataclass(frozen=True)
class Field:
    """How one Row field is stored: as a column value, and inside an operation-log entry."""

    name: str                          # the Row attribute and the rows column
    store: Callable[[Any], object]     # attribute -> column value
    load: Callable[[Any], Any]         # column value -> attribute
    log: Callable[[Any], str]          # column value -> its JSON text in the operation log
    logged: Callable[[Any], Any]       # JSON value in the operation log -> attribute
    before: object = _NONE             # the value of log entries written before the field existed


def _same(value: Any) -> Any:
    return value


def _indices(indices: Sequence[int]) -> str:
    """Sentence indices as a compact JSON list (``[]`` when no sentence of the side is MT)."""
    return "[" + ",".join(str(int(k)) for k in indices) + "]"


def _loaded_indices(text: str) -> tuple[int, ...]:
    return tuple(json.loads(text))


FIELDS: tuple[Field, ...] = (
    Field("zh", sentences, json.loads, str, list),
    Field("en", sentences, json.loads, str, list),
    Field("status", _same, _same, string, _same),
    Field("confidence", lambda c: None if c is None else float(c), _same, _number, _same),
    Field("parts", lambda p: json_text(p) if p else "{}", json.loads, str, _same),
    Field("bookmark", int, bool, str, bool),
    Field("headline", int, bool, str, bool),
    # schema 7: the indices of the MT sentences; schemas 3 (en) and 4 (zh) to 6 stored a 0/1 flag of the
    # whole side instead, which logged_row reads as every sentence of the side
    Field("en_mt", _indices, _loaded_indices, str, tuple, before=0),
    Field("zh_mt", _indices, _loaded_indices, str, tuple, before=0),
    Field("ignored", lambda keys: sentences(list(keys)), lambda s: tuple(json.loads(s)), str, tuple,
          before=[]),                                         # schema 4
)
#: The rows-table columns of a Row, in FIELDS order, and one SQL placeholder per column.
COLUMNS = ", ".join(f.name for f in FIELDS)
MARKS = ",".join("?" * len(FIELDS))
#: Positions in an encoded row.
ZH, EN, PARTS, ZH_MT, EN_MT = (next(k for k, f in enumerate(FIELDS) if f.name == name)
                               for name in ("zh", "en", "parts", "zh_mt", "en_mt"))


def encode(row: Row, parts: str | None = None) -> tuple:
    """A row as the values of :data:`COLUMNS`; ``parts`` is its parts' JSON when already known."""
    return tuple(parts if k == PARTS and parts is not None else f.store(getattr(row, f.name))
                 for k, f in enumerate(FIELDS))


def decode(record: Sequence) -> Row:
    """The Row of a rows-table record (the values of :data:`COLUMNS`)."""
    return Row(*[f.load(value) for f, value in zip(FIELDS, record, strict=True)])


def record_json(record: Sequence) -> str:
    """An encoded row as one JSON array, for the operation log."""
    return "[" + ",".join(f.log(value) for f, value in zip(FIELDS, record, strict=True)) + "]"


def logged_row(values: Sequence) -> Row:
    """The Row of an operation-log array; entries written before a field existed get its ``before``, and
    a whole side's MT flag (schemas 3 to 6) marks every sentence of that side."""
    if len(values) > len(FIELDS) or any(f.before is _NONE for f in FIELDS[len(values):]):
        raise ValueError(f"an operation-log row of {len(values)} values")
    full = [*values, *(f.before for f in FIELDS[len(values):])]
    for marks, side in ((ZH_MT, ZH), (EN_MT, EN)):
        if isinstance(full[marks], int):   # before schema 7: a 0/1 flag of the whole side
            full[marks] = every_sentence(full[side]) if full[marks] else ()
    return Row(*[f.logged(value) for f, value in zip(FIELDS, full, strict=True)])
