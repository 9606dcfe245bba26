"""The PDF reading worker (issue 14 item 5): PDFium in a child process, read as pdfplumber reads.

gouji reads a PDF's pages with PDFium in a long-lived child process (``pdf_worker``,
``pdf_child``) and hands a file back to the default reader (pdfplumber, in-process, within
``pdf_limits``) whenever PDFium might read it otherwise or the child dies. The default reader is
the reference: on the real 淮安 PDF every cell must be the typed truth at the default reading's
location, with the same sections and notes, and so must every seed printed by LibreOffice
(GENERATED). The page reading of PDFium's objects (``pdf_geometry``) is also held to pdfplumber's
own on pdfplumber's objects, and its two shortcuts to the pdfplumber functions they replace.

Crashes: a 14 KB form drawn 4 000 times makes PDFium abort its process at the child's 1 GB cap
(GENERATED); the next file must still be read by a new child.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import subprocess
import sys
from decimal import Decimal
from functools import cache
from itertools import pairwise
from pathlib import Path
from unittest import mock

import pytest

import gouji
from conftest import CORPUS, HUAIAN
from generated_docs import SEEDS, print_to_pdf, seed_docx, seed_names
from gouji.corpus import check_paths
from gouji.corpus.limits import FileTimeout
from gouji.ingest import pdf as gouji_pdf
from gouji.ingest import pdf_worker
from gouji.ingest.pdf import MAX_PAGES
from gouji.model import Report
from pdf_files import pdf_file

PDF = CORPUS / "huaian-2024.pdf"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _default(data: bytes, name: str) -> Report:
    """``data`` parsed by the default reader alone (pdfplumber in this process)."""
    with mock.patch.object(gouji_pdf, "_extract", gouji_pdf._extract_here):
        return gouji.parse(data, name=name)


@cache
def readings() -> tuple[Report, Report]:
    """The real PDF parsed by the default reader, then as gouji parses it (the worker)."""
    data = PDF.read_bytes()
    return _default(data, PDF.name), gouji.parse(data, name=PDF.name)


def _reading(report: Report) -> tuple[dict, list, list]:
    cells = {k: (c.value, c.semantic, c.loc) for k, c in report.cells.items()}
    sections = [(s.key, s.text) for s in report.sections]
    return cells, sections, [(n.code, n.message, n.loc) for n in report.notes]


def test_the_worker_reads_the_real_pdf_itself():
    """Not handed back to the default reader: PDFium's reading is the one tested below."""
    assert pdf_worker.read_pages(PDF.read_bytes(), MAX_PAGES) is not None


@pytest.mark.parametrize("key", sorted(HUAIAN))
def test_the_real_pdf_gives_each_cell_where_the_default_reader_does(key):
    default, read = readings()
    cell = read.cells[key]
    assert cell.value == Decimal(str(HUAIAN[key]))
    assert (cell.semantic, cell.loc) == (default.cells[key].semantic, default.cells[key].loc)


def test_the_real_pdf_has_the_default_reading_s_cells_sections_and_notes():
    default, read = readings()
    assert _reading(read) == _reading(default)


def test_the_real_pdf_s_pages_read_to_the_same_tables_and_lines():
    data = PDF.read_bytes()
    worker = pdf_worker.read_pages(data, MAX_PAGES)
    default = gouji_pdf._extract_here(data, PDF.name)
    assert worker is not None

    def shown(page):
        tables = [[[(c.text, c.col) for c in row] for row in t.rows] for t in page.tables]
        return tables, [(ln.text, ln.gapped) for ln in page.lines], page.chars, page.drawing

    assert [shown(p) for p in worker] == [shown(p) for p in default]


# --- GENERATED: the seeds printed by LibreOffice ---------------------------------------------


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> list[Path]:
    """GENERATED: every seed's filled template (ruled tables) and every seed text (no ruling
    lines, space glyphs), printed to PDF by LibreOffice."""
    if SOFFICE is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is missing under CI: .ci/run installs it")
        pytest.skip("LibreOffice (soffice) is not installed here")
    directory = tmp_path_factory.mktemp("pdfium-printed")
    documents = [seed_docx(name, directory) for name in seed_names()]
    for name in seed_names():
        shutil.copyfile(SEEDS / name, directory / name)
        documents.append(directory / name)
    print_to_pdf(documents, directory, SOFFICE)
    return [d.with_suffix(".pdf") for d in documents]


