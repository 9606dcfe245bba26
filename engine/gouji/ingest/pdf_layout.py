"""PDF pages → ``Document`` blocks: reading order, paragraphs, tables joined across pages.

Ruled tables become exact ``pdf`` grids. A table that runs over a page break is printed as two
tables, the second at the top of the next page, often with the header rows repeated: when the
first is the last thing on its page and the second the first thing on the next (page numbers
and footers aside) and both have the same left and right edges, they are one table, and the
repeated header rows are dropped.

Text outside the tables is read as visual lines. Lines of one paragraph are joined (a line that
reaches the right margin continues on the next line when that one is not indented, also over a
page break); table rows printed without ruling lines have column-wide gaps and are never joined,
so ``text.from_lines`` recovers them exactly as it does a PDF's copied text layer.

A location names the page. ``line`` is the number of the visual line in the document's text
outside the ruled tables (counted from the first page, page markers included); a grid cell is
placed by page, table, row and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .document import Block, Document, GridCell, IngestNote, Pos, Table
from .pdf_pages import PageContent, RuledTable, TextLine, join_wrapped
from .residue import clean_lines, residue_kind
from .text import from_lines

__all__ = ["assemble"]

EDGE_TOLERANCE = 6.0
"""Points: the two parts of a table broken over a page keep their left and right edges."""

_FULL_SLACK = 2.5
"""A line ending within this many character widths of the right margin fills the line: rules
that keep a closing bracket or punctuation mark off the start of a line end lines up to two
characters early."""
_END_CLUSTER = 3.0
"""Points: line ends this close together are one right edge."""
_INDENT = 0.5
"""A line starting more than this many character widths right of the left margin is indented."""
_LEADING = 2.0
"""Lines of one paragraph are at most this many character heights apart (official documents
set 16-point text on a fixed 28-29 point pitch; templates often use double spacing)."""


@dataclass(slots=True)
class _Piece:
    page: int
    top: float
    line: TextLine | None = None
    table: RuledTable | None = None
    residue: bool = False
    number: int = 0


@dataclass(slots=True)
class _Grid:
    """A ruled table being assembled, possibly from parts on several pages."""

    first: RuledTable
    page: int
    rows: list[list[GridCell]] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    dropped: int = 0


@dataclass(slots=True)
class _Paragraph:
    """Visual lines of one paragraph; located where it starts, continued on ``end_page``."""

    lines: list[TextLine]
    page: int
    top: float
    number: int
    end_page: int


def assemble(pages: list[PageContent], doc: Document) -> None:
    """Fill ``doc`` with the blocks of ``pages`` in reading order."""
    pieces = _pieces(pages)
    margins = {p.number: _margins(p.lines) for p in pages}
    grids = _grids(pieces)
    paragraphs = _paragraphs(pieces, margins)
    keyed: list[tuple[tuple[int, float], int, Block]] = []
    for grid in grids:
        keyed.append(((grid.page, grid.first.top), len(keyed), _table(grid)))
        if len(grid.pages) > 1:
            doc.notes.append(_joined_note(grid))
    text_doc, where = _text_blocks(paragraphs, doc)
    for block in text_doc.blocks:
        page, top = where.get(_first_line(block), (0, 0.0))
        keyed.append(((page, top), len(keyed), block))
    keyed.sort(key=lambda k: (k[0], k[1]))
    doc.blocks = [block for _, _, block in keyed]
    _renumber_tables(doc.blocks)
    doc.metadata = text_doc.metadata
    doc.notes.extend(text_doc.notes)


# -- reading order ----------------------------------------------------------------------------


def _pieces(pages: list[PageContent]) -> list[_Piece]:
    """Every line and table of every page, top to bottom; lines numbered in that order."""
    pieces: list[_Piece] = []
    number = 0
    for page in pages:
        on_page = [_Piece(page.number, t.top, table=t) for t in page.tables]
        on_page += [
            _Piece(page.number, ln.top, line=ln, residue=residue_kind(ln.text) is not None)
            for ln in page.lines
        ]
        on_page.sort(key=lambda p: p.top)
        for piece in on_page:
            if piece.line is not None:
                number += 1
                piece.number = number
        pieces.extend(on_page)
    return pieces


def _margins(lines: list[TextLine]) -> tuple[float, float]:
    """The left and right edges of a page's prose (rows of gap-separated columns excluded).

    The right edge is where most lines end, not the furthest end: a line may overhang the
    measure by a punctuation mark or an unbreakable Latin run, and measuring from that would
    make every other line look short. With no line ends shared, the furthest one is taken.
    """
    prose = [ln for ln in lines if not ln.gapped] or lines
    if not prose:
        return 0.0, 0.0
    ends = [ln.x1 for ln in prose]
    right = max(ends, key=lambda x: (sum(abs(e - x) <= _END_CLUSTER for e in ends), x))
    return min(ln.x0 for ln in prose), right


def _body(pieces: list[_Piece]) -> list[_Piece]:
    """The pieces that are the report: page numbers and footers left out."""
    return [p for p in pieces if not p.residue]


# -- tables -----------------------------------------------------------------------------------


def _grids(pieces: list[_Piece]) -> list[_Grid]:
    grids: list[_Grid] = []
    previous: _Piece | None = None
    for piece in _body(pieces):
        table = piece.table
        if table is not None:
            if (
                grids
                and previous is not None
                and previous.table is not None
                and previous.page == piece.page - 1
                and _same_edges(grids[-1].first, table)
            ):  # the last thing on its page, continued as the first thing on the next
                _continue(grids[-1], table, piece.page)
            else:
                grid = _Grid(table, piece.page)
                _append_rows(grid, table, piece.page, {})
                grids.append(grid)
        previous = piece
    return grids


def _same_edges(a: RuledTable, b: RuledTable) -> bool:
    return abs(a.x0 - b.x0) <= EDGE_TOLERANCE and abs(a.x1 - b.x1) <= EDGE_TOLERANCE


def _row_texts(cells: list) -> tuple[str, ...]:
    return tuple(c.text for c in cells)


def _continue(grid: _Grid, part: RuledTable, page: int) -> None:
    """Join the next page's part: repeated header rows dropped, columns put on the first
    part's grid by their left edges (the part may have fewer columns where cells merge)."""
    repeated = 0
    first_rows = grid.first.rows
    while (
        repeated < len(part.rows) - 1
        and repeated < len(first_rows)
        and _row_texts(part.rows[repeated]) == _row_texts(first_rows[repeated])
    ):
        repeated += 1
    grid.dropped += repeated
    columns: dict[int, float] = {}
    for row in first_rows:
        for cell in row:
            columns[cell.col] = min(columns.get(cell.col, cell.x0), cell.x0)
    rest = RuledTable(part.rows[repeated:], part.x0, part.top, part.x1, part.bottom)
    _append_rows(grid, rest, page, columns)


