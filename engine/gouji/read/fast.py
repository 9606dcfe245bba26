"""The fast path of table recovery: tables whose every row holds exactly its columns' values.

In the national template as most reports print it, each row label found is followed by exactly
as many values as the row has columns. For such a table the general machinery has nothing to
decide, and skipping it changes nothing:

- no values were printed apart from their labels: ``tables._redistribute_detached`` only acts on
  a run of rows *without* values, and here every row has some;
- no blank cell needs placing: the column profiles of complete rows and the table's header serve
  ``align`` only for a row with fewer values than columns;
- ``align`` takes a row's values in order when they number its columns, whatever else (blank
  cells, profiles, header) the row carries.

So the fast path counts each row's values once and, when every count is right, takes the values
in order; any other table goes the general way. The report is the same, byte for byte, either way
(tests/test_fast_path.py compares both on every real report and on generated ones).
"""

from __future__ import annotations

from .align import Alignment, Slot
from .pieces import VALUE, Piece
from .scan import Anchor

ENABLED = True
"""Whether tables may take the fast path; tests turn it off to compare against the general path."""


def template_rows(anchors: list[Anchor]) -> list[list[Piece]] | None:
    """Each row's value pieces, in order, if every row holds exactly its column count of them;
    ``None`` when the table needs the general path (or the fast path is off)."""
    if not ENABLED:
        return None
    rows = []
    for a in anchors:
        values = [p for p in a.seq if p.kind == VALUE]
        if len(values) != len(a.row.columns):
            return None
        rows.append(values)
    return rows


def in_order(values: list[Piece]) -> Alignment:
    """The alignment ``align`` gives a row whose values number its columns: one per column."""
    return Alignment([Slot(p, p.text) for p in values])
