"""pypdfium2 (PDFium) measured as gouji's PDF reader: characters, boxes and ruling paths.

    python benchmarks/pdfium_pages.py [--pdf PATH ...] [--printed] [--limits]

Issue 14 item 5 asked whether PDFium, about ten times faster than pdfminer at laying out a page,
can replace pdfplumber without losing a cell. This script is the measurement behind the answer
in docs/input-formats.md#pdf; gouji itself does not use it (the default reader stays pdfplumber).

- ``extract``: what a reader takes from PDFium per page — every character drawn (text, loose box,
  font size, matrix, font) and every path painted, forms included, as segments in page space.
  ``bench_pdf.py`` times it as ``pypdfium2 chars+boxes+paths``.
- ``read_pages``: those objects in the shape pdfplumber gives them (characters; lines, rectangles
  and curves classified as pdfminer classifies a path), read by gouji's own page reading
  (``pdf_pages._read_page``: pdfplumber's table finder on the ruling lines, text lines outside
  the tables). ``bench_pdf.py`` times it as ``pypdfium2 + pdfplumber geometry``.
- the command compares, per PDF, PDFium's characters with pdfminer's, each page's tables and
  text lines, and the whole parsed report — every cell with its value and location, sections,
  notes — with the default reading. ``--printed`` adds the seeds printed by LibreOffice (the
  filled template, with ruling lines, and the seed text, without), GENERATED as the PDF tests
  make them. ``--limits`` reads two GENERATED hostile PDFs with PDFium in a child capped at 1 GB
  (as the amplification tests cap gouji) and prints how the child ended.

The adapter handles pages as the measured files have them (MediaBox at the origin, no /Rotate,
upright text); it refuses anything else rather than guess.
"""

from __future__ import annotations

import argparse
import ctypes
import io
import re
import resource
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

import pypdfium2 as pdfium
import pypdfium2.raw as raw

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

HUAIAN = ROOT / "tests" / "data" / "corpus" / "huaian-2024.pdf"

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(slots=True)
class Char:
    """One character as PDFium's text page gives it (generated spaces and line ends left out)."""

    text: str
    x0: float
    x1: float
    y0: float
    """The loose box's bottom: the baseline less the font's descent."""
    size: float
    """Font size times the text matrix's vertical scale, as pdfminer sizes a character."""
    upright: bool
    font: int
    """The font's handle: only equality matters (doubled glyphs of fake bold share it)."""


@dataclass(slots=True)
class Page:
    number: int
    width: float
    height: float
    chars: list[Char] = field(default_factory=list)
    paths: list[list[tuple[str, float, float]]] = field(default_factory=list)
    """Each painted path as (operator, x, y) in page space: ``m``, ``l``, ``c`` (a Bézier's end
    point), ``h`` (close, at the subpath's start) — the operators pdfminer classifies."""
    images: int = 0


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


def _matrix(handle: Any) -> Matrix:
    m = raw.FS_MATRIX()
    raw.FPDFPageObj_GetMatrix(handle, m)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def extract(data: bytes) -> list[Page]:
    """Every page's characters, paths and image count, as PDFium reads them."""
    pdf = pdfium.PdfDocument(data)
    try:
        pages = []
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                pages.append(_page(page, index + 1))
            finally:
                page.close()
        return pages
    finally:
        pdf.close()


def _page(page: pdfium.PdfPage, number: int) -> Page:
    left, bottom, _, _ = page.get_mediabox()
    if left or bottom or page.get_rotation():
        raise ValueError(f"page {number}: MediaBox off the origin or /Rotate: not measured")
    out = Page(number, page.get_width(), page.get_height())
    out.chars = _chars(page)
    top = [raw.FPDFPage_GetObject(page.raw, i) for i in range(raw.FPDFPage_CountObjects(page.raw))]
    for handle, matrix in _path_objects(top, IDENTITY):
        out.paths.append(_segments(handle, matrix))
    out.images = sum(raw.FPDFPageObj_GetType(h) == raw.FPDF_PAGEOBJ_IMAGE for h in top)
    return out


