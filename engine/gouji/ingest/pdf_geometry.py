"""One page read from its objects in pdfplumber's shape, as ``pdf_pages`` reads a pdfplumber page.

The PDF reading worker (``pdf_child``) has each page's characters and paths from PDFium
(``pdfium_page``), not a pdfplumber ``Page``. This module gives them the reading the default
reader gives a page, step for step: pdfplumber's ``dedupe_chars``, its table finder on the
ruling lines (edges, intersections, cells and tables: ``TableFinder`` itself), each table's
cells and the text lines outside the tables (``chars_to_textmap``, as ``extract_text_lines``).

Three steps are done here rather than by pdfplumber, because they were most of a page's time
(profiled on the 淮安 PDF) and their result is simple to state exactly:

- ``dedupe_chars`` sorts and clusters every group of equal characters twice; only a group
  with two members within a point of each other can lose one, so the rest is skipped and the
  groups that can are clustered exactly as pdfplumber clusters them;
- ``Table.extract`` tests every character against every row and every cell. A character
  belongs to a cell when its centre is in the cell's box (left and top edges in, right and
  bottom out); the grid's distinct x and y edges are bisected once per character instead.
  The text of a cell's characters is still pdfplumber's ``extract_text``;
- ``intersections_to_cells`` rebuilds two crossings' sets of edges each time it asks whether
  an edge joins them; ``_cells`` runs the same search with the sets built once.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from pdfplumber.table import (
    Table,
    TableFinder,
    TableSettings,
    cells_to_tables,
    edges_to_intersections,
)
from pdfplumber.utils import (
    curve_to_edges,
    extract_text,
    line_to_edge,
    obj_to_bbox,
    rect_to_edges,
)
from pdfplumber.utils.text import (
    DEFAULT_X_TOLERANCE,
    DEFAULT_Y_TOLERANCE,
    LIGATURES,
    chars_to_textmap,
)

from .pdf_pages import (
    _TABLE_SETTINGS,
    PageContent,
    RuledCell,
    RuledTable,
    _inside,
    _is_grid,
    _line,
    cell_text,
)

__all__ = ["dedupe", "read_page"]

_SETTINGS = TableSettings.resolve(_TABLE_SETTINGS)
_DEDUPE_TOLERANCE = 1.0
"""pdfplumber's ``dedupe_chars`` default, which ``pdf_pages`` uses."""

Obj = dict[str, Any]


@dataclass(slots=True)
class _Surface:
    """What pdfplumber's ``TableFinder`` reads of a page."""

    chars: list[Obj]
    edges: list[Obj]
    bbox: tuple[float, float, float, float]


def read_page(
    number: int, width: float, height: float, objects: dict[str, list[Obj]]
) -> PageContent:
    """The ``PageContent`` ``pdf_pages._read_page`` gives a page with these objects."""
    chars = objects["char"]
    content = PageContent(
        number=number,
        width=float(width),
        height=float(height),
        chars=sum(1 for c in chars if not c["text"].isspace()),
        images=len(objects.get("image", ())),
    )
    if not content.chars:
        return content
    chars = dedupe(chars)
    edges = [line_to_edge(o) for o in objects["line"]]
    for rect in objects["rect"]:
        edges += rect_to_edges(rect)
    for curve in objects["curve"]:
        edges += curve_to_edges(curve)
    bbox = (0.0, 0.0, float(width), float(height))
    found = [t for t in _tables(_Surface(chars, edges, bbox)) if _is_grid(t)]
    content.tables = [_ruled(t, chars) for t in found]
    boxes = [t.bbox for t in found]
    outside = [c for c in chars if not _inside(c, boxes)]
    textmap = chars_to_textmap(
        outside,
        layout_bbox=bbox,
        layout_width=width,
        layout_height=height,
        keep_blank_chars=True,
    )
    lines = [_line(raw) for raw in textmap.extract_text_lines(strip=True, return_chars=True)]
    content.lines = [line for line in lines if line.text]
    return content


