"""Plain text, markdown and copied-out text → ``Document``.

Text copied out of DOCX, PDF or web pages keeps its tables in one of a few shapes
(REPORT-FORMAT.md §5): one cell per line with blank lines between rows, tab-separated rows,
markdown pipe rows, or label-and-numbers lines. This module only recovers the *grid* each shape
implies; what the cells mean is the reader's business.
"""

from __future__ import annotations

import re

from .document import Document, GridCell, IngestNote, Line, Paragraph, Pos, Table
from .page_metadata import PAIR, pairs

_PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_BODY_MARKER = re.compile(r"^\s*=+\s*正文\s*=+\s*$")
_CONTINUATION_MAX = 12
_NUMERIC = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?$")

PIPE, TSV, CELL, BLANK, TEXT = "pipe", "tsv", "cell", "blank", "text"


def _kind(text: str) -> str:
    stripped = text.strip()
    if not stripped:
        # A lone tab is an empty cell of a one-cell-per-line table, not a row break.
        if text == "\t":
            return CELL
        return TSV if text.count("\t") >= 2 else BLANK  # a tab-separated row left all blank
    if stripped[0] == "|" and stripped.count("|") >= 2:
        return PIPE
    tabs = text.count("\t")
    if not tabs:
        return TEXT
    if tabs == 1 and text[0] == "\t":
        return CELL
    fields = text.split("\t")
    filled = sum(1 for f in fields if f.strip())
    # A label followed by empty fields is a table row whose cells were left blank; text that
    # is merely indented with tabs is not.
    if filled >= 2 or (filled == 1 and not fields[-1].strip()):
        return TSV
    # One filled field after leading tabs: indented text, unless it is a number (a data row
    # whose other cells were left blank).
    return TSV if filled == 1 and _NUMERIC.match(fields[-1].strip()) else TEXT


def from_lines(
    lines: list[Line], *, source: str, sha256: str, input_kind: str, encoding: str | None
) -> Document:
    """Group lines into paragraphs and tables, and pick up page metadata lines."""
    doc = Document(source=source, sha256=sha256, input_kind=input_kind, encoding=encoding)
    lines = _metadata(lines, doc)
    kinds = [_kind(line.text) for line in lines]
    i = 0
    while i < len(lines):
        kind = kinds[i]
        if kind == PIPE:
            i = _pipe_table(lines, kinds, i, doc)
        elif kind == TSV:
            i = _tsv_table(lines, kinds, i, doc)
        elif kind == CELL:
            i = _cell_table(lines, kinds, i, doc)
        else:
            if kind == TEXT:
                _add_paragraph(lines[i], doc)
            i += 1
    return doc


def _metadata(lines: list[Line], doc: Document) -> list[Line]:
    """Page metadata lines (``标题: …``, ``发布时间: …``) at the top of a crawler dump or copied
    page; a ``=== 正文 ===`` marker ends the header and is not part of the report."""
    for n, line in enumerate(lines[:20]):
        if _BODY_MARKER.match(line.text):
            header, body = lines[:n], lines[n + 1 :]
            for h in header:
                _read_pairs(h, doc)
            if header:
                doc.notes.append(
                    IngestNote(
                        "metadata.header",
                        f"读取了页面元数据（{len(doc.metadata)} 项）",
                        Pos(line=header[0].number),
                    )
                )
            return body
    for line in lines[:12]:
        if len(line.text) < 120 and PAIR.match(line.text.lstrip()):
            _read_pairs(line, doc)
    return lines


def _read_pairs(line: Line, doc: Document) -> None:
    for key, value, index in pairs(line.text):
        doc.metadata.setdefault(
            key, (value, Pos(line=line.number, column=line.source_column(index)))
        )


def _add_paragraph(line: Line, doc: Document) -> None:
    text = line.text.strip()
    offset = line.text.index(text[0]) if text else 0
    pos = Pos(line=line.number, column=line.source_column(offset))
    doc.blocks.append(Paragraph(text=text, pos=pos, line=line, offset=offset))


def _new_table(doc: Document, layout: str, first: Line) -> Table:
    index = sum(1 for b in doc.blocks if isinstance(b, Table))
    table = Table(rows=[], layout=layout, index=index, pos=Pos(line=first.number))
    doc.blocks.append(table)
    return table


_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _split_cells(line: Line, sep: str, table: int, row: int, drop_edges: bool) -> list[GridCell]:
    text = line.text
    cells: list[GridCell] = []
    start = 0
    parts = text.split(sep)
    for col, part in enumerate(parts):
        if not (drop_edges and (col == 0 or col == len(parts) - 1) and not part.strip()):
            lead = len(part) - len(part.lstrip())
            # Positional arguments, as in ``_cell_table``: once per cell.
            pos = Pos(line.number, line.source_column(start + lead), table, row, len(cells))
            text = part.strip()
            if sep == "|":
                text = _LINE_BREAK.sub("", text)  # a wrapped cell of a PDF→markdown converter
            cells.append(GridCell(text, pos, line, start + lead))
        start += len(part) + len(sep)
    return cells


def _pipe_table(lines: list[Line], kinds: list[str], i: int, doc: Document) -> int:
    table = _new_table(doc, "pipe", lines[i])
    while i < len(lines) and kinds[i] == PIPE:
        if not _PIPE_SEPARATOR.match(lines[i].text):
            table.rows.append(_split_cells(lines[i], "|", table.index, len(table.rows), True))
        i += 1
    return i


def _tsv_table(lines: list[Line], kinds: list[str], i: int, doc: Document) -> int:
    table = _new_table(doc, "tsv", lines[i])
    while i < len(lines) and kinds[i] == TSV:
        table.rows.append(_split_cells(lines[i], "\t", table.index, len(table.rows), False))
        i += 1
    return i


def _next_filled(kinds: list[str], i: int) -> int:
    while i < len(kinds) and kinds[i] == BLANK:
        i += 1
    return i


def _cell_table(lines: list[Line], kinds: list[str], i: int, doc: Document) -> int:
    """One cell per line (DOCX copied as text): a tab starts a cell, a blank line ends a row,
    and a short untabbed line between cells continues the cell above (a wrapped label)."""
    table = _new_table(doc, "cells", lines[i])
    row: list[GridCell] = []

    def flush() -> None:
        nonlocal row
        if row:
            table.rows.append(row)
            row = []

    while i < len(lines):
        kind = kinds[i]
        line = lines[i]
        if kind == CELL:
            # Positional arguments: this runs once per cell, and binding keywords costs more.
            pos = Pos(line.number, line.source_column(1), table.index, len(table.rows), len(row))
            row.append(GridCell(line.text[1:].strip(), pos, line, 1))
            i += 1
        elif kind == BLANK:
            j = _next_filled(kinds, i)
            if j < len(lines) and kinds[j] == TEXT and _continues(lines, kinds, j) and row:
                i = j
                continue
            flush()
            if j >= len(lines) or kinds[j] != CELL:
                return j
            i = j
        elif kind == TEXT and row and _continues(lines, kinds, i):
            row[-1].text += line.text.strip()
            i += 1
        else:
            flush()
            return i
    flush()
    return i


def _continues(lines: list[Line], kinds: list[str], i: int) -> bool:
    """A short untabbed line continues the cell above only when the table goes on after it."""
    if len(lines[i].text.strip()) > _CONTINUATION_MAX:
        return False
    j = _next_filled(kinds, i + 1)
    while j < len(lines) and kinds[j] == TEXT and len(lines[j].text.strip()) <= _CONTINUATION_MAX:
        j = _next_filled(kinds, j + 1)
    return j < len(lines) and kinds[j] == CELL
