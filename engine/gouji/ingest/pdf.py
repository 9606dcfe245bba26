"""PDF files → ``Document``.

Reports are most often published as PDF (REPORT-FORMAT.md §5 item 5). Tables are found by their
ruling lines with pdfplumber's table finder, which gives the statutory tables' exact grid,
merged cells included, where copying text out of the PDF loses it. Pages without ruled tables
fall back to the text-layout recovery every copied-out text goes through (``text.from_lines``).

The pages are read in a child process, the PDF reading worker (``pdf_worker``): PDFium draws
the characters and paths there, seven times faster than pdfminer, and pdfplumber's table
finder reads them (``pdf_geometry``). PDFium cannot be held to a limit and aborts its process
on some crafted files, so it never runs in gouji's process; any file the worker does not read
exactly as the default reader would, or that kills it, is read here by the default reader —
pdfplumber (pdfminer.six underneath) within ``pdf_limits``. ``docs/input-formats.md`` has the
measurements behind the choice.

A file that is not a readable PDF — an HTML error page saved with a ``.pdf`` name, a truncated
download, a damaged file, one locked with an open password, or one far larger than any report
(more than ``MAX_PAGES`` pages, or past a limit of ``pdf_limits`` on decoded streams, content
and characters, each enforced before the work is done) — raises a one-line ``SourceError``; a PDF whose pages carry no text at all (a scan) is read into a
document with one ``document.no_text_layer`` note and nothing else, which the engine turns into
a single finding: it needs OCR, which gouji does not do.

The worker is started, and pdfplumber imported, only when a PDF is read, so text and HTML runs
do not pay for them.
"""

from __future__ import annotations

import io
import itertools
import os
from typing import Any

from ..errors import SourceError
from .document import Document, IngestNote, Pos
from .pdf_layout import assemble
from .pdf_pages import MAX_DRAWING_OBJECTS, PageContent, read_pages

__all__ = ["MAX_PAGES", "NO_TEXT_LAYER", "from_pdf", "is_pdf"]

NO_TEXT_LAYER = "document.no_text_layer"
"""The note code of a PDF without any text: the engine gives it one ``INPUT.NO_TEXT`` finding."""

MAX_PAGES = 300
"""Annual reports run to a few dozen pages; a longer PDF is not one, and reading it would only
cost time and memory (pdfminer holds a page's objects while it is read)."""

_HEADER_WINDOW = 1024
"""Readers accept the ``%PDF-`` header anywhere in the first KB (after junk some servers add)."""
_TRAILER_WINDOW = 2048
"""A complete PDF ends with ``%%EOF``; anything after it within this window is tolerated."""


def is_pdf(data: bytes) -> bool:
    """Whether the bytes are a PDF by their content, whatever the file is called."""
    return b"%PDF-" in data[:_HEADER_WINDOW]


def from_pdf(data: bytes, *, source: str, sha256: str) -> Document:
    """Read a PDF; raises ``SourceError`` when it cannot be read at all."""
    _check_envelope(data, source)
    pages = _extract(data, source)
    doc = Document(source=source, sha256=sha256, input_kind="pdf", encoding=None)
    if not any(page.chars for page in pages):
        doc.notes.append(
            IngestNote(
                NO_TEXT_LAYER,
                f"PDF 没有文字层（需要 OCR）：共 {len(pages)} 页，都是图片或空白页，无法读取报告内容",
            )
        )
        return doc
    doc.notes.extend(
        IngestNote(
            "document.page_no_text",
            f"第 {page.number} 页没有文字层（可能是扫描图片），该页内容未读取",
            Pos(page=page.number),
            0.5,
        )
        for page in pages
        if not page.chars
    )
    doc.notes.extend(
        IngestNote(
            "document.page_drawing",
            f"第 {page.number} 页图形过多（超过 {MAX_DRAWING_OBJECTS} 个线条和图形），"
            "未按表格线识别表格，按文字版式读取",
            Pos(page=page.number),
            0.8,
        )
        for page in pages
        if page.drawing
    )
    assemble(pages, doc)
    return doc