def test_printed_seeds_read_as_the_default_reader_reads_them(printed):
    by_worker = 0
    for path in printed:
        data = path.read_bytes()
        by_worker += pdf_worker.read_pages(data, MAX_PAGES) is not None
        assert _reading(gouji.parse(data, name=path.name)) == _reading(_default(data, path.name)), (
            path.name
        )
    assert by_worker >= 1  # the ruled templates without space glyphs


def test_pdf_geometry_reads_pdfplumber_s_objects_exactly_as_pdf_pages_does(printed):
    """``pdf_geometry.read_page`` given a pdfplumber page's own objects builds the very
    ``PageContent`` ``pdf_pages`` builds from the page (coordinates included)."""
    import pdfplumber

    from gouji.ingest.pdf_geometry import read_page
    from gouji.ingest.pdf_limits import PdfLimits, bounded_pages
    from gouji.ingest.pdf_pages import _read_page

    for path in [PDF, *printed[:2], *printed[5:7]]:
        with pdfplumber.open(io.BytesIO(path.read_bytes())) as pdf:
            for page in bounded_pages(pdf, PdfLimits()):
                objects = {kind: page.objects.get(kind, []) for kind in ("char", "line", "rect")}
                objects["curve"] = page.objects.get("curve", [])
                objects["image"] = page.images
                expected = _read_page(page)
                assert read_page(page.page_number, page.width, page.height, objects) == expected


# --- the two shortcuts ------------------------------------------------------------------------


def test_dedupe_is_pdfplumber_s_dedupe_chars():
    """Random characters with doubled glyphs (fake bold: the same glyph drawn again a fraction
    of a point off), some chained within the tolerance."""
    from pdfplumber.utils import dedupe_chars

    from gouji.ingest.pdf_geometry import dedupe

    rng = random.Random(14)
    for _ in range(200):
        chars = []
        for _ in range(rng.randint(0, 60)):
            x = rng.choice([10.0, 10.5, 11.2, 30.0, rng.uniform(0, 100)])
            y = rng.choice([5.0, 5.8, 6.9, rng.uniform(0, 50)])
            chars.append(
                {
                    "text": rng.choice("年0 1"),
                    "upright": rng.random() < 0.9,
                    "fontname": rng.choice(["A", "B"]),
                    "size": rng.choice([10.0, 12.0]),
                    "x0": x,
                    "doctop": y,
                    "n": len(chars),
                }
            )
        assert dedupe(chars) == dedupe_chars(chars)


def test_a_cell_s_text_is_pdfplumber_s_extract_text():
    """Random cells: one line or two, words apart or close, a space glyph, a ligature, turned
    characters, in any order."""
    from pdfplumber.utils import extract_text

    from gouji.ingest.pdf_geometry import _text

    rng = random.Random(3)
    for _ in range(2000):
        chars = []
        x = rng.uniform(0, 50)
        for _ in range(rng.randint(1, 8)):
            x += rng.choice([0.0, 0.5, 2.9, 3.0, 3.1, 8.0])
            width = rng.choice([5.0, 10.0])
            top = rng.choice([100.0, 101.5, 103.0, 103.2, 115.0])
            chars.append(
                {
                    "text": rng.choice(
                        ["年", "1", "a", " ", "ﬁ"] if rng.random() < 0.1 else "年1a"
                    ),
                    "upright": rng.random() < 0.97,
                    "x0": x,
                    "x1": x + width,
                    "top": top,
                    "bottom": top + 10.0,
                    "doctop": top + 842.0,
                    "size": 10.0,
                    "width": width,
                    "height": 10.0,
                }
            )
            x += width
        rng.shuffle(chars)
        assert _text(chars) == extract_text(chars)


def test_cells_are_pdfplumber_s_intersections_to_cells():
    """Random ruled grids with some edges left out (merged cells) and stray edges."""
    from pdfplumber.table import edges_to_intersections, intersections_to_cells

    from gouji.ingest.pdf_geometry import _cells

    rng = random.Random(5)
    for _ in range(100):
        xs = sorted(rng.sample(range(0, 400, 10), rng.randint(2, 7)))
        ys = sorted(rng.sample(range(0, 400, 10), rng.randint(2, 7)))
        edges = []
        for x in xs:
            for a, b in pairwise(ys):
                if rng.random() < 0.85:
                    edges.append(_edge("v", x, a, x, b))
        for y in ys:
            for a, b in pairwise(xs):
                if rng.random() < 0.85:
                    edges.append(_edge("h", a, y, b, y))
        crossings = edges_to_intersections(edges, 3, 3)
        assert _cells(crossings) == intersections_to_cells(crossings)


def _edge(orientation: str, x0: float, top: float, x1: float, bottom: float) -> dict:
    return {"orientation": orientation, "x0": x0, "top": top, "x1": x1, "bottom": bottom}


