"""One PDF page's characters and painted paths from PDFium, in pdfplumber's shape.

Runs only in the PDF reading worker (``pdf_child``), never in gouji's own process: PDFium has no
hook for a limit and aborts its process when an allocation fails
(docs/input-formats.md#the-pdf-reading-worker).

PDFium lays a page out about ten times faster than pdfminer. What gouji's page reading
(``pdf_geometry``) needs from it is what pdfplumber would give: each character drawn with its
box, font size and font, and each painted path classified as pdfminer classifies one (a single
segment is a line, four sides at right angles closed on the start a rectangle, anything else a
curve). Where PDFium cannot be trusted to give pdfplumber's reading, ``Unsupported`` says why
and the file is read by pdfplumber instead (``pdf_worker``): a page turned, cropped or off the
origin, a page near a limit of ``pdf_limits`` (characters, drawings, images and forms), and a
page that draws space glyphs (PDFium's text page replaces some of them by spaces of its own,
which cannot be told from those it puts in gaps, and the text-layout recovery reads spaces).
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from .pdf_limits import MAX_PAGE_CHARS, MAX_PAGE_FIGURES
from .pdf_pages import MAX_DRAWING_OBJECTS

__all__ = ["Objects", "Unsupported", "page_objects"]

Objects = dict[str, list[dict[str, Any]]]
"""A page's objects by kind, as pdfplumber's ``Page.objects`` holds them: ``char``, ``line``,
``rect``, ``curve`` (dictionaries with the fields pdfplumber's table finder, ``dedupe_chars``
and text lines read), ``image`` (only counted)."""

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

MAX_CHARS = min(30_000, MAX_PAGE_CHARS - 1)
"""Characters on a page beyond which pdfplumber reads the file: PDFium stops a text object at
32 767 characters, so gouji's own limit (``MAX_PAGE_CHARS``) could never be met here."""

_SPACES = frozenset(" \u00a0\u3000\t")


class Unsupported(Exception):
    """PDFium's reading of this file may differ from pdfplumber's: read it with pdfplumber."""


def page_objects(page: pdfium.PdfPage, number: int, doctop: float) -> tuple[float, float, Objects]:
    """The page's width, height and objects; ``doctop`` is the page's top in the document."""
    mediabox = page.get_mediabox()
    left, bottom, width, height = mediabox  # right and top are the size when at the origin
    if left or bottom or page.get_rotation() or page.get_cropbox() != mediabox:
        raise Unsupported(f"page {number}: MediaBox off the origin, a CropBox or /Rotate")
    objects: Objects = {"char": _chars(page, number, height, doctop)}
    objects["line"], objects["rect"], objects["curve"] = [], [], []
    handles = [_PAGE_OBJECT(page.raw, i) for i in range(raw.FPDFPage_CountObjects(page.raw))]
    paths = 0
    images = 0
    for handle, matrix, kind in _walk(handles, _IDENTITY):
        if kind == raw.FPDF_PAGEOBJ_PATH:
            paths += 1
            if paths > MAX_DRAWING_OBJECTS:
                raise Unsupported(f"page {number}: more than {MAX_DRAWING_OBJECTS} paths")
            _classify(_segments(handle, matrix), height, doctop, objects)
            drawn = len(objects["line"]) + len(objects["rect"]) + len(objects["curve"])
            if drawn > MAX_DRAWING_OBJECTS:  # pdfplumber counts each subpath: so it is here
                raise Unsupported(f"page {number}: more than {MAX_DRAWING_OBJECTS} drawings")
        else:
            images += 1
            if images > MAX_PAGE_FIGURES // 3:
                raise Unsupported(f"page {number}: too many images and forms")
    objects["image"] = [{}] * images
    return width, height, objects


