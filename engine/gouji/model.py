"""The typed report: what one published annual report says, under canonical keys.

Everything downstream (rules, renderers, the pytest plugin, other validators) reads a report
only through these models, so they carry everything a later stage may need: where each value
came from, what the parser assumed to get it, and how sure it was. A later stage never goes
back to the file.

Values are ``int`` or ``Decimal``, never ``float``: the identities are exact and money in
万元 has decimals that must survive a round trip.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_serializer

Edition = Literal["2021", "2019", "legacy"]
"""Which national format the tables follow (REPORT-FORMAT.md §1)."""

Semantic = Literal["number", "zero", "blank", "placeholder", "text", "absent"]
"""What a cell holds. ``blank`` (printed empty) and ``absent`` (not in the source at all) are
never 0; only an explicit 0 is ``zero``."""

Value = int | Decimal | None


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Location(_Frozen):
    """Where something sits in the source.

    Text sources give ``line``/``column`` (1-based, in characters of the decoded text); grid
    sources (HTML, DOCX tables) give ``table``/``row``/``col`` (0-based, on the expanded grid)
    and the source line when the parser knows it; paged sources add ``page``.
    """

    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None
    page: int | None = None

    def describe(self) -> str:
        """A short human form such as ``行 12 列 3`` or ``表 2 第 5 行 第 3 列``."""
        parts: list[str] = []
        if self.page is not None:
            parts.append(f"第 {self.page} 页")
        if self.table is not None:
            parts.append(
                f"表格 {self.table + 1} 第 {(self.row or 0) + 1} 行 第 {(self.col or 0) + 1} 列"
            )
        if self.line is not None:
            parts.append(f"行 {self.line}" + (f" 列 {self.column}" if self.column else ""))
        return "，".join(parts) or "位置不明"


class Note(_Frozen):
    """One assumption or observation the parser made.

    ``confidence`` is how sure the parser is that its reading is right (1.0: certain, e.g. a
    known variant label; from ``RELIABLE`` up: a reading that leaves only one possibility, such as
    digits split the one way the column count allows; below it: a choice a person should check,
    and findings resting on it are the parser's responsibility, not the report's).

    ``assumes_identities`` name arithmetic identities (rule instances such as
    ``T3.BALANCE[natural]``) the parser had to assume in order to read the cells (a digit run
    split by arithmetic); the rules must never report them as passed on those cells.
    ``fails_identities`` name identities that fail under *every* reading of the cells' digits:
    whichever way the run is split, the report is inconsistent there.
    """

    id: str
    code: str
    message: str
    confidence: float = Field(ge=0.0, le=1.0)
    loc: Location | None = None
    refs: tuple[str, ...] = ()
    assumes_identities: tuple[str, ...] = ()
    fails_identities: tuple[str, ...] = ()


RELIABLE = 0.9
"""Notes at or above this confidence record how a value was read without leaving a choice
(a unique digit split, a known label variant): they travel into findings as assumptions, but a
verdict on such values is the report's own. Below it the verdict rests on the parser."""


class Cell(_Frozen):
    """One canonical table cell, e.g. ``t3.new.natural``."""

    key: str
    value: Value = None
    raw: str | None = None
    semantic: Semantic = "absent"
    label: str | None = None
    loc: Location | None = None
    notes: tuple[str, ...] = ()

    @field_serializer("value", when_used="json")
    def _value_as_json_number(self, value: Value) -> int | float | str | None:
        # JSON has one number type; a Decimal is written as a number when the float's shortest
        # form spells exactly the same digits, and as a string otherwise (never silently rounded).
        if isinstance(value, Decimal):
            as_float = float(value)
            return as_float if Decimal(repr(as_float)) == value else str(value)
        return value


class Section(_Frozen):
    """One of the six statutory sections, as found."""

    key: str
    title: str
    ordinal: str | None = None
    canonical_title: str
    variant: bool = False
    start_line: int
    end_line: int
    loc: Location
    text: str = ""


class Passage(_Frozen):
    """One paragraph of the report's prose (a source line of text, a block of HTML), outside
    the tables, with where it starts. The text rules read sentences from these and point back
    into the source with them."""

    text: str
    loc: Location


HeadingProblem = Literal[
    "duplicate", "out_of_order", "misnumbered", "restarted_numbering", "subheading_as_section"
]


class StrayHeading(_Frozen):
    """A line that looks like a section heading but is not one of the six in its place."""

    problem: HeadingProblem
    title: str
    ordinal: str | None = None
    resembles: str | None = None
    loc: Location
    message: str


class DateEvidence(_Frozen):
    """A date the report states, with where it came from."""

    date: _dt.date
    raw: str
    source: Literal["metadata", "signature", "text"]
    loc: Location | None = None


class Period(_Frozen):
    """The statistics period the report states (统计期限), as far as it could be read."""

    start: _dt.date | None = None
    end: _dt.date | None = None
    raw: str
    loc: Location | None = None


class EditionEvidence(_Frozen):
    """Why the report was read as a given edition."""

    by_year: Edition | None = None
    by_tables: Edition | None = None
    fingerprints: tuple[str, ...] = ()
    decided_by: Literal["tables", "year", "default"]


class Report(_Frozen):
    """A parsed annual report: metadata, sections, every canonical cell, and the notes."""

    source: str
    sha256: str
    input_kind: str
    encoding: str | None = None
    is_report: bool = True
    title: str | None = None
    issuer: str | None = None
    signed_by: str | None = None
    year: int | None = None
    period: Period | None = None
    published: DateEvidence | None = None
    signed: DateEvidence | None = None
    edition: Edition
    edition_evidence: EditionEvidence
    metadata: dict[str, str] = Field(default_factory=dict)
    sections: tuple[Section, ...] = ()
    stray_headings: tuple[StrayHeading, ...] = ()
    cells: dict[str, Cell] = Field(default_factory=dict)
    notes: tuple[Note, ...] = ()
    prose: tuple[Passage, ...] = ()
    """The paragraphs outside the tables, in order (title, sections, 落款), for text rules."""

    def section(self, key: str) -> Section | None:
        """The section ``sec.N`` if it was found."""
        return next((s for s in self.sections if s.key == key), None)

    def note(self, note_id: str) -> Note | None:
        """The note with this id. Ids are ``N1``, ``N2`` … in order, so this is a lookup, not a
        search (rules ask for the notes of every cell they judge)."""
        if note_id[1:].isdigit():
            index = int(note_id[1:]) - 1
            if 0 <= index < len(self.notes) and self.notes[index].id == note_id:
                return self.notes[index]
        return next((n for n in self.notes if n.id == note_id), None)

    def value(self, key: str) -> Value:
        """The value of a cell, ``None`` when blank, placeholder, unreadable or absent."""
        cell = self.cells.get(key)
        return None if cell is None else cell.value