def _check_envelope(data: bytes, source: str) -> None:
    """Refuse what is not a whole PDF before the PDF library sees it: its error for an HTML page
    ("No /Root object!") or a cut file would tell a user nothing."""
    if not data.strip():
        raise SourceError(f"{source}: 文件为空（0 字节），不是 PDF")
    if not is_pdf(data):
        head = data[:2048].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html", b"<head", b"<?xml")) or b"<html" in head:
            raise SourceError(
                f"{source}: 文件名是 .pdf，内容却是网页（HTML），可能是下载出错时保存的页面"
            )
        raise SourceError(f"{source}: 文件名是 .pdf，内容却不是 PDF（缺少 %PDF 文件头）")
    if b"%%EOF" not in data[-_TRAILER_WINDOW:]:
        raise SourceError(f"{source}: PDF 文件不完整（缺少文件结尾），可能下载中断或文件被截断")


def _extract(data: bytes, source: str) -> list[PageContent]:
    from .pdf_worker import read_pages as read_in_worker

    pages = read_in_worker(data, MAX_PAGES)
    if pages is not None:
        return pages
    return _extract_here(data, source)


def _extract_here(data: bytes, source: str) -> list[PageContent]:
    """The default reader: pdfplumber in this process, within ``pdf_limits``."""
    import pdfplumber

    from .pdf_limits import PdfLimits, reading

    limits = PdfLimits()
    try:
        with reading(limits):
            pdf = pdfplumber.open(io.BytesIO(data))
            # counted before anything lists the pages, ``close()`` included: it lists them all
            _check_page_count(pdf, source)
            with pdf:
                pages = list(read_pages(pdf, limits))
        limits.check()
        return pages
    except SourceError:
        raise
    except Exception as exc:
        if limits.refused is not None:  # a limit was reached, whatever pdfminer made of it
            raise SourceError(f"{source}: {limits.refused}") from None
        raise SourceError(f"{source}: {_unreadable(exc)}") from None


def _check_page_count(pdf: Any, source: str) -> None:
    """Refuse more than ``MAX_PAGES`` pages before pdfplumber builds its list of all of them
    (some 3 KB a page: a 23 MB PDF of 300 000 blank pages took 880 MB and 33 s). The page
    tree is walked only as far as one page past the limit; the count shown is the tree's own
    ``/Count`` when it agrees that there are too many."""
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdftypes import resolve1
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        walked = sum(1 for _ in itertools.islice(PDFPage.create_pages(pdf.doc), MAX_PAGES + 1))
    except Exception as exc:  # as pdfplumber's own page listing reports it
        raise PdfminerException(exc) from exc
    if walked <= MAX_PAGES:
        return
    tree = resolve1(pdf.doc.catalog.get("Pages"))
    count = resolve1(tree.get("Count")) if isinstance(tree, dict) else None
    shown = f"共 {count} 页，" if isinstance(count, int) and count > MAX_PAGES else ""
    raise SourceError(f"{source}: PDF {shown}超过 {MAX_PAGES} 页上限，不像年度报告")


def _unreadable(exc: Exception) -> str:
    """Why pdfminer could not read the file, in the user's words."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    if isinstance(exc, PdfminerException):
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
        if isinstance(cause, PDFPasswordIncorrect):
            return "PDF 已加密，需要打开密码，无法读取"
        if isinstance(cause, PDFEncryptionError):
            return "PDF 使用了不支持的加密方式，无法读取"
        return f"PDF 文件已损坏，无法读取（{_reason(cause)}）"
    # pdfminer meets a damaged stream with whatever error the broken bytes cause (KeyError,
    # zlib.error, struct.error …): each is a damaged file to the user, not a gouji crash.
    if os.environ.get("GOUJI_DEBUG"):
        raise exc
    return f"PDF 文件已损坏，无法读取（{_reason(exc)}）"


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    first = text[0][:120] if text else ""
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__