def _chars(page: pdfium.PdfPage, number: int, height: float, doctop: float) -> list[dict]:
    """Every character drawn, in drawing order (PDFium's generated spaces and line ends left
    out); a text object's font, size and direction are read once. The page's text is read in
    one call; PDFium generates only ASCII (spaces, line ends), so only those are asked about."""
    textpage = page.get_textpage()
    try:
        text = textpage.raw
        count = raw.FPDFText_CountChars(text)
        if count > MAX_CHARS:
            raise Unsupported(f"page {number}: more than {MAX_CHARS} characters")
        units = _text(text, count)
        box = raw.FS_RECTF()
        matrix = raw.FS_MATRIX()
        loose_box = raw.FPDFText_GetLooseCharBox
        generated = raw.FPDFText_IsGenerated
        object_of = _TEXT_OBJECT
        font_of = _FONT
        get_matrix = raw.FPDFText_GetMatrix
        font_size = raw.FPDFText_GetFontSize
        per_object: dict[int | None, tuple[int, float, bool]] = {}
        chars: list[dict] = []
        for k in range(count):
            char = units[k] if units is not None else chr(raw.FPDFText_GetUnicode(text, k))
            if char < "\x80" and generated(text, k):
                continue
            if char in _SPACES:
                raise Unsupported(f"page {number}: space glyphs")
            key = object_of(text, k)
            style = per_object.get(key)
            if style is None:
                get_matrix(text, k, matrix)
                style = (
                    font_of(key) or 0,
                    font_size(text, k) * abs(matrix.d),
                    matrix.a * matrix.d > 0 and matrix.b * matrix.c <= 0,
                )
                per_object[key] = style
            font_id, size, upright = style
            loose_box(text, k, box)
            left, right, y0 = box.left, box.right, box.bottom
            y1 = y0 + size
            chars.append(
                {
                    "object_type": "char",
                    "text": char,
                    "fontname": font_id,
                    "size": size,
                    "upright": upright,
                    "x0": left,
                    "x1": right,
                    "y0": y0,
                    "y1": y1,
                    "top": height - y1,
                    "bottom": height - y0,
                    "doctop": doctop + height - y1,
                    "width": right - left,
                    "height": size,
                }
            )
        return chars
    finally:
        textpage.close()


