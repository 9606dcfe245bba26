"""Building the public models once, at the end of reading ("pydantic at the boundary").

Constructing a pydantic model is one call into pydantic-core per object: about 2 µs for a
``Cell`` and as much again for its ``Location``, which made building the ~230 cells of a report
the largest single cost of parsing it. Validating all of a report's cells in one call of a
``TypeAdapter`` costs about half as much per cell. So table recovery keeps each cell as the plain
dict of the keyword arguments it would have passed to ``Cell(...)`` (``CellFields``), and they
become models together here.

The models are exactly those the one-by-one construction gives: validating a dict sets the same
fields, with the same ``model_fields_set`` (the dict's keys), as passing the same names as
keyword arguments. ``model_construct`` is no shortcut: it is slower than validation.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import TypeAdapter

from ..ingest.document import Pos
from ..model import Cell, Passage

CellFields = dict[str, Any]
"""The keyword arguments of one ``Cell``; ``loc`` as ``LocFields``."""

LocFields = dict[str, int | None]
"""The keyword arguments of one ``Location``."""


@cache
def _cells() -> TypeAdapter[dict[str, Cell]]:
    # Built on first use, not at import: start-up time counts for one-shot CLI runs.
    return TypeAdapter(dict[str, Cell])


@cache
def _passages() -> TypeAdapter[tuple[Passage, ...]]:
    return TypeAdapter(tuple[Passage, ...])


def loc_fields(pos: Pos | None) -> LocFields | None:
    """The fields ``notes.location(pos)`` gives its ``Location``: every field of ``Pos``, by the
    same names, in the same order (so the model's set fields are the same too)."""
    return None if pos is None else pos._asdict()


def build_cells(fields: dict[str, CellFields]) -> dict[str, Cell]:
    """Every cell's model, in one validation; keys and their order are kept."""
    return _cells().validate_python(fields)


def build_passages(fields: list[dict[str, Any]]) -> tuple[Passage, ...]:
    """Every ``Passage`` of the prose, in one validation."""
    return _passages().validate_python(fields)