def _chars(page: pdfium.PdfPage) -> list[Char]:
    textpage = page.get_textpage()
    try:
        text = textpage.raw
        box = raw.FS_RECTF()
        m = raw.FS_MATRIX()
        chars = []
        for k in range(raw.FPDFText_CountChars(text)):
            if raw.FPDFText_IsGenerated(text, k):
                continue
            raw.FPDFText_GetLooseCharBox(text, k, box)
            raw.FPDFText_GetMatrix(text, k, m)
            font = raw.FPDFTextObj_GetFont(raw.FPDFText_GetTextObject(text, k))
            chars.append(
                Char(
                    chr(raw.FPDFText_GetUnicode(text, k)),
                    box.left,
                    box.right,
                    box.bottom,
                    raw.FPDFText_GetFontSize(text, k) * abs(m.d),
                    m.a * m.d > 0 and m.b * m.c <= 0,
                    ctypes.cast(font, ctypes.c_void_p).value or 0,
                )
            )
        return chars
    finally:
        textpage.close()


def _path_objects(handles: list[Any], parent: Matrix) -> Iterator[tuple[Any, Matrix]]:
    """Path objects with their matrix to page space, inside forms too (pdfminer draws a form's
    paths where it is used)."""
    for handle in handles:
        kind = raw.FPDFPageObj_GetType(handle)
        if kind == raw.FPDF_PAGEOBJ_PATH:
            yield handle, _mul(_matrix(handle), parent)
        elif kind == raw.FPDF_PAGEOBJ_FORM:
            inner = [
                raw.FPDFFormObj_GetObject(handle, i)
                for i in range(raw.FPDFFormObj_CountObjects(handle))
            ]
            yield from _path_objects(inner, _mul(_matrix(handle), parent))


def _segments(handle: Any, matrix: Matrix) -> list[tuple[str, float, float]]:
    """A path's segments in page space. PDFium closes a subpath by a line back to its start and
    a close flag, and gives a Bézier as three points: mapped back to pdfminer's operators."""
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    out: list[tuple[str, float, float]] = []
    controls = 0
    for s in range(raw.FPDFPath_CountSegments(handle)):
        segment = raw.FPDFPath_GetPathSegment(handle, s)
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


# -- pdfplumber's shape ----------------------------------------------------------------------


def plumber_objects(page: Page, doctop: float) -> dict[str, list[dict[str, Any]]]:
    """The page's objects as pdfplumber's ``Page.objects`` holds them (the fields its table
    finder, ``dedupe_chars`` and text-line extraction read)."""
    height = page.height
    out: dict[str, list[dict[str, Any]]] = {"char": [], "line": [], "rect": [], "curve": []}
    for ch in page.chars:
        y1 = ch.y0 + ch.size
        out["char"].append(
            {
                "object_type": "char",
                "text": ch.text,
                "fontname": ch.font,
                "size": ch.size,
                "upright": ch.upright,
                "x0": ch.x0,
                "x1": ch.x1,
                "y0": ch.y0,
                "y1": y1,
                "top": height - y1,
                "bottom": height - ch.y0,
                "doctop": doctop + height - y1,
                "width": ch.x1 - ch.x0,
                "height": ch.size,
            }
        )
    for path in page.paths:
        _classify(path, height, doctop, out)
    out["image"] = [{}] * page.images
    return out


def _classify(
    path: list[tuple[str, float, float]],
    height: float,
    doctop: float,
    out: dict[str, list[dict[str, Any]]],
) -> None:
    """pdfminer's ``paint_path``: a path of several subpaths is split; a single segment is a
    line, four sides at right angles closed on the start a rectangle, anything else a curve."""
    shape = "".join(op for op, _, _ in path)
    if shape[:1] != "m":
        return
    if shape.count("m") > 1:
        for sub in re.finditer(r"m[^m]+", shape):
            _classify(path[sub.start() : sub.end()], height, doctop, out)
        return
    pts = [(x, y) if op != "h" else path[0][1:] for op, x, y in path]
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()

    def shaped(kind: str, points: list[tuple[float, float]]) -> dict[str, Any]:
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        obj = {
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

    if shape in {"mlh", "ml"}:
        out["line"].append(shaped("line", pts[:2]))
    elif shape in {"mlllh", "mllll"}:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
            y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
        )
        if pts[0] == pts[4] and square:
            out["rect"].append(shaped("rect", [pts[0], pts[2]]))
        else:
            out["curve"].append(shaped("curve", pts))
    else:
        out["curve"].append(shaped("curve", pts))