# --- a child that dies, is late, or is interrupted -------------------------------------------


def crashing_pdf() -> bytes:
    """GENERATED: a form of 1 000 rectangles drawn 4 000 times (14 KB). PDFium aborts its
    process on it at 1 GB; the default reader refuses it for its content (52 MB a page)."""
    rectangles = b"0 0 1 1 re f\n" * 1_000
    form = b"<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Length %d >>\nstream\n" % len(
        rectangles
    )
    content = b"BT /F1 12 Tf 72 720 Td (Annual) Tj ET\n" + b"/Fm1 Do\n" * 4_000
    return pdf_file(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> /XObject << /Fm1 6 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            form + rectangles + b"\nendstream",
        ]
    )


REFUSED = "PDF 第 1 页的内容流超过 4 MB 上限，不像年度报告，拒绝读取"


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_child_that_dies_on_one_file_does_not_stop_the_next(tmp_path, jobs):
    crash = tmp_path / "crash.pdf"
    crash.write_bytes(crashing_pdf())
    paths = [PDF, crash, PDF]
    records = list(check_paths(paths, jobs=jobs))
    assert [r.source for r in records] == [str(p) for p in paths]
    assert records[1].verdict == "error"
    assert [f.message for f in records[1].findings] == [f"{crash}: {REFUSED}"]
    default, _ = readings()
    for record in (records[0], records[2]):
        assert record.verdict != "error"
        assert record.model_dump() == records[0].model_dump()
    assert "INPUT" not in {f.rule.split(".")[0] for f in records[0].findings}
    assert len(default.cells) == 200


def test_the_child_that_died_is_replaced_and_reaped():
    data = PDF.read_bytes()
    assert pdf_worker.read_pages(data, MAX_PAGES) is not None
    first = pdf_worker._child
    assert first is not None
    assert pdf_worker.read_pages(crashing_pdf(), MAX_PAGES) is None
    assert first.process.returncode is not None  # ended and waited for: no zombie
    assert pdf_worker.read_pages(data, MAX_PAGES) is not None
    assert pdf_worker._child is not None and pdf_worker._child is not first


def test_a_late_child_is_ended_and_the_file_read_by_the_default_reader(monkeypatch):
    data = PDF.read_bytes()
    pdf_worker.read_pages(data, MAX_PAGES)
    first = pdf_worker._child
    monkeypatch.setattr(pdf_worker, "WALL_SECONDS", 0.0)
    assert pdf_worker.read_pages(data, MAX_PAGES) is None
    assert first is not None and first.process.returncode is not None
    default, _ = readings()
    assert _reading(gouji.parse(data, name=PDF.name)) == _reading(default)


def test_the_run_s_deadline_ends_the_child_and_is_raised_on(monkeypatch):
    pdf_worker.read_pages(PDF.read_bytes(), MAX_PAGES)
    first = pdf_worker._child

    def late(*_):
        raise FileTimeout

    monkeypatch.setattr(pdf_worker._Child, "ask", late)
    with pytest.raises(FileTimeout):
        pdf_worker.read_pages(PDF.read_bytes(), MAX_PAGES)
    assert first is not None and first.process.returncode is not None
    assert pdf_worker._child is None


def test_a_child_that_cannot_start_is_not_started_again(monkeypatch):
    pdf_worker.stop()
    monkeypatch.setattr(pdf_worker, "_unavailable", False)
    monkeypatch.setattr(pdf_worker, "BOOTSTRAP", "import sys; sys.exit(3)")
    assert pdf_worker.read_pages(PDF.read_bytes(), MAX_PAGES) is None
    assert pdf_worker._unavailable and pdf_worker._child is None
    default, _ = readings()
    assert _reading(gouji.parse(PDF.read_bytes(), name=PDF.name)) == _reading(default)


def test_the_worker_can_be_turned_off(monkeypatch):
    pdf_worker.stop()
    monkeypatch.setenv(pdf_worker.ENV, "pdfplumber")
    assert pdf_worker.read_pages(PDF.read_bytes(), MAX_PAGES) is None
    assert pdf_worker._child is None


def test_a_process_that_read_a_pdf_exits_cleanly_with_its_child():
    code = (
        "import gouji, pathlib\n"
        "from gouji.ingest import pdf_worker\n"
        f"gouji.parse(pathlib.Path({str(PDF)!r}))\n"
        "print(pdf_worker._child.process.pid)\n"
    )
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, check=True
    )
    assert done.stderr == ""
    assert not Path(f"/proc/{int(done.stdout)}").exists()
