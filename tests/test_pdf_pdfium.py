"""PDFium measured as the PDF reader (issue 14 item 5): the evidence behind keeping pdfplumber.

``benchmarks/pdfium_pages.py`` takes each page's characters and painted paths from pypdfium2 and
reads them with gouji's own page reading (pdfplumber's table finder on the ruling lines). On the
real 淮安 2024 PDF that gives every cell exactly — the truth typed from the PDF, and the default
reading's locations — which is what docs/input-formats.md#pdf reports; pdfplumber stays the
reader because PDFium cannot be held to gouji's limits (the document says why). Should a
pdfplumber or pypdfium2 upgrade change this, the measurement in the docs is stale.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from functools import cache
from pathlib import Path
from unittest import mock

import pytest

import gouji
from conftest import CORPUS, HUAIAN
from gouji.ingest import pdf as gouji_pdf
from gouji.model import Report

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
import pdfium_pages

PDF = CORPUS / "huaian-2024.pdf"


@cache
def readings() -> tuple[Report, Report]:
    """The real PDF parsed by the default reader, then with PDFium's pages in its place."""
    data = PDF.read_bytes()
    default = gouji.parse(data, name=PDF.name)
    with mock.patch.object(gouji_pdf, "_extract", lambda d, _: pdfium_pages.read_pages(d)):
        pdfium = gouji.parse(data, name=PDF.name)
    return default, pdfium


@pytest.mark.parametrize("key", sorted(HUAIAN))
def test_pdfium_reading_of_the_real_pdf_gives_each_cell_where_the_default_does(key):
    default, pdfium = readings()
    cell = pdfium.cells[key]
    assert cell.value == Decimal(str(HUAIAN[key]))
    assert (cell.semantic, cell.loc) == (default.cells[key].semantic, default.cells[key].loc)


def test_pdfium_reading_of_the_real_pdf_has_the_same_sections_and_notes():
    default, pdfium = readings()
    assert set(pdfium.cells) == set(default.cells)
    assert [(s.key, s.text) for s in pdfium.sections] == [(s.key, s.text) for s in default.sections]
    assert [(n.code, n.message) for n in pdfium.notes] == [
        (n.code, n.message) for n in default.notes
    ]


def test_pdfium_draws_the_real_pdf_s_characters_in_pdfminer_s_order():
    """The same characters in the same order on every page, left edges and bottoms to within
    0.01 pt (right edges differ by up to 0.12 pt: the advance widths are taken differently)."""
    import pdfplumber

    pages = pdfium_pages.extract(PDF.read_bytes())
    with pdfplumber.open(PDF) as pdf:
        for shell, page in zip(pdf.pages, pages, strict=True):
            theirs = shell.chars
            assert [c["text"] for c in theirs] == [c.text for c in page.chars]
            for a, b in zip(theirs, page.chars, strict=True):
                assert abs(a["x0"] - b.x0) < 0.01
                assert abs(a["bottom"] - (page.height - b.y0)) < 0.01
                assert abs(a["x1"] - b.x1) < 0.15
