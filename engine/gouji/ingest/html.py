"""HTML pages → ``Document``.

Reports published on government web sites arrive as whole saved pages (REPORT-FORMAT.md §5 item
4): site chrome around the article, a metadata block naming the publication date, and the three
statutory tables laid out with rowspan/colspan exactly as the national template. HTML is the one
input whose grid is exact, so this module keeps it exact: every source cell is emitted once, at
its true grid coordinates, and blank cells (``&nbsp;``) are emitted as blanks rather than dropped —
a blank is a fact about the report ("未填写"), not a parsing gap.

Everything that is not the report is left out here rather than in the reader: scripts and head,
site chrome (navigation, breadcrumbs, share/print bars, footers), layout tables that only wrap
content, and page-residue lines recognised by ``gouji.ingest.residue``. The page metadata the
reader needs (the publication date above all) is lifted into ``Document.metadata``.

The walk is a single pass over the lxml tree; the only per-element work is a tag lookup, so a
300 KB page costs a few milliseconds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from ..errors import SourceError
from .document import Block, Document, GridCell, IngestNote, Paragraph, Pos, Table
from .page_metadata import KEY_CELL, PAIR, clip_value
from .page_metadata import pairs as page_pairs
from .residue import residue_kind

__all__ = ["MAX_GRID_SLOTS", "MAX_HTML_TAGS", "from_html"]

_META_NAMES: dict[str, str] = {
    "pubdate": "发布日期",
    "firstpublishedtime": "发布日期",
    "articletitle": "标题",
    "contentsource": "发布机构",
}
"""``<meta name=…>`` conventions of the common government CMSs, mapped to our keys."""

_DROP_TAGS: tuple[str, ...] = (
    "head",
    "title",
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "canvas",
    "map",
    "audio",
    "video",
    "select",
    "button",
    "input",
    "textarea",
    "meta",
    "link",
    "base",
)
"""Elements whose text is never report text (widgets, code, media)."""

_BLOCK_TAGS = frozenset(
    {
        "html",
        "body",
        "p",
        "div",
        "section",
        "article",
        "main",
        "aside",
        "header",
        "footer",
        "nav",
        "menu",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hgroup",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "caption",
        "blockquote",
        "pre",
        "center",
        "address",
        "figure",
        "figcaption",
        "form",
        "fieldset",
        "legend",
        "details",
        "summary",
        "hr",
    }
)
"""Elements that start and end a paragraph; every other tag is inline and joins its text."""

_CHROME_TAGS = frozenset({"nav", "header", "footer", "aside"})
_CHROME_WORDS = re.compile(
    "nav|menu|header|footer|breadcrumb|crumb|share|print|toolbar|sidebar|link|copyright|banner"
    "|topbar"
)
_PROTECTING_TEXT = "政府信息公开"

_SPAN_MAX = 50
"""Largest rowspan/colspan read (saved report pages span at most 22); a larger value, however
many digits it has, counts as this."""

MAX_HTML_TAGS = 100_000
"""Tags a page may open (counted as ``<`` not followed by ``/``, before parsing). A saved report
page opens about 1 100; libxml2 spends some 270 bytes on each element and the reader more on
each paragraph and cell, so a 64 MB page of ``<td>`` would need gigabytes. Past it the page is
refused before it is parsed."""

MAX_GRID_SLOTS = 500_000
"""Grid slots all tables of a page may cover, a cell counting rowspan × colspan of them (the
tables of a saved report page cover about 400). Placing a cell marks every slot its spans
hold, so a page of ``<td rowspan=50 colspan=50>`` cells made 2 500 marks per 30 bytes: a 4 MB
page took more than 5 GB. Tables met once the page's slots are spent are read as text, with
one note."""

_DATA_CELL_MAX = 300
"""A cell longer than this is prose in a layout table: statutory table cells are short labels."""
_META_TABLE_ROWS = 15
_META_COVERAGE = 0.6
_META_LINE_MAX = 200
_QUOTE_MAX = 40
_MAX_DEPTH = 200

_BREAK = "\x00"
"""Marks a block boundary inside a table cell; whitespace touching it vanishes."""

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_HAS_TAG = re.compile(r"<[A-Za-z!/?]")
_ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")
_SPACE = re.compile(r"\s+")
_WIDE = "\u2e80-\u2fff\u3001-\u303f\u3040-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_WIDE_BREAK = re.compile(rf"(?<=[{_WIDE}])[^\S\n\r]*[\n\r]\s*(?=[{_WIDE}])")
_ASCII_SPACE = re.compile(r"[ \t\n\r\f\v]+")

_LABEL_CELL = re.compile(r"[\u4e00-\u9fff]{2,10}[：:]")
_TITLE_SEP = re.compile(r"\s*(?:[_|｜－—–]+|-+)\s*")
_DIGIT_DASH = re.compile(r"\d-\d")

ResidueKind = Callable[[str], str | None]


def from_html(text: str, *, source: str, sha256: str, encoding: str | None) -> Document:
    """Read an already-decoded HTML page; never raises on malformed or non-HTML input, only
    (``SourceError``) on a page of more than ``MAX_HTML_TAGS`` tags."""
    tags_opened = text.count("<") - text.count("</")
    if tags_opened > MAX_HTML_TAGS:
        raise SourceError(
            f"{source}: 网页含 {tags_opened} 个标签，超过 {MAX_HTML_TAGS} 个上限，不像年度报告，拒绝读取"
        )
    doc = Document(source=source, sha256=sha256, input_kind="html", encoding=encoding)
    root = _parse(text, doc)
    if root is None:
        return doc
    title, tags = _read_head(root)
    etree.strip_elements(
        root, *_DROP_TAGS, etree.Comment, etree.ProcessingInstruction, with_tail=False
    )
    walker = _Walker(residue_kind)
    for key, value, line in tags:
        walker.put_meta(key, value, Pos(line=line), from_tag=True)
    walker.run(root)
    doc.blocks = walker.blocks
    doc.metadata = walker.metadata
    doc.notes.extend(walker.notes)
    doc.title_hint = _title_hint(next((v for k, v, _ in tags if k == "标题"), None), title)
    return doc


# -- parsing ----------------------------------------------------------------------------------


def _parse(text: str, doc: Document) -> etree._Element | None:
    """Parse leniently; the page is re-encoded as UTF-8 so a stale ``<meta charset>`` or XML
    declaration cannot make libxml2 decode it a second time.

    This is the libxml2 HTML parser that ``lxml.html`` uses, without ``lxml.html``'s element
    classes: their Python-level class lookup runs once per element and would double the cost.
    """
    if not text or text.isspace():
        doc.notes.append(IngestNote("html.empty", "网页内容为空，未提取到任何内容"))
        return None
    if not _HAS_TAG.search(text):
        doc.notes.append(
            IngestNote("html.not_html", "输入内容不是可识别的网页（HTML），未提取内容")
        )
        return None
    data = _CONTROL.sub("", text).encode("utf-8", "replace")
    parser = etree.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True
    )
    try:
        root = etree.fromstring(data, parser)
    except (etree.LxmlError, ValueError):
        root = None
    if root is None:
        doc.notes.append(IngestNote("html.unparsable", "网页无法解析，未提取到任何内容"))
    return root


def _read_head(root: etree._Element) -> tuple[str | None, list[tuple[str, str, int | None]]]:
    """The page title and CMS ``<meta>`` values, read before the head is thrown away."""
    title = None
    for el in root.iter("title"):
        title = _collapse("".join(el.itertext())) or None
        if title:
            break
    tags: list[tuple[str, str, int | None]] = []
    for el in root.iter("meta"):
        key = _META_NAMES.get((el.get("name") or "").strip().lower())
        value = _collapse(el.get("content") or "")
        if key and value:
            tags.append((key, value, el.sourceline))
    return title, tags


def _title_hint(article_title: str | None, title: str | None) -> str | None:
    """Prefer the CMS's article title; a ``<title>`` loses its site suffix only when what is
    left still names a report, so a bare site name is not mistaken for a cut title."""
    if article_title:
        return article_title
    if not title:
        return None
    for m in _TITLE_SEP.finditer(title):
        if _DIGIT_DASH.fullmatch(title[max(m.start() - 1, 0) : m.end() + 1]):
            continue  # "2023-2024" is part of the title, not a separator
        left = title[: m.start()].strip()
        if "年度报告" in left:
            return left
    return title


# -- text helpers -----------------------------------------------------------------------------


def _collapse(raw: str) -> str:
    """Whitespace as a browser renders it: one space per run, none at a line break between two
    CJK characters (labels and sentences wrap in the source without meaning a space)."""
    if raw.isalnum():
        return raw
    if _ZERO_WIDTH.search(raw):
        raw = _ZERO_WIDTH.sub("", raw)
    if "\n" in raw or "\r" in raw:
        raw = _WIDE_BREAK.sub("", raw)
    return _SPACE.sub(" ", raw).strip()


def _cell_text(raw: str) -> str:
    """Block boundaries inside a cell join with nothing: wrapped labels read as one word."""
    if _BREAK not in raw:
        return _collapse(raw)
    return "".join(_collapse(piece) for piece in raw.split(_BREAK))


def _raw_text(cell: etree._Element) -> str:
    if not len(cell):
        return cell.text or ""
    parts: list[str] = []
    _gather(cell, parts)
    return "".join(parts)


def _meta_text(raw: str) -> str:
    """Text for key/value matching: source whitespace collapses, but visible gaps (``&nbsp;``,
    full-width spaces, line breaks) survive as two or more spaces so a value can stop there."""
    raw = _ZERO_WIDTH.sub("", _ASCII_SPACE.sub(" ", raw))
    return raw.replace(_BREAK, "  ").replace("\u3000", "  ").replace("\xa0", " ")


def _span(value: str | None) -> int:
    """rowspan/colspan as the template intends; anything odd counts as no span.

    The digits are measured before they are converted: ``int()`` refuses more than 4 300 of
    them with a ``ValueError``."""
    if not value or value == "1":
        return 1
    value = value.strip()
    if not value.isdigit() or not value.isascii():
        return 1
    digits = value.lstrip("0")
    if len(digits) > len(str(_SPAN_MAX)):
        return _SPAN_MAX
    return min(max(int(digits or "0"), 1), _SPAN_MAX)


def _gather(el: etree._Element, out: list[str], depth: int = 0) -> None:
    """Raw text of a cell, with ``_BREAK`` at ``<br>`` and block boundaries."""
    if el.text:
        out.append(el.text)
    for child in el:
        tag = child.tag
        if isinstance(tag, str):
            boundary = tag == "br" or tag in _BLOCK_TAGS
            if boundary:
                out.append(_BREAK)
            if depth < _MAX_DEPTH:
                _gather(child, out, depth + 1)
            else:
                out.append("".join(child.itertext()))
            if boundary and tag != "br":
                out.append(_BREAK)
        if child.tail:
            out.append(child.tail)


# -- tables -----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Cell:
    el: etree._Element
    row: int
    col: int
    text: str
    raw: str


@dataclass(slots=True)
class _Grid:
    kind: str  # "data", "meta" or "flow"
    rows: list[list[_Cell]] = field(default_factory=list)
    meta: list[tuple[str, str, int | None]] = field(default_factory=list)
    oversized: bool = False
    """Read as text because the page's ``MAX_GRID_SLOTS`` were spent."""