def read_pages(data: bytes) -> list[Any]:
    """Each page's ``PageContent`` with PDFium's objects in place of pdfminer's layout: the same
    table finding, de-duplication and line reading as the default reader."""
    import pdfplumber

    from gouji.ingest import pdf_pages
    from gouji.ingest.pdf_limits import BoundedPage, PdfLimits

    pages = extract(data)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        out = []
        for shell, page in zip(pdf.pages, pages, strict=True):
            bounded = BoundedPage.of(shell, PdfLimits())
            bounded._objects = plumber_objects(page, shell.initial_doctop)
            out.append(pdf_pages._read_page(bounded))
        return out


# -- the comparison ----------------------------------------------------------------------------


def _default_pages(data: bytes) -> list[Any]:
    import pdfplumber

    from gouji.ingest.pdf_limits import PdfLimits, bounded_pages
    from gouji.ingest.pdf_pages import _read_page

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [_read_page(page) for page in bounded_pages(pdf, PdfLimits())]


def _chars_against_pdfminer(data: bytes) -> str:
    """Whether PDFium draws the same characters in the same order, and how far the boxes are."""
    import pdfplumber

    pages = extract(data)
    worst = [0.0, 0.0, 0.0, 0.0]
    missing = 0
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for shell, page in zip(pdf.pages, pages, strict=True):
            theirs = shell.chars
            if [c["text"] for c in theirs] != [c.text for c in page.chars]:
                missing += len(theirs) - len(page.chars)
                continue
            for a, b in zip(theirs, page.chars, strict=True):
                bottom = page.height - b.y0
                for i, delta in enumerate(
                    (a["x0"] - b.x0, a["x1"] - b.x1, a["bottom"] - bottom, a["size"] - b.size)
                ):
                    worst[i] = max(worst[i], abs(delta))
    dx0, dx1, dbottom, dsize = worst
    same = "same" if not missing else f"{missing} fewer (pages with them not compared)"
    return f"chars {same}; max |Δ| x0 {dx0:.2f} x1 {dx1:.2f} bottom {dbottom:.2f} size {dsize:.2f}"


def _page_reading(page: Any) -> tuple[list[Any], list[Any]]:
    """A ``PageContent``'s tables (cell texts) and text lines (text, gapped)."""
    tables = [[[c.text for c in row] for row in t.rows] for t in page.tables]
    return tables, [(ln.text, ln.gapped) for ln in page.lines]


def _report_reading(report: Any) -> tuple[dict[str, Any], list[Any], list[Any]]:
    """A report's cells (value, semantic, location), sections and notes."""
    cells = {k: (c.value, c.semantic, c.loc) for k, c in report.cells.items()}
    sections = [(s.key, s.text) for s in report.sections]
    return cells, sections, [(n.code, n.message) for n in report.notes]


def compare(path: Path) -> bool:
    """Print how PDFium's reading of ``path`` compares with the default; whether all is equal."""
    import gouji
    from gouji.ingest import pdf as gouji_pdf

    data = path.read_bytes()
    pairs = [
        (_page_reading(a), _page_reading(b))
        for a, b in zip(_default_pages(data), read_pages(data), strict=True)
    ]
    tables = sum(a[0] != b[0] for a, b in pairs)
    lines = sum(a[1] != b[1] for a, b in pairs)
    expected = _report_reading(gouji.parse(data, name=path.name))
    with mock.patch.object(gouji_pdf, "_extract", lambda data, source: read_pages(data)):
        got = _report_reading(gouji.parse(data, name=path.name))
    a, b = expected[0], got[0]
    differing = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
    same = ["DIFFER", "same"]
    print(
        f"{path.name}: {len(pairs)} pages; {_chars_against_pdfminer(data)}; pages with other "
        f"tables {tables}, other text lines {lines}; cells {len(a) - len(differing)}/{len(a)} "
        f"identical (value, semantic, location); sections {same[expected[1] == got[1]]}; "
        f"notes {same[expected[2] == got[2]]}"
    )
    for key in differing[:5]:
        print(f"    {key}: {a.get(key)} | {b.get(key)}")
    return not (tables or lines or differing) and expected == got


