"""Bounds on what a PDF can make the PDF library do, enforced before the work is done.

A PDF is a small file that describes large things: a few KB of deflated stream can inflate to
gigabytes (a "flate bomb"), a few KB of content stream can draw a million lines or put three
million characters on a page, and a form drawn a thousand times is interpreted a thousand times.
pdfminer (under pdfplumber) does all of this as it is told: it inflates a stream with one
``zlib.decompress`` call, and builds a Python object for every character and line of a page
before gouji sees any of them. Checking sizes afterwards is too late, so the limits are applied
where the work happens:

- **decoding**: pdfminer has no setting or hook for a size limit, so the decoders its
  ``pdftypes`` module calls are replaced, when this module is imported, by versions that stop
  once a stream's output passes ``MAX_STREAM_BYTES`` or the document's passes
  ``MAX_DECODED_BYTES``. They do so only inside ``reading()`` (a context variable, so per
  thread); anywhere else they do exactly what pdfminer's own do, and other users of pdfminer in
  the same process see no change;
- **interpreting**: each page is laid out by a counting device and interpreter
  (``BoundedPage``) that refuse a page whose content streams pass ``MAX_PAGE_CONTENT_BYTES``
  (the document's, ``MAX_CONTENT_BYTES``), or that holds more than ``MAX_PAGE_CHARS`` characters
  or ``MAX_PAGE_FIGURES`` images and forms, and keep only the first ``MAX_DRAWING_OBJECTS``
  lines, rectangles and curves of a page (the page is then read as text).

Every refusal is a ``PdfLimitError`` whose message, in Chinese, says which limit; ``pdf.py``
turns it into the usual one-line ``SourceError``.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from pdfminer import pdftypes
from pdfminer.ascii85 import ascii85decode
from pdfminer.ccitt import ccittfaxdecode
from pdfminer.layout import LTPage
from pdfminer.lzw import LZWDecoder
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdftypes import stream_value
from pdfminer.runlength import rldecode
from pdfplumber.page import Page, PDFPageAggregatorWithMarkedContent
from pdfplumber.utils.exceptions import PdfminerException

from .pdf_pages import MAX_DRAWING_OBJECTS

__all__ = [
    "MAX_CONTENT_BYTES",
    "MAX_DECODED_BYTES",
    "MAX_PAGE_CHARS",
    "MAX_PAGE_CONTENT_BYTES",
    "MAX_PAGE_FIGURES",
    "MAX_STREAM_BYTES",
    "BoundedPage",
    "PdfLimitError",
    "PdfLimits",
    "bounded_pages",
    "reading",
]

MB = 1024 * 1024

MAX_STREAM_BYTES = 64 * MB
"""Largest decoded stream. The largest streams of a real report are its embedded fonts: a whole
Chinese TrueType font (not subset) is 10–20 MB; content streams are tens of KB a page."""

MAX_DECODED_BYTES = 256 * MB
"""All streams decoded for one document (pdfminer keeps them while the file is open). The 淮安
2024 report decodes 1.9 MB in all."""

MAX_PAGE_CONTENT_BYTES = 4 * MB
"""Content stream bytes interpreted for one page, a form counted each time it is drawn. A page of
text or a ruled table is 10–100 KB. pdfminer interprets 0.4–2 MB a second and holds a path's
segments (about 100 bytes each) until it is painted, so this bounds a page's time and memory."""

MAX_CONTENT_BYTES = 16 * MB
"""Content stream bytes interpreted for the whole document: bounds its time (up to 40 s for the
densest content pdfminer can be given; a real report of 20 pages interprets under 1 MB)."""

MAX_PAGE_CHARS = 50_000
"""Characters drawn on one page. An A4 page set solid in 5-point type holds about 17 000;
pdfplumber keeps a dictionary of some 30 fields per character, so this bounds a page's memory."""

MAX_PAGE_FIGURES = 10_000
"""Images and forms (XObjects) drawn on one page: each becomes a layout object that is kept. A
report page has a seal, a logo or a chart or two."""

_RL_GROWTH = 64 * 9
"""RunLength output is at most 64 times its input, and pdfminer builds it as a list of ints
(eight bytes of list per byte of output) before joining it."""
_A85_GROWTH = 4
"""ASCII85's ``z`` stands for four zero bytes."""


class PdfLimitError(Exception):
    """A limit of this module was reached; ``str()`` is the user's message (without the file)."""