class _Slots:
    """What is left of a page's ``MAX_GRID_SLOTS``."""

    def __init__(self) -> None:
        self.left = MAX_GRID_SLOTS

    def take(self, count: int) -> bool:
        self.left -= count
        return self.left >= 0


def _build_rows(table: etree._Element, slots: _Slots) -> tuple[list[list[_Cell]], int] | None:
    """Place every cell at its top-left grid position, skipping slots held by earlier rowspans;
    None, before a cell is placed, once the page's slots are spent.

    Only slots of later rows are recorded: within a row the column cursor already moves past
    each cell's colspan.
    """
    trs = list(table.iter("tr"))
    held_by_row: dict[int, set[int]] = {}
    rows: list[list[_Cell]] = []
    width = 0
    for r, tr in enumerate(trs):
        held = held_by_row.pop(r, None)
        row: list[_Cell] = []
        c = 0
        for td in tr:
            if td.tag != "td" and td.tag != "th":
                continue
            if held:
                while c in held:
                    c += 1
            colspan = _span(td.get("colspan"))
            rowspan = min(_span(td.get("rowspan")), len(trs) - r)
            if not slots.take(rowspan * colspan):
                return None
            for dr in range(1, rowspan):
                held_by_row.setdefault(r + dr, set()).update(range(c, c + colspan))
            raw = _raw_text(td)
            row.append(_Cell(td, r, c, _cell_text(raw), raw))
            c += colspan
        rows.append(row)
        width = max(width, c, max(held) + 1 if held else 0)
    return rows, width


