"""The PDF reading worker: a child process that reads PDF pages with PDFium, within caps.

PDFium lays pages out ten times faster than pdfminer, but it cannot be held to a limit: it
aborts its process when an allocation fails, on files of a few KB (docs/input-formats.md#pdf).
So it never runs in gouji's own process. This module is the child's side (``pdf_worker`` is
the parent's): started once, it caps its own address space (``MEMORY_MB``) before PDFium is
loaded, then serves one file after another over its stdin and stdout, each under a CPU-time
budget (``CPU_SECONDS``, as ``RLIMIT_CPU``: past it the kernel ends the process). A request is
the file's bytes; the answer is the pages read as ``PageContent`` (``pdf_geometry``), or
``None`` with a reason when the default reader must read the file (``pdf_precheck``,
``pdfium_page.Unsupported``, or any error). Should the child die, the parent sees its pipe
close and reads the file with pdfplumber.

Frames are an 8-byte big-endian length and a payload: a request is a 4-byte page limit and the
file's bytes, an answer a pickle. The child is started by ``bootstrap``,
which loads this module without running ``gouji/__init__`` (the whole engine, 0.2 s to import):
the child needs only the PDF modules.
"""

from __future__ import annotations

import os
import pickle
import struct
import sys
from typing import IO, Any

__all__ = [
    "BOOTSTRAP",
    "CPU_SECONDS",
    "MEMORY_MB",
    "main",
    "read_frame",
    "write_frame",
    "write_request",
]

MEMORY_MB = 1024
"""The child's address space: gouji's budget for reading a PDF (the corpus workers' cap,
``corpus.limits.DEFAULT_MEMORY_MB``, and the amplification tests'). Reading the 淮安 PDF peaks
near 60 MB resident."""

CPU_SECONDS = 10
"""CPU time one file may take in the child: PDFium reads a page in a few ms, so a 300-page report
takes a few seconds. Past it the kernel ends the child and the file is read by pdfplumber,
whose own limits bound its time."""

_HEADER = struct.Struct(">Q")
_PAGES = struct.Struct(">I")

BOOTSTRAP = """
import sys, types
for name, path in ((\"gouji\", sys.argv[1]), (\"gouji.ingest\", sys.argv[1] + \"/ingest\")):
    module = types.ModuleType(name)
    module.__path__ = [path]
    sys.modules[name] = module
from gouji.ingest.pdf_child import main
main()
"""
"""What ``python -c`` runs in the child, with gouji's package folder as its argument: the two
packages are made bare, so importing this module runs neither ``__init__``."""


def read_frame(stream: IO[bytes]) -> bytes | None:
    """One frame's payload; ``None`` at the end of the stream."""
    header = _read_exactly(stream, _HEADER.size)
    if header is None:
        return None
    payload = _read_exactly(stream, _HEADER.unpack(header)[0])
    if payload is None:
        raise EOFError("PDF reading worker: frame cut short")
    return payload


def _read_exactly(stream: IO[bytes], size: int) -> bytes | None:
    chunks: list[bytes] = []
    left = size
    while left:
        chunk = stream.read(left)
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def write_frame(stream: IO[bytes], payload: bytes) -> None:
    stream.write(_HEADER.pack(len(payload)))
    stream.write(payload)
    stream.flush()


def write_request(stream: IO[bytes], data: bytes, max_pages: int) -> None:
    """A request: the page limit, then the file's bytes as they are (not pickled: a copy less
    of a file of up to 64 MB)."""
    stream.write(_HEADER.pack(len(data) + _PAGES.size) + _PAGES.pack(max_pages))
    stream.write(data)
    stream.flush()


def _cap_memory() -> None:
    import resource  # POSIX only: the parent imports this module for its framing on any system

    limit = MEMORY_MB << 20
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _budget_cpu() -> None:
    """Allow ``CPU_SECONDS`` more of CPU time (the limit counts the process's whole life)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(usage.ru_utime + usage.ru_stime) + 1 + CPU_SECONDS
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def read(data: bytes, max_pages: int) -> tuple[list[Any] | None, str]:
    """The pages of ``data`` read with PDFium, or ``None`` and why the default reader must
    read it."""
    import pypdfium2 as pdfium

    from .pdf_geometry import read_page
    from .pdf_precheck import too_much
    from .pdfium_page import Unsupported, page_objects

    reason = too_much(data, max_pages)
    if reason is not None:
        return None, reason
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        return None, f"PDFium: {exc}"
    try:
        pages = []
        doctop = 0.0
        for index in range(len(document)):
            page = document[index]
            try:
                width, height, objects = page_objects(page, index + 1, doctop)
            finally:
                page.close()
            content = read_page(index + 1, width, height, objects)
            if not content.chars:
                return None, f"page {index + 1}: no text"
            pages.append(content)
            doctop += height
        return pages, ""
    except Unsupported as exc:
        return None, str(exc)
    finally:
        document.close()


def main() -> None:
    """Serve requests until stdin closes. Nothing but frames is written to stdout."""
    _cap_memory()
    stdin = sys.stdin.buffer
    stdout = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout = sys.stderr  # a stray print must not corrupt a frame
    from . import pdf_geometry, pdf_precheck, pdfium_page  # noqa: F401  (loaded before the first file)

    write_frame(stdout, pickle.dumps("ready"))
    while True:
        request = read_frame(stdin)
        if request is None:
            return
        (max_pages,) = _PAGES.unpack_from(request)
        data = request[_PAGES.size :]
        _budget_cpu()
        try:
            answer = read(data, max_pages)
        except Exception as exc:  # a reading error is the default reader's to report
            answer = (None, f"{type(exc).__name__}: {exc}"[:200])
        write_frame(stdout, pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
