"""DOCX files → ``Document``: paragraphs and table grids read from the WordprocessingML itself.

A DOCX carries its tables as structure, not as text: every row is a ``w:tr``, every cell a
``w:tc`` that may span grid columns (``w:gridSpan``) or continue the cell above it
(``w:vMerge``). Reading that structure gives the exact grid the template draws, so — as for HTML
— each source cell is emitted once, at its true grid coordinates (table, row, grid column), and a
merged cell is neither repeated in the slots it covers nor lost. Blank cells stay blank: a blank is
a fact about the report ("未填写"), not a parsing gap. The reader then treats a ``docx`` grid
exactly like an ``html`` one.

Paragraphs come in body order with the tables, including those inside content controls
(``w:sdt``), text boxes and tables nested in tables (the outer table is then page layout, as in
HTML: only innermost tables can be data). Text is what Word shows: deleted revisions and hidden
runs are left out, automatic list numbers ("一、" on a numbered heading) are rendered in front.
Headers, footers, footnotes and comments are other parts and are not read: a report's title,
sections, tables and 落款 live in the body.

Locations: a paragraph's ``line`` is its number among all the document's paragraphs in reading
order (table cells included), so a section's line span and a cell's line can be compared; a
cell also carries ``table``/``row``/``col`` (0-based: the table among the data tables, the row,
the grid column), which findings print as "表格 N 第 R 行 第 C 列".

The main part is streamed: each top-level block is read and then freed, so memory stays at
the size of the largest block whatever the document's length. Size limits are in ``docx_zip``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import IO

from lxml import etree

from ..errors import SourceError
from .decode import normalize
from .document import Block, Document, GridCell, IngestNote, Paragraph, Pos, Table
from .docx_numbering import MAX_LABEL_CHARS, MAX_LIST_NUMBER, Numbering
from .docx_zip import SAFE_XML, DocxPackage, open_package
from .script import to_simplified

__all__ = ["MAX_BLOCK_ELEMENTS", "MAX_PARAGRAPHS", "from_docx"]

_WORD_NS = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
)
"""Transitional (what Word writes) and Strict OOXML."""
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

MAX_PARAGRAPHS = 50_000
"""A report has a few hundred paragraphs (table cells included); a document with more than this
is not one, and reading it would cost minutes and gigabytes downstream."""

MAX_BLOCK_ELEMENTS = 200_000
"""XML elements in one top-level paragraph or table (the template's largest table has ~6 000):
a block is held whole while it is read, so this bounds memory within ``MAX_PART_BYTES``."""

_SPAN_MAX = 64
"""Widest ``w:gridSpan`` and ``w:gridBefore`` read (the template's widest is 10); a larger
value, however many digits it has, counts as this."""
_MAX_DEPTH = 100
_QUOTE_MAX = 30
_OFF = frozenset({"0", "false", "off"})
_SPACE = re.compile(r"\s+")
_BREAK = "\n"


def from_docx(data: bytes, *, source: str, sha256: str) -> Document:
    """Read DOCX bytes. Raises ``SourceError`` (one line) for a file that is not a readable
    DOCX; never raises on the content of one that is."""
    doc = Document(source=source, sha256=sha256, input_kind="docx", encoding=None)
    with open_package(data, source) as package, package.stream(package.main) as stream:
        walker: _Walker | None = None
        try:
            for w, block in _body_blocks(stream, package, source):
                if walker is None:
                    numbering = Numbering(
                        w,
                        package.side_part("word/numbering.xml"),
                        package.side_part("word/styles.xml"),
                    )
                    walker = _Walker(w, numbering, source)
                walker.block(block, 0)
                _free(block)
        except etree.XMLSyntaxError as exc:
            raise SourceError(f"{source}: DOCX 正文 XML 无法解析（{_first_line(exc)}）") from None
    if walker is None:
        doc.notes.append(IngestNote("docx.empty", "DOCX 正文为空，未提取到任何内容"))
        return doc
    doc.blocks = walker.blocks
    doc.notes.extend(walker.finish())
    doc.notes.extend(_simplified(doc.blocks))
    return doc


def _simplified(blocks: list[Block]) -> list[IngestNote]:
    """Traditional characters → simplified, as for text inputs (``script.to_simplified``).

    Block texts hold no line break (whitespace is collapsed), so they are converted in one call
    joined by line breaks and put back in the same order."""
    texts: list[Paragraph | GridCell] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            texts.append(block)
        else:
            texts.extend(cell for row in block.rows for cell in row)
    converted, notes = to_simplified("\n".join(t.text for t in texts))
    if notes:
        for holder, text in zip(texts, converted.split("\n"), strict=True):
            holder.text = text
    return notes


def _body_blocks(
    stream: IO[bytes], package: DocxPackage, source: str
) -> Iterator[tuple[str, etree._Element]]:
    """Each direct child of ``w:body`` once it is complete, with the document's namespace."""
    w = ""
    body_tag = ""
    depth = 0
    events = etree.iterparse(stream, events=("start", "end"), **SAFE_XML)
    in_block = 0
    for event, el in events:
        if event == "start":
            depth += 1
            if depth > 2:
                in_block += 1
                if in_block > MAX_BLOCK_ELEMENTS:
                    raise SourceError(
                        f"{source}: DOCX 正文中有一个段落或表格含 {MAX_BLOCK_ELEMENTS} 个以上 XML 元素，"
                        "不像年度报告，拒绝读取"
                    )
            elif depth == 1:
                namespace = _namespace(el.tag)
                if namespace is None:
                    raise SourceError(
                        f"{source}: 不是 Word 文档（主文档 {package.main} 不是 Word 正文，"
                        "可能是 Excel、PowerPoint 或其他 Office 文件）"
                    )
                if el.getroottree().docinfo.doctype:
                    raise SourceError(
                        f"{source}: DOCX 正文含 DTD 声明（Word 从不写入，可能是恶意构造的文件），拒绝读取"
                    )
                w = namespace
                body_tag = f"{w}body"
            continue
        depth -= 1
        if depth == 2:
            in_block = 0
            parent = el.getparent()
            if parent is not None and parent.tag == body_tag:
                yield w, el


def _namespace(tag: str) -> str | None:
    for ns in _WORD_NS:
        if tag == f"{{{ns}}}document":
            return f"{{{ns}}}"
    return None


def _free(el: etree._Element) -> None:
    """Drop a finished top-level block and those before it, so the tree never grows."""
    el.clear()
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]


def _first_line(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return re.sub(r" \(<string>, line \d+\)$", "", text)


def _collapse(text: str) -> str:
    """Source whitespace as Word shows it, normalised like every other input."""
    return _SPACE.sub(" ", normalize(text)).strip()


def _quote(text: str) -> str:
    return text if len(text) <= _QUOTE_MAX else text[:_QUOTE_MAX] + "…"


class _Walker:
    """One pass over the body's blocks in order, numbering paragraphs as it goes."""

    def __init__(self, w: str, numbering: Numbering, source: str) -> None:
        self._source = source
        self.blocks: list[Block] = []
        self.notes: list[IngestNote] = []
        self._numbering = numbering
        self._line = 0
        self._tables = 0
        self._hidden = 0
        self._revised = 0
        self._alt_chunks = 0
        t = {name: f"{w}{name}" for name in _TAGS}
        self._t = t
        self._p, self._tbl, self._tr, self._tc = t["p"], t["tbl"], t["tr"], t["tc"]
        self._val = f"{w}val"
        self._block_wrappers = {t["customXml"], t["ins"], t["moveTo"]}
        self._inline_wrappers = {
            t[name]
            for name in (
                "hyperlink",
                "smartTag",
                "customXml",
                "ins",
                "moveTo",
                "fldSimple",
                "dir",
                "bdo",
            )
        }
        self._dropped = {t["del"], t["moveFrom"]}

    # -- blocks -----------------------------------------------------------------------------

    def block(self, el: etree._Element, depth: int) -> None:
        tag = el.tag
        if tag == self._p:
            self._paragraph(el, depth)
        elif tag == self._tbl:
            self._table(el, depth)
        elif depth < _MAX_DEPTH:
            for child in self._unwrap(el, self._block_wrappers):
                self.block(child, depth + 1)
            if tag == self._t["altChunk"]:
                self._alt_chunks += 1
            elif tag in self._dropped:
                self._revised += 1

    def _unwrap(self, el: etree._Element, wrappers: set[str]) -> Iterator[etree._Element]:
        """The children of a transparent wrapper: content controls, custom XML, insertions,
        and the first choice of an ``mc:AlternateContent`` (the fallback repeats it)."""
        tag = el.tag
        if tag == self._t["sdt"]:
            content = el.find(self._t["sdtContent"])
            if content is not None:
                yield from content
        elif tag in wrappers:
            if tag in (self._t["ins"], self._t["moveTo"]):
                self._revised += 1
            yield from el
        elif tag == f"{_MC}AlternateContent":
            choice = el.find(f"{_MC}Choice")
            if choice is None:
                choice = el.find(f"{_MC}Fallback")
            if choice is not None:
                yield from choice

    def _paragraph(self, p: etree._Element, depth: int) -> None:
        line, pieces, boxes = self._paragraph_text(p)
        for piece in pieces:
            text = _collapse(piece)
            if text:
                self.blocks.append(Paragraph(text=text, pos=Pos(line=line)))
        for box in boxes:
            if depth < _MAX_DEPTH:
                for child in box:
                    self.block(child, depth + 1)

    def _paragraph_text(self, p: etree._Element) -> tuple[int, list[str], list[etree._Element]]:
        """The paragraph's number, its text split at line breaks, and its text boxes."""
        self._line += 1
        if self._line > MAX_PARAGRAPHS:
            raise SourceError(
                f"{self._source}: DOCX 正文超过 {MAX_PARAGRAPHS} 个段落，不像年度报告，拒绝读取"
            )
        parts = [self._numbering.label(p.find(self._t["pPr"]))] if self._numbering else []
        boxes: list[etree._Element] = []
        self._inline(p, parts, boxes, 0)
        return self._line, "".join(parts).split(_BREAK), boxes

    def _inline(
        self,
        children: Iterable[etree._Element],
        parts: list[str],
        boxes: list[etree._Element],
        depth: int,
    ) -> None:
        t = self._t
        for child in children:
            tag = child.tag
            if tag == t["r"]:
                self._run(child, parts, boxes)
            elif tag in self._dropped:
                self._revised += 1
            elif depth >= _MAX_DEPTH:
                continue
            elif tag in self._inline_wrappers:
                if tag == t["ins"] or tag == t["moveTo"]:
                    self._revised += 1
                self._inline(child, parts, boxes, depth + 1)
            elif tag == t["sdt"] or tag == f"{_MC}AlternateContent":
                self._inline(self._unwrap(child, self._inline_wrappers), parts, boxes, depth + 1)

    def _run(self, r: etree._Element, parts: list[str], boxes: list[etree._Element]) -> None:
        t = self._t
        rpr = r.find(t["rPr"])
        if rpr is not None:
            vanish = rpr.find(t["vanish"])
            if vanish is not None and vanish.get(self._val, "true") not in _OFF:
                self._hidden += 1
                return
        for child in r:
            tag = child.tag
            if tag == t["t"]:
                if child.text:
                    parts.append(child.text.replace(_BREAK, " "))
            elif tag == t["tab"] or tag == t["ptab"]:
                parts.append(" ")
            elif tag == t["br"] or tag == t["cr"]:
                parts.append(_BREAK)
            elif tag == t["noBreakHyphen"]:
                parts.append("-")
            elif tag in (t["drawing"], t["pict"], f"{_MC}AlternateContent"):
                boxes.extend(self._text_boxes(child))

    def _text_boxes(self, el: etree._Element) -> Iterator[etree._Element]:
        """Text boxes in a drawing, each once: an ``mc:Fallback`` repeats its ``mc:Choice``."""
        for box in el.iter(self._t["txbxContent"]):
            if not any(a.tag == f"{_MC}Fallback" for a in box.iterancestors()):
                yield box

    # -- tables -----------------------------------------------------------------------------

    def _rows(self, tbl: etree._Element) -> list[etree._Element]:
        return list(self._children_tagged(tbl, self._tr))

    def cells(self, tr: etree._Element) -> list[etree._Element]:
        return list(self._children_tagged(tr, self._tc))

    def _children_tagged(
        self, el: etree._Element, tag: str, depth: int = 0
    ) -> Iterator[etree._Element]:
        for child in el:
            if child.tag == tag:
                yield child
            elif depth < _MAX_DEPTH and (
                child.tag == self._t["sdt"] or child.tag == self._t["customXml"]
            ):
                inner = child.find(self._t["sdtContent"]) if child.tag == self._t["sdt"] else child
                if inner is not None:
                    yield from self._children_tagged(inner, tag, depth + 1)

    def _cell_paragraphs(self, tc: etree._Element, depth: int = 0) -> Iterator[etree._Element]:
        for child in tc:
            if child.tag == self._p:
                yield child
            elif depth < _MAX_DEPTH:
                yield from self._cell_paragraphs_of(child, depth + 1)

    def _cell_paragraphs_of(self, el: etree._Element, depth: int) -> Iterator[etree._Element]:
        for child in self._unwrap(el, self._block_wrappers):
            if child.tag == self._p:
                yield child
            elif depth < _MAX_DEPTH:
                yield from self._cell_paragraphs_of(child, depth + 1)

    def _table(self, tbl: etree._Element, depth: int) -> None:
        if next(tbl.iterdescendants(self._tbl), None) is not None:
            self._layout_table(tbl, depth)
            return
        index = self._tables
        self._tables += 1
        grid = _Grid(index, self)
        for r, tr in enumerate(self._rows(tbl)):
            grid.row(r, tr)
        self.blocks.append(
            Table(
                rows=grid.rows,
                layout="docx",
                index=index,
                pos=Pos(table=index, line=grid.first_line),
            )
        )

    def _layout_table(self, tbl: etree._Element, depth: int) -> None:
        """A table holding tables is page layout: its cells are read as blocks in order."""
        first = len(self.blocks)
        for tr in self._rows(tbl):
            for tc in self.cells(tr):
                if depth < _MAX_DEPTH:
                    for child in tc:
                        self.block(child, depth + 1)
        self.notes.append(
            IngestNote(
                "docx.layout_table",
                "表格中嵌有表格，外层表格按版式容器读取，内层表格作为数据表格",
                self._first_pos(first),
                0.9,
            )
        )

    def _first_pos(self, start: int) -> Pos | None:
        return self.blocks[start].pos if start < len(self.blocks) else None

    def cell_text(self, tc: etree._Element) -> tuple[str, int | None]:
        """A cell's text (its paragraphs joined: a wrapped label reads as one word) and the
        number of its first paragraph."""
        first: int | None = None
        texts: list[str] = []
        for p in self._cell_paragraphs(tc):
            line, pieces, boxes = self._paragraph_text(p)
            if first is None:
                first = line
            texts.extend(_collapse(piece) for piece in pieces)
            for box in boxes:
                for inner in self._cell_paragraphs(box):
                    texts.extend(_collapse(piece) for piece in self._paragraph_text(inner)[1])
        return "".join(texts), first

    def grid_before(self, tr: etree._Element) -> int:
        pr = tr.find(self._t["trPr"])
        found = pr.find(self._t["gridBefore"]) if pr is not None else None
        return _span(found.get(self._val) if found is not None else None, 0)

    def merge(self, tc: etree._Element) -> tuple[int, str | None, str | None]:
        """A cell's grid span and its ``vMerge``/``hMerge`` values (None: not merged; a
        merge element without a value means "continue")."""
        pr = tc.find(self._t["tcPr"])
        if pr is None:
            return 1, None, None
        span = pr.find(self._t["gridSpan"])
        vmerge = pr.find(self._t["vMerge"])
        hmerge = pr.find(self._t["hMerge"])
        return (
            _span(span.get(self._val) if span is not None else None, 1),
            vmerge.get(self._val, "continue") if vmerge is not None else None,
            hmerge.get(self._val, "continue") if hmerge is not None else None,
        )

    # -- notes ------------------------------------------------------------------------------

    def finish(self) -> list[IngestNote]:
        notes = self.notes
        if self._numbering.rendered:
            notes.append(
                IngestNote(
                    "docx.numbering",
                    f"已按文档的自动编号定义还原 {self._numbering.rendered} 处段落编号（如“一、”）",
                    confidence=0.95,
                )
            )
        if self._numbering.overlong:
            notes.append(
                IngestNote(
                    "docx.numbering_overlong",
                    f"{self._numbering.overlong} 处自动编号的编号值超过 {MAX_LIST_NUMBER} 或编号文字超过 "
                    f"{MAX_LABEL_CHARS} 个字符，不像标题序号，未还原",
                    confidence=0.9,
                )
            )
        if self._revised:
            notes.append(
                IngestNote(
                    "docx.revisions", "文档含修订标记，按接受全部修订后的文字读取", confidence=0.9
                )
            )
        if self._hidden:
            notes.append(
                IngestNote(
                    "docx.hidden_text",
                    f"已略去 {self._hidden} 处隐藏文字（Word 中不显示）",
                    confidence=0.95,
                )
            )
        if self._alt_chunks:
            notes.append(
                IngestNote(
                    "docx.alt_chunk",
                    f"文档嵌入了 {self._alt_chunks} 处其他格式的内容（altChunk），未读取",
                    confidence=0.7,
                )
            )
        return notes


_TAGS = (
    "p",
    "pPr",
    "r",
    "rPr",
    "t",
    "tab",
    "ptab",
    "br",
    "cr",
    "noBreakHyphen",
    "drawing",
    "pict",
    "txbxContent",
    "vanish",
    "tbl",
    "tr",
    "tc",
    "trPr",
    "tcPr",
    "gridBefore",
    "gridSpan",
    "vMerge",
    "hMerge",
    "sdt",
    "sdtContent",
    "customXml",
    "hyperlink",
    "smartTag",
    "fldSimple",
    "dir",
    "bdo",
    "ins",
    "del",
    "moveTo",
    "moveFrom",
    "altChunk",
)


class _Grid:
    """Places a table's cells on the grid, one row at a time.

    A cell starts at the column after the previous cell's span (or after ``w:gridBefore``). A
    ``w:vMerge`` continuation covering the same columns as an open merge below which it sits is
    part of that merged cell and is not emitted; one without such a start is read as a cell of
    its own, with a note. A legacy ``w:hMerge`` continuation widens the cell before it.
    """

    def __init__(self, index: int, walker: _Walker) -> None:
        self.index = index
        self.rows: list[list[GridCell]] = []
        self.first_line: int | None = None
        self._walker = walker
        self._open: dict[int, int] = {}
        """Start column → span of the merges the next row may continue."""

    def row(self, r: int, tr: etree._Element) -> None:
        walker = self._walker
        col = walker.grid_before(tr)
        cells: list[GridCell] = []
        still_open: dict[int, int] = {}
        for tc in walker.cells(tr):
            span, vmerge, hmerge = walker.merge(tc)
            text, line = walker.cell_text(tc)
            if self.first_line is None:
                self.first_line = line
            pos = Pos(table=self.index, row=r, col=col, line=line)
            if vmerge is not None and vmerge != "restart":
                if self._open.get(col) == span:
                    still_open[col] = span
                    if text:
                        self._note(
                            "docx.vmerge_text",
                            pos,
                            f"合并单元格中被覆盖的文字“{_quote(text)}”在 Word 中不显示，已略去",
                            0.8,
                        )
                    col += span
                    continue
                self._note(
                    "docx.vmerge_orphan",
                    pos,
                    "纵向合并的续接单元格上方没有起始单元格，按独立单元格读取",
                    0.8,
                )
                still_open[col] = span
            elif vmerge == "restart":
                still_open[col] = span
            if hmerge is not None and hmerge != "restart" and cells:
                if text:
                    self._note(
                        "docx.hmerge_text",
                        pos,
                        f"合并单元格中被覆盖的文字“{_quote(text)}”在 Word 中不显示，已略去",
                        0.8,
                    )
                col += span
                continue
            cells.append(GridCell(text, pos))
            col += span
        self._open = still_open
        self.rows.append(cells)

    def _note(self, code: str, pos: Pos, what: str, confidence: float) -> None:
        where = f"表格 {self.index + 1} 第 {(pos.row or 0) + 1} 行第 {(pos.col or 0) + 1} 列"
        self._walker.notes.append(IngestNote(code, f"{where}：{what}", pos, confidence))


def _span(value: str | None, default: int) -> int:
    """A span or offset as the file states it; anything odd counts as the default.

    The digits are measured before they are converted: ``int()`` refuses more than 4 300 of
    them with a ``ValueError``, which inside the zip reader would read as a damaged file."""
    if value is None or not value.isdigit() or not value.isascii():
        return default
    digits = value.lstrip("0")
    if len(digits) > len(str(_SPAN_MAX)):
        return _SPAN_MAX
    return min(int(digits or "0"), _SPAN_MAX)