def _meta_pairs(rows: list[list[_Cell]]) -> list[tuple[str, str, int | None]]:
    """Key/value pairs of a metadata table, or nothing when the table is not one.

    A metadata table is small and almost all label/value: key cells with their value in the same
    cell or the next one, and other ``标签：`` cells (主题分类, 文号 …) we do not keep.
    """
    if len(rows) > _META_TABLE_ROWS:
        return []
    found: list[tuple[str, str, int | None]] = []
    filled = covered = 0
    for row in rows:
        consumed = -1
        for i, cell in enumerate(row):
            if not cell.text:
                continue
            filled += 1
            if i == consumed:
                covered += 1
                continue
            compact = _SPACE.sub("", cell.text)
            nxt = row[i + 1] if i + 1 < len(row) else None
            key_only = KEY_CELL.fullmatch(compact)
            if key_only:
                covered += 1
                if nxt is not None and nxt.text:
                    key = key_only.group(1)
                    value = clip_value(_meta_text(nxt.raw), key)
                    if value:
                        found.append((key, value, nxt.el.sourceline))
                    consumed = i + 1
                continue
            pairs = list(page_pairs(_meta_text(cell.raw)))
            if pairs:
                covered += 1
                found.extend((k, v, cell.el.sourceline) for k, v, _ in pairs)
            elif _LABEL_CELL.match(compact):
                covered += 1
                if _LABEL_CELL.fullmatch(compact):
                    consumed = i + 1
    if found and covered >= _META_COVERAGE * filled:
        return found
    return []