def _text(text: Any, count: int) -> str | None:
    """The text page's characters, one per index; ``None`` when a character outside the Basic
    Multilingual Plane makes UTF-16 units and indices disagree (then read one by one)."""
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    raw.FPDFText_GetText(text, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    units = buffer.raw[: count * 2].decode("utf-16-le", errors="surrogatepass")
    if len(units) != count or any("\ud800" <= u <= "\udfff" for u in units):
        return None
    return units


def _by_address(function: Any, *argtypes: Any) -> Any:
    """``function`` taking and giving handles as plain ints: a handle is then a dictionary key,
    and no pointer object is made for each character."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(ctypes.c_void_p, *argtypes)(address)


def _by_address_int(function: Any, *argtypes: Any) -> Any:
    """``function`` taking handles as plain ints and giving an int."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(ctypes.c_int, *argtypes)(address)


def _as_object(handle: int) -> Any:
    """An address as the page object handle PDFium's other functions take."""
    return ctypes.cast(handle, raw.FPDF_PAGEOBJECT)


_PAGE_OBJECT = _by_address(raw.FPDFPage_GetObject, raw.FPDF_PAGE, ctypes.c_int)
_FORM_OBJECT = _by_address(raw.FPDFFormObj_GetObject, ctypes.c_void_p, ctypes.c_ulong)
_OBJECT_TYPE = _by_address_int(raw.FPDFPageObj_GetType, ctypes.c_void_p)
_TEXT_OBJECT = _by_address(raw.FPDFText_GetTextObject, raw.FPDF_TEXTPAGE, ctypes.c_int)
_FONT = _by_address(raw.FPDFTextObj_GetFont, ctypes.c_void_p)


def _mul(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n``, as pdfminer's ``mult_matrix``."""
    a1, b1, c1, d1, e1, f1 = m
    a0, b0, c0, d0, e0, f0 = n
    return (
        a0 * a1 + c0 * b1,
        b0 * a1 + d0 * b1,
        a0 * c1 + c0 * d1,
        b0 * c1 + d0 * d1,
        a0 * e1 + c0 * f1 + e0,
        b0 * e1 + d0 * f1 + f0,
    )


def _matrix(handle: int) -> Matrix:
    m = raw.FS_MATRIX()
    raw.FPDFPageObj_GetMatrix(_as_object(handle), m)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _walk(handles: list[int], parent: Matrix) -> Iterator[tuple[int, Matrix, int]]:
    """Paths with their matrix to page space, inside forms too (pdfminer draws a form's paths
    where it is used), and images and forms (counted, as pdfminer counts figures). Handles are
    addresses (``_by_address``): a page holds hundreds of text objects, passed over here."""
    kind_of = _OBJECT_TYPE
    for handle in handles:
        kind = kind_of(handle)
        if kind == raw.FPDF_PAGEOBJ_PATH:
            yield handle, _mul(_matrix(handle), parent), kind
        elif kind == raw.FPDF_PAGEOBJ_IMAGE:
            yield handle, parent, kind
        elif kind == raw.FPDF_PAGEOBJ_FORM:
            yield handle, parent, kind
            form = _as_object(handle)
            inner = [_FORM_OBJECT(handle, i) for i in range(raw.FPDFFormObj_CountObjects(form))]
            yield from _walk(inner, _mul(_matrix(handle), parent))


def _segments(handle: int, matrix: Matrix) -> list[tuple[str, float, float]]:
    """A path's segments in page space. PDFium closes a subpath by a line back to its start and
    a close flag, and gives a Bézier as three points: mapped back to pdfminer's operators."""
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    out: list[tuple[str, float, float]] = []
    controls = 0
    path = _as_object(handle)
    for s in range(raw.FPDFPath_CountSegments(path)):
        segment = raw.FPDFPath_GetPathSegment(path, s)
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        px, py = a * x.value + c * y.value + e, b * x.value + d * y.value + f
        kind = raw.FPDFPathSegment_GetType(segment)
        if kind == raw.FPDF_SEGMENT_BEZIERTO:
            controls += 1
            if controls < 3:
                continue
            controls = 0
            out.append(("c", px, py))
        else:
            out.append(("m" if kind == raw.FPDF_SEGMENT_MOVETO else "l", px, py))
        if raw.FPDFPathSegment_GetClose(segment):
            out.append(("h", px, py))
    return out


def _classify(
    path: list[tuple[str, float, float]], height: float, doctop: float, out: Objects
) -> None:
    """pdfminer's ``paint_path``: a path of several subpaths is split; a single segment is a
    line, four sides at right angles closed on the start a rectangle, anything else a curve."""
    if not path or path[0][0] != "m":
        return
    starts = [i for i, (op, _, _) in enumerate(path) if op == "m"]
    if len(starts) > 1:
        for begin, end in zip(starts, [*starts[1:], len(path)], strict=True):
            if end - begin > 1:
                _classify(path[begin:end], height, doctop, out)
        return
    shape = "".join(op for op, _, _ in path)
    pts = [(x, y) if op != "h" else path[0][1:] for op, x, y in path]
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    if shape in {"mlh", "ml"}:
        out["line"].append(_shaped("line", pts[:2], height, doctop))
    elif shape in {"mlllh", "mllll"}:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
            y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
        )
        if pts[0] == pts[4] and square:
            out["rect"].append(_shaped("rect", [pts[0], pts[2]], height, doctop))
        else:
            out["curve"].append(_shaped("curve", pts, height, doctop))
    else:
        out["curve"].append(_shaped("curve", pts, height, doctop))


def _shaped(kind: str, points: list[tuple[float, float]], height: float, doctop: float) -> dict:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    obj: dict[str, Any] = {
        "object_type": kind,
        "x0": x0,
        "x1": x1,
        "y0": y0,
        "y1": y1,
        "top": height - y1,
        "bottom": height - y0,
        "doctop": doctop + height - y1,
        "width": x1 - x0,
        "height": y1 - y0,
    }
    if kind != "rect":
        obj["pts"] = [(x, height - y) for x, y in points]
    return obj