class PdfLimits:
    """What one document has used so far; the first refusal is remembered, because pdfplumber
    swallows errors in a few places (metadata values) and the read must still fail."""

    def __init__(self) -> None:
        self.decoded = 0
        self.content = 0
        self.refused: str | None = None

    def refuse(self, message: str) -> PdfLimitError:
        if self.refused is None:
            self.refused = message
        return PdfLimitError(self.refused)

    def room(self) -> int:
        """How many bytes the next decoding step may produce."""
        if self.refused is not None:
            raise PdfLimitError(self.refused)
        return min(MAX_STREAM_BYTES, MAX_DECODED_BYTES - self.decoded)

    def take(self, size: int, room: int) -> None:
        """Count a decoding step's output, refusing it when it did not fit."""
        if size > room:
            if room < MAX_STREAM_BYTES:
                raise self.refuse(
                    f"PDF 解压后的数据总量超过 {MAX_DECODED_BYTES // MB} MB 上限，拒绝读取"
                )
            raise self.refuse(
                f"PDF 中有数据流解压后超过 {MAX_STREAM_BYTES // MB} MB 上限（可能是压缩炸弹），拒绝读取"
            )
        self.decoded += size

    def interpret(self, size: int, page: int, on_page: int) -> None:
        """Count content stream bytes about to be interpreted for ``page``."""
        self.content += size
        if on_page > MAX_PAGE_CONTENT_BYTES:
            raise self.refuse(
                f"PDF 第 {page} 页的内容流超过 {MAX_PAGE_CONTENT_BYTES // MB} MB 上限，不像年度报告，拒绝读取"
            )
        if self.content > MAX_CONTENT_BYTES:
            raise self.refuse(
                f"PDF 各页内容流合计超过 {MAX_CONTENT_BYTES // MB} MB 上限，不像年度报告，拒绝读取"
            )

    def check(self) -> None:
        """Raise the remembered refusal, if any."""
        if self.refused is not None:
            raise PdfLimitError(self.refused)


_LIMITS: ContextVar[PdfLimits | None] = ContextVar("gouji_pdf_limits", default=None)


@contextmanager
def reading(limits: PdfLimits) -> Iterator[PdfLimits]:
    """Decode every stream under ``limits`` while the block runs (in this thread or task)."""
    token = _LIMITS.set(limits)
    try:
        yield limits
    finally:
        _LIMITS.reset(token)


# -- decoding ---------------------------------------------------------------------------------


def _inflate(data: bytes) -> bytes:
    """``zlib.decompress`` as pdfminer calls it, stopping at the limit.

    pdfminer falls back on a damaged stream to ``decompress_corrupted``, which feeds the data
    one byte at a time and concatenates (quadratic time) and keeps the output when the error is
    in the last three bytes (a bad checksum), else gives nothing. Its result is reproduced here
    in linear time and never raises, so that fallback is not reached under a limit."""
    limits = _LIMITS.get()
    if limits is None:
        return zlib.decompress(data)
    room = limits.room()
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, room + 1)
    except zlib.error:
        out = _inflate_damaged(data, room)
    limits.take(len(out), room)
    return out


def _inflate_damaged(data: bytes, room: int) -> bytes:
    """What ``decompress_corrupted`` returns: nothing for an error before the last three
    bytes, else the output up to the error (more than ``room`` is refused by the caller)."""
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data[:-3], room + 1)
    except zlib.error:
        return b""
    if len(out) > room:
        return out
    tail = [out]
    for at in range(max(len(data) - 3, 0), len(data)):
        try:
            tail.append(inflater.decompress(data[at : at + 1]))
        except zlib.error:
            break
    return b"".join(tail)


def _lzw(data: bytes) -> bytes:
    """``lzwdecode``, which is ``b"".join(LZWDecoder(...).run())``, stopping at the limit."""
    limits = _LIMITS.get()
    if limits is None:
        return b"".join(LZWDecoder(io.BytesIO(data)).run())
    room = limits.room()
    out: list[bytes] = []
    size = 0
    for chunk in LZWDecoder(io.BytesIO(data)).run():
        size += len(chunk)
        if size > room:
            break
        out.append(chunk)
    limits.take(size, room)
    return b"".join(out)


def _bounded(decode: Callable[..., bytes], growth: Callable[[bytes, Any], int]) -> Callable:
    """A decoder that cannot stop part-way, run only when its input cannot outgrow the limit
    (``growth`` is the most it can produce): such streams are images, which gouji never
    decodes, so refusing a large one costs no report."""

    def bounded(data: bytes, *params: Any) -> bytes:
        limits = _LIMITS.get()
        if limits is None:
            return decode(data, *params)
        room = limits.room()
        most = growth(data, params[0] if params else None)
        if most > room:
            limits.take(most, room)  # refuses
        out = decode(data, *params)
        limits.take(len(out), room)
        return out

    return bounded


def _ccitt_growth(data: bytes, params: Any) -> int:
    """A row of ``Columns`` pixels (1 728 for a fax) from as little as one bit (a row equal to
    the one above)."""
    columns = params.get("Columns") if isinstance(params, dict) else None
    columns = columns if isinstance(columns, int) and columns > 0 else 1728
    return len(data) * columns