# -- tables ---------------------------------------------------------------------------------


def _tables(surface: _Surface) -> list[Table]:
    """``TableFinder(page, settings).tables``, its cells found by ``_cells``."""
    finder = TableFinder.__new__(TableFinder)
    finder.page = surface  # type: ignore[assignment]
    finder.settings = _SETTINGS
    crossings = edges_to_intersections(
        finder.get_edges(), _SETTINGS.intersection_x_tolerance, _SETTINGS.intersection_y_tolerance
    )
    return [Table(surface, group) for group in cells_to_tables(_cells(crossings))]  # type: ignore[arg-type]


def _cells(crossings: dict[tuple[float, float], dict[str, list[Obj]]]) -> list[tuple]:
    """pdfplumber's ``intersections_to_cells``, the same search: from each crossing (in sorted
    order) the nearest crossing below and to the right joined to it by an edge, and the corner
    they make joined to both. pdfplumber rebuilds two crossings' sets of edge boxes each time it
    asks whether an edge joins them (most of a page's table finding); they are built once."""
    boxes = {
        point: (set(map(obj_to_bbox, edges["v"])), set(map(obj_to_bbox, edges["h"])))
        for point, edges in crossings.items()
    }

    def joined(p1: tuple[float, float], p2: tuple[float, float]) -> bool:
        if p1[0] == p2[0] and not boxes[p1][0].isdisjoint(boxes[p2][0]):
            return True
        return p1[1] == p2[1] and not boxes[p1][1].isdisjoint(boxes[p2][1])

    points = sorted(crossings)
    rows: dict[float, list[tuple[float, float]]] = defaultdict(list)
    in_row: dict[tuple[float, float], int] = {}
    for point in points:
        in_row[point] = len(rows[point[1]])
        rows[point[1]].append(point)  # each row in x order
    cells: list[tuple] = []
    for i, pt in enumerate(points[:-1]):
        # the crossings after ``pt`` in sorted order below it (same x: they follow it) and
        # right of it (same y)
        end = i + 1
        while end < len(points) and points[end][0] == pt[0]:
            end += 1
        row = rows[pt[1]]
        cell = _smallest(pt, points[i + 1 : end], row[in_row[pt] + 1 :], boxes, joined)
        if cell is not None:
            cells.append(cell)
    return cells


def _smallest(
    pt: tuple[float, float],
    below: list[tuple[float, float]],
    right: list[tuple[float, float]],
    crossings: dict,
    joined: Callable[[tuple[float, float], tuple[float, float]], bool],
) -> tuple | None:
    for below_pt in below:
        if not joined(pt, below_pt):
            continue
        for right_pt in right:
            if not joined(pt, right_pt):
                continue
            corner = (right_pt[0], below_pt[1])
            if corner in crossings and joined(corner, right_pt) and joined(corner, below_pt):
                return (pt[0], pt[1], corner[0], corner[1])
    return None


# -- de-duplication ---------------------------------------------------------------------------


