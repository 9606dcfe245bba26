"""The neutral shape every input kind is turned into before anything is read from it.

A ``Document`` is an ordered list of blocks: paragraphs of prose and tables of cells. Each piece
keeps where it came from, so the reader can point back into the source. Ingest modules know
nothing about sections, cells or rules; the reader knows nothing about file formats.

These are plain slotted dataclasses rather than pydantic models: they are built and thrown away
once per report on the hot path, and nothing outside the engine sees them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


class Pos(NamedTuple):
    """A position in the source: a text line/column (1-based) and/or a grid cell (0-based).

    A named tuple rather than a frozen dataclass: one is made per cell and per piece, and a
    tuple is several times cheaper to build while staying immutable and hashable.
    """

    line: int | None = None
    column: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None
    page: int | None = None


class Line(NamedTuple):
    """One decoded source line after residue removal.

    ``shifts`` records inline removals (markdown emphasis, ``[bookmark: …]``) as pairs of
    (index in ``text``, characters removed before that index), so a column in the cleaned text
    can be mapped back to the column in the source line. A named tuple: one is made per source
    line of every report, and a tuple is several times cheaper to build than a frozen dataclass.
    """

    number: int
    text: str
    shifts: tuple[tuple[int, int], ...] = ()

    def source_column(self, index: int) -> int:
        """The 1-based source column of character ``index`` of ``text``."""
        removed = 0
        for at, count in self.shifts:
            if at <= index:
                removed = count
            else:
                break
        return index + removed + 1


@dataclass(slots=True)
class Paragraph:
    """A run of prose (one source line for text inputs; one block element for HTML)."""

    text: str
    pos: Pos
    line: Line | None = None
    offset: int = 0


@dataclass(slots=True)
class GridCell:
    """One cell of a table as laid out in the source (spanned copies are not repeated)."""

    text: str
    pos: Pos
    line: Line | None = None
    offset: int = 0


@dataclass(slots=True)
class Table:
    """Rows of cells. ``layout`` says how the grid was recovered and so how far its empty
    cells can be trusted: ``html`` and ``docx`` grids are exact, ``pipe``/``tsv``/``cells``
    (one cell per line) grids carry padding from merged cells."""

    rows: list[list[GridCell]]
    layout: str
    index: int
    pos: Pos


Block = Paragraph | Table


@dataclass(frozen=True, slots=True)
class IngestNote:
    """Something ingest decided that the report's notes must carry (encoding, residue …)."""

    code: str
    message: str
    pos: Pos | None = None
    confidence: float = 1.0


@dataclass(slots=True)
class Document:
    """A decoded, cleaned source, ready to be read."""

    source: str
    sha256: str
    input_kind: str
    encoding: str | None
    blocks: list[Block] = field(default_factory=list)
    metadata: dict[str, tuple[str, Pos]] = field(default_factory=dict)
    title_hint: str | None = None
    notes: list[IngestNote] = field(default_factory=list)
