"""Opening a DOCX package safely: every way a file can fail becomes one Chinese ``SourceError``.

A DOCX is a zip of XML parts, and a zip is a promise about sizes that the file itself makes. A
crafted or broken file can claim to be a report and be none of these: not a zip at all (an old
binary ``.doc`` renamed, a web page saved as ``.docx``), cut off in transfer, a zip with millions
of entries whose directory alone fills memory, or a "zip bomb" whose main part inflates from a few
hundred KB to gigabytes. Each is refused here with one line saying which, before anything large is
decompressed: the entry count is read from the zip's end record, and checked against the records
the central directory really holds (counting at most ``MAX_ENTRIES`` of them), before ``zipfile``
builds its directory — ``zipfile`` believes the directory's size, not the count, so an end record
that says 3 over a directory of a million entries would otherwise cost hundreds of MB; the main
part's declared size is checked before it is opened, and the part is then streamed through a
counter that stops at the limit whatever the header claimed.

Only the parts gouji reads are opened: the main document (found through ``_rels/.rels``) and,
when present, the numbering and style definitions that render automatic list numbers.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePath
from typing import IO

from lxml import etree

from ..errors import SourceError

__all__ = [
    "MAX_ENTRIES",
    "MAX_PART_BYTES",
    "MAX_SIDE_PART_BYTES",
    "DocxPackage",
    "looks_like_docx",
    "open_package",
]

MAX_PART_BYTES = 20 * 1024 * 1024
"""Largest main document part read (uncompressed). A real report's ``document.xml`` is 0.1–5 MB;
the blank template's is 0.25 MB."""

MAX_SIDE_PART_BYTES = 8 * 1024 * 1024
"""Largest ``_rels/.rels``, ``numbering.xml`` or ``styles.xml`` read; they are a few KB."""

MAX_ENTRIES = 5000
"""A DOCX holds a dozen parts, a few hundred with many images; far more is not a document."""

_CHUNK = 256 * 1024
_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP = b"PK\x05\x06"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_EOCD = struct.Struct("<4s4H2LH")
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_EOCD = struct.Struct("<4sQ2H2L2Q2Q")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
"""A central directory record before its name, extra field and comment (``zipfile``'s
``structCentralDir``)."""
_CENTRAL_MAGIC = b"PK\x01\x02"
_OFFICE_DOCUMENT = "/officeDocument"
_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DEFAULT_MAIN = "word/document.xml"

_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError, OSError)
"""What ``zipfile`` raises for a damaged archive, an unsupported compression or a bad CRC."""


class _TooLarge(Exception):
    """Raised inside the counting stream; turned into a ``SourceError`` by the caller."""


def looks_like_docx(data: bytes) -> bool:
    """Whether raw bytes are a zip holding a Word main part (for input without a file name)."""
    return data.startswith(_ZIP_MAGIC) and b"word/" in data


SAFE_XML: dict[str, bool] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}
"""lxml options for untrusted XML: never fetch, never expand entities, never build a huge tree
(shared by the small parts' parser and the body's streaming parse)."""


def xml_parser() -> etree.XMLParser:
    """A parser for the package's small parts, with ``SAFE_XML``'s options."""
    return etree.XMLParser(**SAFE_XML)


class DocxPackage:
    """An opened DOCX: the name of its main part and streamed, size-checked access to parts."""

    def __init__(self, archive: zipfile.ZipFile, name: str) -> None:
        self._zip = archive
        self._name = name
        self.main = self._main_part()

    def _main_part(self) -> str:
        """The part ``_rels/.rels`` names as the office document, else the usual name."""
        root = self.side_part("_rels/.rels")
        if root is not None:
            for rel in root.iter(f"{_RELS_NS}Relationship"):
                if (rel.get("Type") or "").endswith(_OFFICE_DOCUMENT) and rel.get("Target"):
                    return rel.get("Target", "").lstrip("/")
        return _DEFAULT_MAIN

    def _info(self, part: str, limit: int) -> zipfile.ZipInfo | None:
        try:
            info = self._zip.getinfo(part)
        except KeyError:
            return None
        if info.flag_bits & 0x1:
            raise SourceError(f"{self._name}: DOCX 文件已加密，无法读取")
        if info.file_size > limit:
            raise SourceError(_too_large(self._name, part, info.file_size, limit))
        return info

    @contextmanager
    def stream(self, part: str) -> Iterator[IO[bytes]]:
        """The main part as a stream that refuses to inflate past ``MAX_PART_BYTES``."""
        info = self._info(part, MAX_PART_BYTES)
        if info is None:
            raise SourceError(f"{self._name}: 不是 Word 文档（DOCX 压缩包中没有正文部分 {part}）")
        try:
            with self._zip.open(info) as raw:
                yield _Capped(raw, MAX_PART_BYTES)
        except _TooLarge:
            raise SourceError(_too_large(self._name, part, None, MAX_PART_BYTES)) from None
        except _READ_ERRORS as exc:
            raise SourceError(_damaged(self._name, exc)) from None

    def side_part(self, part: str) -> etree._Element | None:
        """A small part parsed whole, or None when absent or unreadable (it is optional)."""
        info = self._info(part, MAX_SIDE_PART_BYTES)
        if info is None:
            return None
        try:
            with self._zip.open(info) as raw:
                data = _Capped(raw, MAX_SIDE_PART_BYTES).read()
            return etree.fromstring(data, xml_parser())
        except (_TooLarge, etree.XMLSyntaxError, *_READ_ERRORS):
            return None