class _Zlib:
    """The ``zlib`` module as ``pdfminer.pdftypes`` sees it, with ``decompress`` bounded."""

    decompress = staticmethod(_inflate)

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)


pdftypes.zlib = _Zlib()  # type: ignore[assignment]
pdftypes.lzwdecode = _lzw
pdftypes.rldecode = _bounded(rldecode, lambda data, _: len(data) * _RL_GROWTH)
pdftypes.ascii85decode = _bounded(ascii85decode, lambda data, _: len(data) * _A85_GROWTH)
pdftypes.ccittfaxdecode = _bounded(ccittfaxdecode, _ccitt_growth)


# -- interpreting -----------------------------------------------------------------------------


class _Device(PDFPageAggregatorWithMarkedContent):
    """pdfplumber's layout device, counting what the page draws as it is drawn."""

    def __init__(self, rsrcmgr: Any, pageno: int, laparams: Any, limits: PdfLimits) -> None:
        super().__init__(rsrcmgr, pageno=pageno, laparams=laparams)
        self.limits = limits
        self.content = 0
        self.chars = 0
        self.drawings = 0
        self.figures = 0

    def interpret(self, streams: Sequence[object]) -> None:
        """Count content streams before the interpreter parses them."""
        size = sum(len(stream_value(stream).get_data()) for stream in streams)
        self.content += size
        self.limits.interpret(size, self.pageno, self.content)

    def render_char(self, *args: Any, **kwargs: Any) -> float:
        self.chars += 1
        if self.chars > MAX_PAGE_CHARS:
            raise self.limits.refuse(
                f"PDF 第 {self.pageno} 页有超过 {MAX_PAGE_CHARS} 个字符，不像年度报告，拒绝读取"
            )
        return super().render_char(*args, **kwargs)

    def paint_path(self, gstate: Any, stroke: bool, fill: bool, evenodd: bool, path: Any) -> None:
        """Drawings past ``MAX_DRAWING_OBJECTS`` are dropped: the page is then read as text
        (no ruled tables are looked for), so they would be of no use. A path of several
        subpaths is split by pdfminer, which calls this again for each."""
        if sum(1 for segment in path if segment[0] == "m") <= 1:
            self.drawings += 1
            if self.drawings > MAX_DRAWING_OBJECTS:
                return
        super().paint_path(gstate, stroke, fill, evenodd, path)

    def _figure(self) -> None:
        self.figures += 1
        if self.figures > MAX_PAGE_FIGURES:
            raise self.limits.refuse(
                f"PDF 第 {self.pageno} 页有超过 {MAX_PAGE_FIGURES} 个图片或嵌入图形，不像年度报告，拒绝读取"
            )

    def begin_figure(self, *args: Any, **kwargs: Any) -> None:
        self._figure()
        super().begin_figure(*args, **kwargs)

    def render_image(self, *args: Any, **kwargs: Any) -> None:
        self._figure()
        super().render_image(*args, **kwargs)


class _Interpreter(PDFPageInterpreter):
    """Counts each content stream (the page's and every form's, each time it is drawn)."""

    device: _Device

    def execute(self, streams: Sequence[object]) -> None:
        self.device.interpret(streams)
        super().execute(streams)


class BoundedPage(Page):
    """A pdfplumber page laid out by the counting device and interpreter above."""

    limits: PdfLimits
    drawings_dropped: bool = False
    """More than ``MAX_DRAWING_OBJECTS`` drawings: only the first were kept."""

    @classmethod
    def of(cls, page: Page, limits: PdfLimits) -> BoundedPage:
        bounded = cls(page.pdf, page.page_obj, page.page_number, page.initial_doctop)
        bounded.limits = limits
        return bounded

    @property
    def layout(self) -> LTPage:
        """pdfplumber's ``Page.layout`` (same cache, same errors) with the counting device."""
        if hasattr(self, "_layout"):
            return self._layout
        device = _Device(self.pdf.rsrcmgr, self.page_number, self.pdf.laparams, self.limits)
        try:
            _Interpreter(self.pdf.rsrcmgr, device).process_page(self.page_obj)
        except PdfLimitError:
            raise
        except Exception as exc:
            raise PdfminerException(exc) from exc
        self.drawings_dropped = device.drawings > MAX_DRAWING_OBJECTS
        self._layout: LTPage = device.get_result()
        return self._layout


def bounded_pages(pdf: Any, limits: PdfLimits) -> Iterator[BoundedPage]:
    """Each page of an open ``pdfplumber.PDF``, bounded; its cache released once used."""
    for page in pdf.pages:
        bounded = BoundedPage.of(page, limits)
        try:
            yield bounded
        finally:
            bounded.close()
            page.close()
