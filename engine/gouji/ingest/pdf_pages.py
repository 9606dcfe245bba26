"""What one PDF page holds, lifted out of pdfplumber into plain data.

Everything that touches the PDF library is here, so that the layout decisions
(``pdf_layout``) work on small dataclasses they can be tested and reasoned about with, and so
that the one place where a damaged file can make the library raise is easy to guard.

A table is taken from the page's ruling lines (pdfplumber's ``lines`` strategy, which also
uses the edges of drawn rectangles): that grid is exact, every printed cell is a cell, an empty
one is a printed blank. A "table" of one column is a framed text box, not a table: its text is
read as lines. Text outside the tables is read as visual lines, top to bottom.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from .decode import normalize

__all__ = [
    "PageContent",
    "RuledCell",
    "RuledTable",
    "TextLine",
    "cell_text",
    "join_wrapped",
    "read_pages",
]

_CJK = "\u2e80-\u2fff\u3001-\u303f\u3040-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])[ \t\u3000]+(?=[{_CJK}])")
_WIDE_CHAR = re.compile(rf"[{_CJK}]")
_LATIN_END = re.compile(r"[A-Za-z0-9,.;:!?)%]")
_LATIN_START = re.compile(r"[A-Za-z0-9(]")

GAP_FACTOR = 1.5
"""A horizontal gap wider than this many character widths inside a line separates columns (a
table row printed without ruling lines), not words."""

WORD_GAP = 0.15
"""A gap wider than this many character widths between two non-Chinese characters is a space."""

MAX_DRAWING_OBJECTS = 20_000
"""Lines, rectangles and curves on one page beyond which ruled tables are not looked for: a
statutory table is a few hundred edges, a page of vector drawing (a map, a chart) can be
millions, and finding tables among them costs time and memory quadratic in their number. The
drawings past it are dropped while the page is laid out (``pdf_limits``), not after."""

_TABLE_SETTINGS: dict[str, Any] = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


@dataclass(slots=True)
class TextLine:
    """One visual line of text outside the ruled tables."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    gapped: bool
    """The line has column-wide gaps: a row of a table without ruling lines, never prose."""


@dataclass(slots=True)
class RuledCell:
    """One printed cell of a ruled table, at its column on the table's grid."""

    text: str
    col: int
    x0: float


@dataclass(slots=True)
class RuledTable:
    rows: list[list[RuledCell]]
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(slots=True)
class PageContent:
    number: int
    width: float
    height: float
    chars: int
    images: int
    lines: list[TextLine] = field(default_factory=list)
    tables: list[RuledTable] = field(default_factory=list)
    drawing: bool = False
    """Too many drawing objects to look for ruled tables: the page was read as text only."""


def join_wrapped(parts: list[str]) -> str:
    """Lines of one paragraph as one text: a line wrap is no space in Chinese text (nor after a
    dash or a bracket), but a space between two Latin words."""
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out and _LATIN_END.match(out[-1]) and _LATIN_START.match(part[0]):
            out += " "
        out += part
    return normalize(out)


def cell_text(parts: list[str]) -> str:
    """Lines of one table cell as one text, wrapped like a paragraph; a vertical label (one
    character per line) reads as one word. Spaces between two Chinese characters go too: in a
    cell they are the library's guess from letter-spacing ("结 果"), never meaning."""
    return _CJK_GAP.sub("", join_wrapped(parts))


def read_pages(pdf: Any, limits: Any) -> Iterator[PageContent]:
    """Each page of an open ``pdfplumber.PDF``, laid out within ``limits`` (a
    ``pdf_limits.PdfLimits``), its cache released once read."""
    from .pdf_limits import bounded_pages

    for page in bounded_pages(pdf, limits):
        yield _read_page(page)


def _read_page(page: Any) -> PageContent:
    """One page; a plain pdfplumber page is laid out within fresh limits."""
    from .pdf_limits import BoundedPage, PdfLimits

    if not isinstance(page, BoundedPage):
        page = BoundedPage.of(page, PdfLimits())
    chars = page.chars
    content = PageContent(
        number=page.page_number,
        width=float(page.width),
        height=float(page.height),
        chars=sum(1 for c in chars if not c["text"].isspace()),
        images=len(page.images),
    )
    if not content.chars:
        return content
    content.drawing = page.drawings_dropped
    page = page.dedupe_chars()  # fake bold: the same glyph drawn twice, slightly offset
    found = [] if content.drawing else [t for t in page.find_tables(_TABLE_SETTINGS) if _is_grid(t)]
    content.tables = [_ruled(t) for t in found]
    boxes = [t.bbox for t in found]
    outside = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes))
    content.lines = [
        _line(raw) for raw in outside.extract_text_lines(return_chars=True, keep_blank_chars=True)
    ]
    content.lines = [line for line in content.lines if line.text]
    return content


def _is_grid(table: Any) -> bool:
    """A framed text box is found as a one-column table; a real table has two columns somewhere."""
    return any(sum(cell is not None for cell in row.cells) >= 2 for row in table.rows)


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _ruled(table: Any) -> RuledTable:
    texts = table.extract()
    rows: list[list[RuledCell]] = []
    for row, row_texts in zip(table.rows, texts, strict=True):
        cells = [
            RuledCell(cell_text((text or "").split("\n")), col, float(bbox[0]))
            for col, (bbox, text) in enumerate(zip(row.cells, row_texts, strict=True))
            if bbox is not None
        ]
        rows.append(cells)
    x0, top, x1, bottom = (float(v) for v in table.bbox)
    return RuledTable(rows, x0, top, x1, bottom)


def _line(raw: dict[str, Any]) -> TextLine:
    chars = sorted(raw["chars"], key=lambda c: c["x0"])
    glyphs = [c for c in chars if not c["text"].isspace()]
    size = statistics.median(float(c["size"]) for c in glyphs) if glyphs else 0.0
    return TextLine(
        text=normalize(_spaced(chars, size)),
        x0=float(raw["x0"]),
        x1=float(raw["x1"]),
        top=float(raw["top"]),
        bottom=float(raw["bottom"]),
        size=size,
        gapped=any(b["x0"] - a["x1"] > GAP_FACTOR * size for a, b in pairwise(glyphs)),
    )


def _spaced(chars: list[dict[str, Any]], size: float) -> str:
    """A line's text with a space where the page has one: a space glyph, a gap between two
    Latin words (some PDFs draw no space glyphs), or the gap between the columns of a table
    printed without ruling lines. Gaps that merely set Chinese apart — justified letter-spacing,
    the extra room word processors leave between Chinese and Latin text — are no space."""
    out: list[str] = []
    prev: dict[str, Any] | None = None
    spaced = False
    for char in chars:
        if char["text"].isspace():
            spaced = prev is not None
            continue
        if prev is not None:
            gap = char["x0"] - prev["x1"]
            latin = not (_WIDE_CHAR.match(prev["text"]) or _WIDE_CHAR.match(char["text"]))
            if spaced or gap > GAP_FACTOR * size or (latin and gap > WORD_GAP * size):
                out.append(" ")
        out.append(char["text"])
        prev = char
        spaced = False
    return "".join(out)