@contextmanager
def open_package(data: bytes, name: str) -> Iterator[DocxPackage]:
    """Open DOCX bytes, or raise the one-line ``SourceError`` that says what is wrong."""
    if data.startswith(_OLE_MAGIC):
        raise SourceError(
            f"{name}: 是旧版 Word（.doc）格式或加密的文档，不是 DOCX，请在 Word 中另存为 .docx"
        )
    if not data.startswith((_ZIP_MAGIC, _EMPTY_ZIP)):
        raise SourceError(f"{name}: {_not_a_zip(data, name)}")
    directory = _directory(data)
    if directory is None:
        raise SourceError(f"{name}: DOCX 文件已损坏或不完整（找不到 zip 目录，可能下载未完成）")
    entries, start, size = directory
    if entries > MAX_ENTRIES:
        raise SourceError(
            f"{name}: DOCX 压缩包内有 {entries} 个条目，超过 {MAX_ENTRIES} 个上限，拒绝读取"
        )
    listed = _listed_entries(data, start, size)
    if listed is None:
        raise SourceError(_damaged(name, zipfile.BadZipFile()))
    if listed != entries:
        shown = f"{MAX_ENTRIES} 个以上" if listed > MAX_ENTRIES else f"{listed} 个"
        raise SourceError(
            f"{name}: DOCX 文件已损坏（zip 结尾记录称有 {entries} 个条目，目录中却有 {shown}），拒绝读取"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _READ_ERRORS as exc:
        raise SourceError(_damaged(name, exc)) from None
    with archive:
        yield DocxPackage(archive, name)


def _not_a_zip(data: bytes, name: str) -> str:
    """What a file named .docx holds instead: the usual accidents, said plainly."""
    if PurePath(name).name.startswith("~$"):
        return "是 Word 打开文档时生成的临时锁定文件（~$ 开头），不是报告"
    if not data:
        return "文件为空（0 字节），不是 DOCX"
    head = data[:1024].lstrip().lower()
    if head.startswith(b"%pdf"):
        return "文件名是 .docx，内容却是 PDF，请改用 .pdf 扩展名"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "文件名是 .docx，内容却是网页（HTML），可能是下载出错时保存的页面"
    if head.startswith(b"{\\rtf"):
        return "文件名是 .docx，内容却是 RTF 文档，请在 Word 中另存为 .docx"
    return "不是有效的 DOCX 文件（不是 zip 压缩包）"


def _directory(data: bytes) -> tuple[int, int, int] | None:
    """The entry count the zip's end record states, and where ``zipfile`` will look for the
    central directory (its start and size), read without building it.

    None when there is no end record: the file was cut off (the directory is at the end).
    """
    at = data.rfind(_EMPTY_ZIP, max(0, len(data) - _EOCD.size - 0xFFFF))
    if at < 0 or at + _EOCD.size > len(data):
        return None
    total, size = _EOCD.unpack_from(data, at)[4:6]
    if total != 0xFFFF:
        return total, at - size, size
    locator = at - _ZIP64_LOCATOR.size
    if locator < 0 or data[locator : locator + 4] != b"PK\x06\x07":
        return total, at - size, size
    end64 = locator - _ZIP64_EOCD.size  # where zipfile reads it, whatever the locator says
    if end64 < 0 or data[end64 : end64 + 4] != b"PK\x06\x06":
        return None
    fields = _ZIP64_EOCD.unpack_from(data, end64)
    total, size = fields[7], fields[8]
    return total, end64 - size, size


def _listed_entries(data: bytes, start: int, size: int) -> int | None:
    """The records the central directory holds, walked as ``zipfile`` walks them but without
    building anything, and never more than ``MAX_ENTRIES`` + 1 of them; None when a record is
    cut off or not one (``zipfile`` would call the file damaged)."""
    if start < 0:
        return None
    at, end = start, min(start + size, len(data))
    count = 0
    while at < start + size and count <= MAX_ENTRIES:
        if at + _CENTRAL.size > end or data[at : at + 4] != _CENTRAL_MAGIC:
            return None
        name, extra, comment = _CENTRAL.unpack_from(data, at)[12:15]
        at += _CENTRAL.size + name + extra + comment
        count += 1
    return count


class _Capped(io.RawIOBase):
    """A read-only stream that raises ``_TooLarge`` once more than ``limit`` bytes came out."""

    def __init__(self, raw: IO[bytes], limit: int) -> None:
        super().__init__()
        self._raw = raw
        self._limit = limit
        self._seen = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            chunks = []
            while chunk := self.read(_CHUNK):
                chunks.append(chunk)
            return b"".join(chunks)
        data = self._raw.read(min(size, _CHUNK))
        self._seen += len(data)
        if self._seen > self._limit:
            raise _TooLarge
        return data

    def readinto(self, buffer) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _too_large(name: str, part: str, size: int | None, limit: int) -> str:
    mb = limit // (1024 * 1024)
    stated = f"{size / (1024 * 1024):.0f} MB，" if size is not None else ""
    return f"{name}: DOCX 中的 {part} 解压后过大（{stated}超过 {mb} MB 上限），拒绝读取"


def _damaged(name: str, exc: BaseException) -> str:
    if isinstance(exc, NotImplementedError):
        return f"{name}: DOCX 使用了不支持的压缩方式，无法读取"
    return f"{name}: DOCX 文件已损坏或不完整（zip 内容无法解压）"
