"""Bytes → ``Document``: decoding, residue removal and one module per input kind."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import SourceError
from ..filenames import shown
from .decode import Decoded, decode, normalize
from .document import Document, IngestNote
from .residue import clean_lines
from .script import to_simplified
from .text import from_lines

__all__ = ["KINDS", "NOT_YET_READ", "load_bytes", "load_path", "load_text"]

KINDS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}
"""File suffixes gouji reads, by input kind."""

NOT_YET_READ = frozenset({".doc", ".wps", ".odt"})
"""Report file kinds that exist but gouji cannot read yet: refused with a clear message."""

MAX_BYTES = 64 * 1024 * 1024
"""A report is a few hundred KB at most; anything far larger is refused rather than read."""

_HTML_SNIFF = (
    b"<!doctype html",
    b"<html",
    b"<head",
    b"<body",
    b"<table",
    b"<meta",
    b"<div",
    b"<p>",
)


_ZIP_MAGIC = b"PK\x03\x04"
"""How every zip, so every DOCX, begins."""
_PDF_MARKER = b"%PDF-"
"""What ``pdf.is_pdf`` looks for near the start; bytes without it anywhere are no PDF."""


def _sniff_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return any(marker in head for marker in _HTML_SNIFF)


def _looks_binary(data: bytes) -> bool:
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    return b"\x00" in head or head.startswith((b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0"))


def _is_docx(data: bytes, name: str) -> bool:
    """A ``.docx`` name, or a zip holding a Word document (bytes handed over without a name).
    Only zip bytes are handed to the DOCX reader's test: importing it loads lxml, which a text
    report does not need."""
    if Path(name).suffix.lower() == ".docx":
        return True
    if not data.startswith(_ZIP_MAGIC):
        return False
    from .docx_zip import looks_like_docx

    return looks_like_docx(data)


def _is_pdf(data: bytes, name: str) -> bool:
    """A ``.pdf`` name (whatever it holds: the PDF reader says what is wrong with it), or PDF
    bytes handed over without a name. Bytes without a PDF header anywhere are not asked of the
    PDF reader, whose modules a text report does not need."""
    if Path(name).suffix.lower() == ".pdf":
        return True
    if _PDF_MARKER not in data:
        return False
    from .pdf import is_pdf

    return is_pdf(data)


def load_bytes(data: bytes, *, name: str, kind: str | None = None) -> Document:
    """Decode and ingest one source. ``kind`` overrides the guess from ``name`` and content."""
    if kind == "docx" or (kind is None and _is_docx(data, name)):
        from .docx import from_docx

        return from_docx(data, source=name, sha256=hashlib.sha256(data).hexdigest())
    if kind == "pdf" or (kind is None and _is_pdf(data, name)):
        from .pdf import from_pdf

        return from_pdf(data, source=name, sha256=hashlib.sha256(data).hexdigest())
    if not data:  # a failed download or an unsaved file: nothing to say it is not a report
        raise SourceError(f"{name}: 文件为空（0 字节）")
    if _looks_binary(data):
        raise SourceError(f"{name}: 不是文本或网页文件（二进制内容），无法读取")
    sha256 = hashlib.sha256(data).hexdigest()
    if kind is None:
        kind = KINDS.get(Path(name).suffix.lower())
        if kind is None or kind == "text":
            kind = "html" if _sniff_html(data) else (kind or "text")
    decoded = decode(data, html=kind == "html")
    text, script_notes = to_simplified(normalize(decoded.text))
    encoding_notes = _encoding_notes(decoded)
    if kind == "html":
        from .html import from_html

        document = from_html(text, source=name, sha256=sha256, encoding=decoded.encoding)
    else:
        lines, notes = clean_lines(text)
        document = from_lines(
            lines, source=name, sha256=sha256, input_kind=kind, encoding=decoded.encoding
        )
        document.notes[:0] = notes
    document.notes[:0] = [*encoding_notes, *script_notes]
    return document


def _encoding_notes(decoded: Decoded) -> list[IngestNote]:
    """Only a guessed encoding is an assumption; a BOM, UTF-8 or a declaration is not. A
    declaration that was not used (``<meta charset="idna">``, or one the bytes contradict) is
    named, so the note does not say there was none."""
    if decoded.decided_by != "detected":
        return []
    why = f"{decoded.ignored}，已忽略；" if decoded.ignored else "文件未声明编码，"
    return [
        IngestNote(
            "encoding.detected", f"{why}按检测结果以 {decoded.encoding} 解码", confidence=0.9
        )
    ]


def load_text(text: str, *, name: str = "<text>", kind: str | None = None) -> Document:
    """Ingest text that is already decoded (a library caller's string)."""
    return load_bytes(text.encode("utf-8"), name=name, kind=kind)


def load_path(path: str | Path) -> Document:
    """Read one file. Every way a file can fail to be read becomes a one-line ``SourceError``.

    The file is opened by its real name; records and messages get ``filenames.shown`` of it,
    so a name that is not UTF-8 (GBK bytes from an unzipped archive) cannot break an output."""
    p = Path(path)
    name = shown(p)  # as messages always gave it; the document keeps the name as given
    suffix = p.suffix.lower()
    if suffix in NOT_YET_READ:
        raise SourceError(
            f"{name}: 暂不支持 {suffix} 文件，请另存为 .docx 或 .pdf，或提供文本、Markdown、网页（HTML）"
        )
    try:
        if p.is_dir():
            raise SourceError(f"{name}: 是目录，不是文件")
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise SourceError(
                f"{name}: 文件过大（{size // (1024 * 1024)} MB），超过 {MAX_BYTES // (1024 * 1024)} MB 上限"
            )
        data = p.read_bytes()
    except SourceError:
        raise
    except FileNotFoundError:
        raise SourceError(f"{name}: 文件不存在") from None
    except PermissionError:
        raise SourceError(f"{name}: 没有读取权限") from None
    except OSError as exc:
        raise SourceError(f"{name}: 无法读取（{exc.strerror or exc}）") from None
    except ValueError:  # a NUL byte in the name: no file can be called that
        without_nul = name.replace("\x00", "\\0")
        raise SourceError(f"{without_nul}: 文件名无效（含空字符）") from None
    return load_bytes(data, name=shown(path))
