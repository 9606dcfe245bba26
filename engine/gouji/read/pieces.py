"""Every layout becomes one stream of label, value and blank pieces.

This is where the layouts of REPORT-FORMAT.md §5 stop being different: a grid cell, a tab field,
a pipe cell, a line of PDF text and a crawler's run-together body all become pieces in reading
order, each knowing its physical row and position. Table recovery then works on the stream alone.

A grid cell is one piece and its digits are never split. Prose and PDF-like lines are tokenised:
runs of numbers become value pieces, the text between them label pieces; an item number glued
to the previous row's digits ("…0 002.其他法律…") goes back to its label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..ingest.document import Document, GridCell, Paragraph, Pos, Table
from .values import MAX_RUN, looks_like_value

LABEL, VALUE, BLANK = 0, 1, 2

_NUMBER = re.compile(
    r"(?:(?<=[\s\d])[-－−](?=\d))?(?<![0-9A-Za-z.])\d+(?:\.\d+)?(?:万元|元|笔|件|个|项|次)?(?![0-9A-Za-z])"
)
"""A number in running text, with the sign a 2019 增/减 cell may carry (after a space, or right
after the cell before it in a run-together dump: "行政事业性收费15-15") and a unit glued on."""
_ITEM_AFTER = re.compile(r"[.．、](?=[^\d\s])")
_ERA_YEAR = r"(?:19[89]\d|20[0-4]\d)"
_YEAR = re.compile(rf"^{_ERA_YEAR}$")
_RUN_ON_YEAR = re.compile(rf"^\d+{_ERA_YEAR}$")
"""Digits that end in a year of the reports' era after at least one digit of their own."""
_RUN_GAP = re.compile(r"[ \t]*")
_NUMBERS_ONLY = re.compile(r"^\d+(?:\.\d+)?(?:[ \t]+\d+(?:\.\d+)?)+$")


@dataclass(slots=True)
class Piece:
    """One label, value or blank in reading order.

    ``row`` identifies the physical row it sits in (a grid row, a line, a paragraph); ``col`` is
    its index in that row. ``grid`` is true for a whole grid cell (a value's digits are then one
    number); ``exact`` is true when the grid is exact (HTML, DOCX, ruled PDF), so its blanks are cells;
    ``padded`` when the grid may carry empty cells *before* a row's values (tab-separated text
    from PDFs, where a merged label cell leaves an empty field).
    """

    kind: int
    text: str
    row: int
    col: int
    pos: Pos
    grid: bool = False
    exact: bool = False
    padded: bool = False
    year_cut: str = ""
    """The year the source ran on after this value's digits ("2000002" + "2025年，我局…" printed
    as "20000022025年"): cut off as the next sentence's, an assumption the table records."""


def document_pieces(document: Document) -> list[Piece]:
    """The whole document as one stream of pieces."""
    out: list[Piece] = []
    row = 0
    for block in document.blocks:
        if isinstance(block, Table):
            exact = block.layout in ("html", "docx", "pdf")
            padded = block.layout == "tsv"
            for cells in block.rows:
                _grid_row(cells, row, exact, padded, out)
                row += 1
        else:
            _paragraph(block, row, out)
            row += 1
    return out


def _grid_row(cells: list[GridCell], row: int, exact: bool, padded: bool, out: list[Piece]) -> None:
    previous = None
    for i, cell in enumerate(cells):
        col = cell.pos.col if cell.pos.col is not None else i
        text = cell.text.strip()
        repeated, previous = text == previous, text
        if repeated and not looks_like_value(text) and not _NUMBERS_ONLY.match(text):
            # A merged label cell a converter wrote once per column it spans (PDF→markdown
            # "|一、本年新收…|一、本年新收…|一、本年新收…|"): one label, not three.
            continue
        if not text:
            out.append(Piece(BLANK, "", row, col, cell.pos, True, exact, padded))
        elif looks_like_value(text):
            out.append(Piece(VALUE, text, row, col, cell.pos, True, exact, padded))
        elif not exact and _NUMBERS_ONLY.match(text) and _numerals_fit(text):
            # Two cells' numbers in one text cell ("3001 53"): a converter merged the columns.
            for m in re.finditer(r"\S+", text):
                pos = (
                    cell.pos._replace(column=cell.pos.column + m.start())
                    if cell.pos.column
                    else cell.pos
                )
                out.append(Piece(VALUE, m.group(), row, col, pos, True, exact, padded))
        elif _NUMBER.search(text) and _has_trailing_numbers(text):
            # A label cell that also carries the row's numbers (PDF→markdown detaching).
            _tokenise(text, cell.pos, row, out, base=cell.offset, line=cell.line)
        else:
            out.append(Piece(LABEL, text, row, col, cell.pos, grid=True, exact=exact))


def _numerals_fit(text: str) -> bool:
    return all(len(t) <= MAX_RUN for t in text.split())


def _has_trailing_numbers(text: str) -> bool:
    return bool(re.search(r"[^\d\s.][ \t]+\d+(?:\.\d+)?(?:[ \t]+\d+(?:\.\d+)?)*\s*$", text))


def _paragraph(paragraph: Paragraph, row: int, out: list[Piece]) -> None:
    _tokenise(paragraph.text, paragraph.pos, row, out, base=paragraph.offset, line=paragraph.line)


def _tokenise(text: str, pos: Pos, row: int, out: list[Piece], *, base: int, line) -> None:
    """Split prose or a PDF/crawler line into label pieces and number pieces."""
    col = 0
    label_start = 0
    for m in _NUMBER.finditer(text):
        start, end = m.span()
        digits = m.group()
        if len(digits) > MAX_RUN:
            continue  # no table's digits: it stays in the text around it
        if text.startswith("年", end) and _YEAR.match(digits):
            continue  # "2024年，共收到…": a date in prose, never a cell
        item = _ITEM_AFTER.match(text, end)
        if item:
            # "002.其他" : the last digit numbers the next label, the rest are values.
            if len(digits) == 1 or "." in digits:
                continue
            digits, end = digits[:-1], end - 1
        year_cut = ""
        if text.startswith("年", end) and _RUN_ON_YEAR.match(digits):
            # "…继续办理20000022025年，我局…": a table's last digits and the next sentence's year.
            digits, end, year_cut = digits[:-4], end - 4, digits[-4:]
        if start > label_start:
            label = text[label_start:start].strip()
            if label:
                out.append(Piece(LABEL, label, row, col, _at(pos, line, base, label_start)))
                col += 1
        out.append(Piece(VALUE, digits, row, col, _at(pos, line, base, start), year_cut=year_cut))
        col += 1
        label_start = end
    rest = text[label_start:].strip()
    if rest:
        out.append(Piece(LABEL, rest, row, col, _at(pos, line, base, label_start)))


def _at(pos: Pos, line, base: int, index: int) -> Pos:
    if line is None or pos.line is None:
        return pos
    # Positional (line, column, table, row, col, page): one is made per piece of every line.
    return Pos(pos.line, line.source_column(base + index), None, None, None, pos.page)