def printed(directory: Path) -> list[Path]:
    """GENERATED: every seed's filled template and every seed text, printed by LibreOffice."""
    import shutil

    from generated_docs import SEEDS, print_to_pdf, seed_docx, seed_names

    documents = [seed_docx(name, directory) for name in seed_names()]
    for name in seed_names():
        shutil.copyfile(SEEDS / name, directory / name)
        documents.append(directory / name)
    print_to_pdf(documents, directory)
    return [d.with_suffix(".pdf") for d in documents]


# -- limits ------------------------------------------------------------------------------------


def _hostile() -> dict[str, bytes]:
    """GENERATED: the amplification tests' double flate bomb (a 1 GB content stream deflated
    twice) and a form of 1 000 rectangles drawn 4 000 times (the tests draw it 1 000 times)."""
    from pdf_files import pdf_file

    text = b"BT /F1 12 Tf 72 720 Td (Annual report 2024) Tj ET\n"
    inner = zlib.compressobj(9)
    bomb = [inner.compress(text)]
    bomb += [inner.compress(b" " * (1 << 20)) for _ in range(1024)]
    bomb.append(inner.flush())
    twice = zlib.compress(b"".join(bomb), 9)
    rectangles = b"0 0 1 1 re f\n" * 1_000
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"

    def one_page(content: bytes, filters: bytes, resources: bytes, *extra: bytes) -> bytes:
        return pdf_file(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                b"/Resources << /Font << /F1 5 0 R >> " + resources + b">> >>",
                b"<< /Length %d %s>>\nstream\n" % (len(content), filters)
                + content
                + b"\nendstream",
                font,
                *extra,
            ]
        )

    form = b"<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Length %d >>\nstream\n" % len(
        rectangles
    )
    return {
        "double flate bomb (3 KB)": one_page(twice, b"/Filter [/FlateDecode /FlateDecode] ", b""),
        "form drawn 4 000 times (14 KB)": one_page(
            text + b"/Fm1 Do\n" * 4_000,
            b"",
            b"/XObject << /Fm1 6 0 R >> ",
            form + rectangles + b"\nendstream",
        ),
    }


_PROBE = """
import sys, pypdfium2 as pdfium
pdf = pdfium.PdfDocument(sys.stdin.buffer.read())
page = pdf[0]
print(page.get_textpage().count_chars())
"""


def probe_limits() -> None:
    """Each hostile PDF's first page loaded by PDFium in a child capped at 1 GB."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    for name, data in _hostile().items():
        with tempfile.TemporaryFile() as stdin:
            stdin.write(data)
            stdin.seek(0)
            done = subprocess.run(
                [sys.executable, "-c", _PROBE],
                stdin=stdin,
                capture_output=True,
                preexec_fn=cap,
                timeout=120,
                check=False,
            )
        ended = f"exit {done.returncode}" if done.returncode >= 0 else f"signal {-done.returncode}"
        print(f"{name}: PDFium child {ended}; {done.stderr.decode(errors='replace')[-120:]!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pdf", type=Path, action="append")
    parser.add_argument("--printed", action="store_true", help="also the seeds printed to PDF")
    parser.add_argument("--limits", action="store_true", help="also the hostile PDFs")
    args = parser.parse_args(argv)
    equal = True
    with tempfile.TemporaryDirectory() as tmp:
        paths = list(args.pdf or [HUAIAN])
        if args.printed:
            paths += printed(Path(tmp))
        for path in paths:
            equal = compare(path) and equal
    if args.limits:
        probe_limits()
    return 0 if equal else 1


if __name__ == "__main__":
    sys.exit(main())