def _classify(table: etree._Element, slots: _Slots) -> _Grid:
    """Only innermost tables can be data; an outer table is page layout whatever its shape."""
    if next(table.iterdescendants("table"), None) is not None:
        return _Grid("flow")
    built = _build_rows(table, slots)
    if built is None:
        return _Grid("flow", oversized=True)
    rows, width = built
    meta = _meta_pairs(rows)
    if meta:
        return _Grid("meta", rows, meta)
    if len(rows) < 2 or width < 2:
        return _Grid("flow")
    cells = [cell for row in rows for cell in row if cell.text]
    if any(len(cell.text) > _DATA_CELL_MAX for cell in cells):
        return _Grid("flow")
    if cells and all(_link_only(cell) for cell in cells):
        return _Grid("flow")  # a grid of links (友情链接, 相关栏目): statutory cells never link
    return _Grid("data", rows)


def _link_only(cell: _Cell) -> bool:
    """Whether all the text of a cell is the text of its links."""
    links = list(cell.el.iter("a"))
    if not links:
        return False
    linked = "".join(_collapse("".join(a.itertext())) for a in links)
    return len(linked) >= len(_SPACE.sub("", cell.text)) - 2


def _residue_note(kind: str, hits: list[tuple[int | None, str]]) -> IngestNote:
    """One note per residue kind, pointing at its first occurrence, so a page of chrome does
    not bury the report's real notes."""
    line, text = hits[0]
    quoted = text if len(text) <= _QUOTE_MAX else text[:_QUOTE_MAX] + "…"
    if len(hits) > 1:
        quoted = f"{quoted} 等 {len(hits)} 段"
    return IngestNote(f"residue.{kind}", f"已略去网页残留内容（{quoted}）", Pos(line=line))


# -- the walk ---------------------------------------------------------------------------------