def _append_rows(grid: _Grid, part: RuledTable, page: int, columns: dict[int, float]) -> None:
    if page not in grid.pages:
        grid.pages.append(page)
    for cells in part.rows:
        r = len(grid.rows)
        grid.rows.append(
            [
                GridCell(
                    cell.text,
                    Pos(table=0, row=r, col=_column(cell.x0, cell.col, columns), page=page),
                )
                for cell in cells
            ]
        )


def _column(x0: float, own: int, columns: dict[int, float]) -> int:
    near = [(abs(x - x0), col) for col, x in columns.items() if abs(x - x0) <= EDGE_TOLERANCE]
    return min(near)[1] if near else own


def _table(grid: _Grid) -> Table:
    return Table(rows=grid.rows, layout="pdf", index=0, pos=Pos(table=0, page=grid.page))


def _joined_note(grid: _Grid) -> IngestNote:
    pages = "、".join(str(p) for p in grid.pages)
    dropped = f"，略去重复的表头 {grid.dropped} 行" if grid.dropped else ""
    return IngestNote(
        "table.joined_pages",
        f"表格跨页排版（第 {pages} 页），已合并为一个表格{dropped}",
        Pos(page=grid.page),
    )


def _renumber_tables(blocks: list[Block]) -> None:
    """Tables are numbered in reading order once ruled and text-recovered ones are merged."""
    index = 0
    for block in blocks:
        if not isinstance(block, Table):
            continue
        block.index = index
        block.pos = block.pos._replace(table=index)
        for row in block.rows:
            for cell in row:
                cell.pos = cell.pos._replace(table=index)
        index += 1


# -- text -------------------------------------------------------------------------------------


def _paragraphs(pieces: list[_Piece], margins: dict[int, tuple[float, float]]) -> list[_Paragraph]:
    out: list[_Paragraph] = []
    current: _Paragraph | None = None
    for piece in pieces:
        if piece.residue:
            continue  # a page number between two halves of a paragraph does not end it
        line = piece.line
        if line is None:
            current = None  # a table ends the paragraph above it
        elif current is not None and _continues(current, line, piece.page, margins):
            current.lines.append(line)
            current.end_page = piece.page
        else:
            current = _Paragraph([line], piece.page, line.top, piece.number, piece.page)
            out.append(current)
    return out


def _continues(
    paragraph: _Paragraph, line: TextLine, page: int, margins: dict[int, tuple[float, float]]
) -> bool:
    """A line continues the paragraph when the line above fills the measure and this one is
    not indented, in the same type size and close below (or at the top of the next page)."""
    above = paragraph.lines[-1]
    if above.gapped or line.gapped or abs(above.size - line.size) > 0.5 or not line.size:
        return False
    if page == paragraph.end_page:
        if line.top - above.bottom > _LEADING * line.size:
            return False
    elif page != paragraph.end_page + 1:
        return False
    right = margins[paragraph.end_page][1]
    left = margins[page][0]
    return above.x1 >= right - _FULL_SLACK * above.size and line.x0 <= left + _INDENT * line.size


def _text_blocks(
    paragraphs: list[_Paragraph], doc: Document
) -> tuple[Document, dict[int, tuple[int, float]]]:
    """Paragraphs through the text-layout recovery, with their page and visual line numbers."""
    text = "\n".join(join_wrapped([ln.text for ln in p.lines]) for p in paragraphs)
    lines, notes = clean_lines(text)
    number = [p.number for p in paragraphs]
    page_of = {p.number: p.page for p in paragraphs}
    lines = [ln._replace(number=number[ln.number - 1]) for ln in lines]
    text_doc = from_lines(
        lines, source=doc.source, sha256=doc.sha256, input_kind=doc.input_kind, encoding=None
    )
    text_doc.notes[:0] = [_relocated(n, number, page_of) for n in notes]
    for block in text_doc.blocks:
        _place(block, page_of)
    where = {p.number: (p.page, p.top) for p in paragraphs}
    return text_doc, where


def _relocated(note: IngestNote, number: list[int], page_of: dict[int, int]) -> IngestNote:
    if note.pos is None or note.pos.line is None:
        return note
    line = number[note.pos.line - 1]
    return replace(note, pos=note.pos._replace(line=line, page=page_of.get(line)))


def _place(block: Block, page_of: dict[int, int]) -> None:
    block.pos = block.pos._replace(page=page_of.get(block.pos.line or 0))
    if isinstance(block, Table):
        for row in block.rows:
            for cell in row:
                cell.pos = cell.pos._replace(page=page_of.get(cell.pos.line or 0))


def _first_line(block: Block) -> int:
    return block.pos.line or 0