def dedupe(chars: list[Obj], tolerance: float = _DEDUPE_TOLERANCE) -> list[Obj]:
    """pdfplumber's ``dedupe_chars(chars)``: of characters with the same text, direction, font
    and size whose tops and left edges cluster within ``tolerance``, the topmost-leftmost
    (the first of equals) is kept; order is kept."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for i, c in enumerate(chars):
        groups[(c["upright"], c["text"], c["fontname"], c["size"])].append(i)
    dropped: set[int] = set()
    for members in groups.values():
        if len(members) < 2 or _apart([chars[i]["x0"] for i in members], tolerance):
            continue
        for row in _clusters(members, lambda i: chars[i]["doctop"], tolerance):
            if len(row) < 2:
                continue
            for twins in _clusters(row, lambda i: chars[i]["x0"], tolerance):
                if len(twins) > 1:
                    kept = min(twins, key=lambda i: (chars[i]["doctop"], chars[i]["x0"]))
                    dropped.update(i for i in twins if i != kept)
    if not dropped:
        return chars
    return [c for i, c in enumerate(chars) if i not in dropped]


def _apart(values: list[float], tolerance: float) -> bool:
    """No two values within ``tolerance``: then no cluster of any subset has two members."""
    values = sorted(values)
    return all(b - a > tolerance for a, b in pairwise(values))


def _clusters(members: list[int], key: Callable[[int], float], tolerance: float) -> list[list[int]]:
    """pdfplumber's ``cluster_objects``: distinct values sorted, a new cluster where the step
    from the previous value is over ``tolerance``; members in cluster order, stable within."""
    values = sorted({key(i) for i in members})
    cluster_of: dict[float, int] = {}
    index = 0
    for k, value in enumerate(values):
        if k and value > values[k - 1] + tolerance:
            index += 1
        cluster_of[value] = index
    if index == 0:
        return [members]
    out: list[list[int]] = [[] for _ in range(index + 1)]
    for i in members:
        out[cluster_of[key(i)]].append(i)
    return out


# -- cells ------------------------------------------------------------------------------------


def _ruled(table: Any, chars: list[Obj]) -> RuledTable:
    """``pdf_pages._ruled``: the table's rows of printed cells with their texts."""
    rows = table.rows
    cells = [cell for row in rows for cell in row.cells if cell is not None]
    texts = _cell_texts(cells, chars)
    out: list[list[RuledCell]] = []
    for row in rows:
        out.append(
            [
                RuledCell(cell_text(texts[bbox].split("\n")), col, float(bbox[0]))
                for col, bbox in enumerate(row.cells)
                if bbox is not None
            ]
        )
    x0, top, x1, bottom = (float(v) for v in table.bbox)
    return RuledTable(out, x0, top, x1, bottom)


def _cell_texts(cells: list[tuple], chars: list[Obj]) -> dict[tuple, str]:
    """Each cell's text as ``Table.extract`` gives it: its characters (centre in the box, left
    and top edges in, right and bottom out) in page order, through ``extract_text``."""
    xs = sorted({v for c in cells for v in (c[0], c[2])})
    ys = sorted({v for c in cells for v in (c[1], c[3])})
    slots: dict[tuple[int, int], list[int]] = defaultdict(list)
    for n, (x0, top, x1, bottom) in enumerate(cells):
        for ix in range(xs.index(x0), xs.index(x1)):
            for iy in range(ys.index(top), ys.index(bottom)):
                slots[ix, iy].append(n)
    held: list[list[Obj]] = [[] for _ in cells]
    last_x, last_y = len(xs) - 1, len(ys) - 1
    for char in chars:
        ix = bisect_right(xs, (char["x0"] + char["x1"]) / 2) - 1
        iy = bisect_right(ys, (char["top"] + char["bottom"]) / 2) - 1
        if 0 <= ix < last_x and 0 <= iy < last_y:
            for n in slots.get((ix, iy), ()):
                held[n].append(char)
    return {cell: _text(mine) if mine else "" for cell, mine in zip(cells, held, strict=True)}


def _text(chars: list[Obj]) -> str:
    """``extract_text(chars)``. Most cells hold one line of upright text: pdfplumber then sorts
    the characters by their left (then right) edges and starts a new word, joined with a
    space, where one begins more than ``DEFAULT_X_TOLERANCE`` past the end of the one before;
    that is done here, and anything else (two lines, a space or ligature glyph, turned text)
    is pdfplumber's."""
    tops = [c["top"] for c in chars]
    if max(tops) - min(tops) > DEFAULT_Y_TOLERANCE or not all(
        c["upright"] and c["text"] not in LIGATURES and not c["text"].isspace() for c in chars
    ):
        return extract_text(chars)
    ordered = sorted(chars, key=lambda c: (c["x0"], c["x1"]))
    out = [ordered[0]["text"]]
    for prev, char in pairwise(ordered):
        if char["x0"] > prev["x1"] + DEFAULT_X_TOLERANCE:
            out.append(" ")
        out.append(char["text"])
    return "".join(out)