class _Walker:
    """One pass in document order, accumulating inline text until a block boundary."""

    def __init__(self, residue: ResidueKind | None) -> None:
        self.blocks: list[Block] = []
        self.notes: list[IngestNote] = []
        self.metadata: dict[str, tuple[str, Pos]] = {}
        self._from_tags: set[str] = set()
        self._residue = residue
        self._parts: list[str] = []
        self._line: int | None = None
        self._quiet = 0
        self._tables = 0
        self._grids: dict[etree._Element, _Grid] = {}
        self._slots = _Slots()
        self._oversized = False
        self._skipped: dict[str, list[tuple[int | None, str]]] = {}

    def run(self, root: etree._Element) -> None:
        self._visit(root, 0)
        self._flush()
        self.notes.extend(_residue_note(kind, hits) for kind, hits in self._skipped.items())

    def put_meta(self, key: str, value: str, pos: Pos, *, from_tag: bool = False) -> None:
        """First visible value wins; a visible value also replaces a ``<meta>`` one, because
        what the page shows is what the publisher stands behind (CMS tags are often the time
        of the last edit)."""
        if key in self.metadata and (from_tag or key not in self._from_tags):
            return
        self.metadata[key] = (value, pos)
        if from_tag:
            self._from_tags.add(key)
        else:
            self._from_tags.discard(key)

    def _visit(self, el: etree._Element, depth: int) -> None:
        tag = el.tag
        if not isinstance(tag, str):
            return
        if tag == "br":
            self._flush()
            return
        if tag not in _BLOCK_TAGS:
            self._children(el, depth)
            return
        self._flush()
        chrome = self._is_chrome(el, tag)
        self._quiet += chrome
        if tag == "table":
            self._table(el, depth)
        else:
            self._children(el, depth)
            self._flush()
        self._quiet -= chrome

    def _children(self, el: etree._Element, depth: int) -> None:
        if depth >= _MAX_DEPTH:
            self._add("".join(el.itertext()), el)
            return
        self._add(el.text, el)
        for child in el:
            self._visit(child, depth + 1)
            self._add(child.tail, child)

    def _add(self, text: str | None, el: etree._Element) -> None:
        if text:
            self._parts.append(text)
            if self._line is None and not text.isspace():
                self._line = el.sourceline

    def _flush(self) -> None:
        if not self._parts:
            return
        raw = "".join(self._parts)
        line = self._line
        self._parts.clear()
        self._line = None
        if raw.isspace():
            return
        if ("：" in raw or ":" in raw) and self._harvest(raw, line):
            return
        if self._quiet:
            return
        text = _collapse(raw)
        if not text:
            return
        kind = self._residue(text) if self._residue else None
        if kind:
            self._skipped.setdefault(kind, []).append((line, text))
            return
        self.blocks.append(Paragraph(text=text, pos=Pos(line=line)))

    def _harvest(self, raw: str, line: int | None) -> bool:
        """Take metadata from a paragraph; true when the paragraph is nothing but metadata
        (it starts with a key), so it belongs in ``metadata`` rather than among the blocks."""
        text = _meta_text(raw)
        found = False
        for key, value, _ in page_pairs(text):
            self.put_meta(key, value, Pos(line=line))
            found = True
        if not found:
            return False
        head = PAIR.match(text.lstrip())
        return head is not None and len(text) <= _META_LINE_MAX

    # -- tables and chrome ----------------------------------------------------------------

    def _grid(self, table: etree._Element) -> _Grid:
        grid = self._grids.get(table)
        if grid is None:
            grid = self._grids[table] = _classify(table, self._slots)
            if grid.oversized and not self._oversized:
                self._oversized = True
                self.notes.append(
                    IngestNote(
                        "html.table_too_large",
                        f"网页表格过大（合计超过 {MAX_GRID_SLOTS} 个单元格位置，合并单元格按所占位置计），"
                        "超出部分的表格按文字读取",
                        Pos(line=table.sourceline),
                        0.8,
                    )
                )
        return grid

    def _table(self, el: etree._Element, depth: int) -> None:
        self._flush()
        grid = self._grid(el)
        if grid.kind == "meta":
            for key, value, line in grid.meta:
                self.put_meta(key, value, Pos(line=line))
            return
        if grid.kind == "data" and not self._quiet:
            for caption in el.iterchildren("caption"):
                self._visit(caption, depth + 1)
            self._emit_table(el, grid)
            return
        self._children(el, depth)
        self._flush()

    def _emit_table(self, el: etree._Element, grid: _Grid) -> None:
        index = self._tables
        self._tables += 1
        rows = [
            [
                GridCell(c.text, Pos(table=index, row=c.row, col=c.col, line=c.el.sourceline))
                for c in row
            ]
            for row in grid.rows
        ]
        self.blocks.append(
            Table(rows=rows, layout="html", index=index, pos=Pos(table=index, line=el.sourceline))
        )

    def _is_chrome(self, el: etree._Element, tag: str) -> bool:
        if tag in ("html", "body"):
            return False
        if tag not in _CHROME_TAGS:
            marks = f"{el.get('id') or ''} {el.get('class') or ''}"
            if marks.isspace() or not _CHROME_WORDS.search(marks.lower()):
                return False
        return not self._protected(el)

    def _protected(self, el: etree._Element) -> bool:
        """Chrome-looking wrappers often hold the article itself (``id="printContent"``).

        Navigation menus link to the 政府信息公开 column, so only the phrase outside links
        protects an element.
        """
        if any(self._grid(t).kind == "data" for t in el.iterdescendants("table")):
            return True
        count = "".join(el.itertext()).count(_PROTECTING_TEXT)
        if not count:
            return False
        linked = sum("".join(a.itertext()).count(_PROTECTING_TEXT) for a in el.iter("a"))
        return count > linked
