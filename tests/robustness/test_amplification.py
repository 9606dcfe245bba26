"""Small files that stand for far more than their size (issue 13, item 3; item 7 in part).

A numbering definition is applied to every paragraph of its list, a table cell's spans cover
thousands of grid slots, a deflated stream inflates a thousandfold, a few KB of content stream
draw a million lines or three million characters, a form drawn a thousand times is interpreted
a thousand times, and a zip's end record can understate the directory behind it. Each case
GENERATES such a file (a few KB to a few MB on disk), reads it in a child process capped at 1 GB
of address space (``bounded.py``) the way ``gouji.parse`` does, and asserts what the user gets:
a one-line ``SourceError`` naming the limit, or a reading with a note, within 20 s and 1 GB.

Before the limits each of these exhausted memory (3 GB and more without a cap), ran for minutes,
leaked Python's ``ValueError`` for a 5 000-digit span, or called the DOCX "zip damaged" for it.
The measured peaks are in docs/robustness.md.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path

import pytest

from generated_docs import W_NS, minimal_docx
from gouji.ingest.docx_numbering import MAX_LABEL_CHARS, MAX_LIST_NUMBER
from gouji.ingest.docx_zip import MAX_ENTRIES
from gouji.ingest.html import MAX_GRID_SLOTS, MAX_HTML_TAGS
from gouji.ingest.pdf import MAX_PAGES
from gouji.ingest.pdf_limits import (
    MAX_CONTENT_BYTES,
    MAX_PAGE_CHARS,
    MAX_PAGE_CONTENT_BYTES,
    MAX_STREAM_BYTES,
)
from gouji.ingest.pdf_pages import MAX_DRAWING_OBJECTS
from pdf_files import pdf_file

from .bounded import run_bounded

SECONDS = 20
MEMORY_MB = 1024

READ = """
from gouji.errors import GoujiError
from gouji.ingest import load_path
from gouji.ingest.document import Table
from gouji.read import read
try:
    document = load_path(PATH)
except GoujiError as exc:
    result = {"error": str(exc)}
else:
    report = read(document)
    tables = [b for b in document.blocks if isinstance(b, Table)]
    result = {
        "error": None,
        "blocks": len(document.blocks),
        "first_table": [[c.text for c in row] for row in tables[0].rows[:3]] if tables else None,
        "notes": sorted({n.code for n in report.notes}),
    }
"""
"""What ``gouji.parse`` does with a path (ingest, then read), keeping what the tests look at.
Any exception other than a ``GoujiError`` kills the child with a traceback, failing the test."""


def read_bounded(path: Path) -> dict:
    """Read ``path`` in a child capped at 1 GB; assert it took under 20 s and 1 GB."""
    run = run_bounded(f"PATH = {str(path)!r}\n{READ}", timeout=120)
    assert run.seconds < SECONDS, f"{path.name}: {run.seconds:.1f} s"
    assert run.peak_mb < MEMORY_MB, f"{path.name}: {run.peak_mb:.0f} MB"
    return run.result  # type: ignore[return-value]


def refused(path: Path, message: str) -> None:
    """``path`` is refused with ``message``, as one ``SourceError`` line naming the file."""
    assert read_bounded(path)["error"] == f"{path}: {message}"


# -- DOCX -------------------------------------------------------------------------------------

_NUMBERED = '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr></w:p>'


def test_a_docx_numbering_label_cannot_expand_past_its_limits(tmp_path):
    """GENERATED: a letter list starting at item 1 000 000 (38 462 letters per %1), four
    placeholders a label, on 10 000 empty paragraphs: 4 KB on disk, 1.5 G characters of
    labels before the limits (unfinished after 150 s at 4 GB)."""
    numbering = (
        '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1000000"/>'
        '<w:numFmt w:val="upperLetter"/><w:lvlText w:val="%1%1%1%1"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    )
    path = minimal_docx(tmp_path / "numbering.docx", _NUMBERED * 10_000, numbering=numbering)
    assert path.stat().st_size < 5_000
    result = read_bounded(path)
    assert result["error"] is None
    assert "docx.numbering_overlong" in result["notes"]
    assert MAX_LIST_NUMBER < 1_000_000 and MAX_LABEL_CHARS < 4 * 38_462


def test_a_docx_numbering_label_within_the_limits_is_still_rendered(tmp_path):
    numbering = (
        '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="27"/>'
        '<w:numFmt w:val="upperLetter"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    )
    body = _NUMBERED.replace("</w:pPr>", "</w:pPr><w:r><w:t>项目</w:t></w:r>")
    path = minimal_docx(tmp_path / "letters.docx", body, numbering=numbering)
    result = read_bounded(path)
    assert "docx.numbering_overlong" not in result["notes"]
    assert "docx.numbering" in result["notes"]


def test_a_5000_digit_grid_span_is_the_widest_span_not_a_damaged_zip(tmp_path):
    """GENERATED: ``w:gridSpan`` and ``w:gridBefore`` of 5 000 digits. ``int()`` refused them
    with a ``ValueError`` that the zip reader reported as "DOCX 文件已损坏"."""
    digits = "9" * 5000
    body = (
        f'<w:tbl><w:tr><w:trPr><w:gridBefore w:val="{digits}"/></w:trPr>'
        f'<w:tc><w:tcPr><w:gridSpan w:val="{digits}"/></w:tcPr><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc>'
        "<w:tc><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:tc></w:tr>"
        "<w:tr><w:tc><w:p><w:r><w:t>丙</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>丁</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    result = read_bounded(minimal_docx(tmp_path / "span.docx", body))
    assert result["error"] is None
    assert result["first_table"] == [["甲", "乙"], ["丙", "丁"]]


def _lying_zip(spam: int) -> bytes:
    """GENERATED: a DOCX whose central directory holds ``spam`` more records (47 bytes each)
    than its end record's count of 1 says: ``zipfile`` trusts the directory's size, not the
    count, and built a ``ZipInfo`` for each record (445 MB for a million, a 47 MB file)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr(
            "word/document.xml",
            f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>报告</w:t></w:r></w:p></w:body></w:document>',
        )
    data = out.getvalue()
    end = data.rfind(b"PK\x05\x06")
    offset = struct.unpack_from("<L", data, end + 16)[0]
    record = struct.pack(
        "<4s4B4HL2L5H2L", b"PK\x01\x02", 20, 0, 20, 0, *[0] * 7, 1, 0, 0, 0, 0, 0, 0
    )
    directory = data[offset:end] + (record + b"a") * spam
    return (
        data[:offset]
        + directory
        + struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(directory), offset, 0)
    )


def test_a_zip_end_record_that_understates_its_directory_is_refused(tmp_path):
    path = tmp_path / "lying.docx"
    path.write_bytes(_lying_zip(100_000))
    refused(
        path,
        f"DOCX 文件已损坏（zip 结尾记录称有 1 个条目，目录中却有 {MAX_ENTRIES} 个以上），拒绝读取",
    )


def test_a_zip_end_record_that_overstates_its_directory_is_refused(tmp_path):
    data = bytearray(_lying_zip(0))
    end = data.rfind(b"PK\x05\x06")
    data[end + 8 : end + 12] = struct.pack("<2H", 7, 7)
    path = tmp_path / "short.docx"
    path.write_bytes(bytes(data))
    refused(path, "DOCX 文件已损坏（zip 结尾记录称有 7 个条目，目录中却有 1 个），拒绝读取")


# -- HTML -------------------------------------------------------------------------------------

_SPAN_CELL = "<td rowspan=50 colspan=50>1</td>"


def test_a_4mb_page_of_spanning_cells_is_refused_before_it_is_parsed(tmp_path):
    """GENERATED: the issue's page, 4 MB of ``rowspan=50 colspan=50`` cells on 60 rows: 340
    million grid slots marked, more than 5 GB, before the limits."""
    row = "<tr>" + _SPAN_CELL * 2_300 + "</tr>"
    path = tmp_path / "spans.html"
    path.write_text(f"<html><body><table>{row * 60}</table></body></html>")
    assert 4_000_000 < path.stat().st_size < 5_000_000
    tags = 60 * (1 + 2_300) + 3
    refused(path, f"网页含 {tags} 个标签，超过 {MAX_HTML_TAGS} 个上限，不像年度报告，拒绝读取")


def test_spanning_cells_past_the_page_s_grid_slots_are_read_as_text(tmp_path):
    """GENERATED: 20 000 such cells (650 KB, under the tag limit) cover 49 million slots
    (1.1 GB before the limits): the table is read as text, with one note, once the page's
    ``MAX_GRID_SLOTS`` are spent."""
    row = "<tr>" + _SPAN_CELL * 400 + "</tr>"
    path = tmp_path / "slots.html"
    path.write_text(
        "<html><body><p>2024年度政府信息公开工作年度报告</p>"
        f"<table>{row * 50}</table></body></html>"
    )
    assert MAX_GRID_SLOTS < 20_000 * 50 * 50
    result = read_bounded(path)
    assert result["error"] is None
    assert "html.table_too_large" in result["notes"]
    assert result["first_table"] is None


def test_a_5000_digit_rowspan_is_the_widest_span_not_a_value_error(tmp_path):
    """GENERATED: rowspan and colspan of 5 000 digits leaked ``int()``'s ``ValueError``."""
    digits = "9" * 5000
    path = tmp_path / "rowspan.html"
    path.write_text(
        f'<table><tr><td rowspan="{digits}">甲</td><td colspan="{digits}">乙</td></tr>'
        "<tr><td>丙</td></tr></table>"
    )
    result = read_bounded(path)
    assert result["error"] is None
    assert result["first_table"] == [["甲", "乙"], ["丙"]]


# -- PDF --------------------------------------------------------------------------------------

TEXT = b"BT /F1 12 Tf 72 720 Td (Annual report 2024) Tj ET\n"


def _deflate(chunks: Iterable[bytes]) -> bytes:
    """Deflate a stream piece by piece: the bombs are never held whole."""
    compressor = zlib.compressobj(9)
    out = [compressor.compress(chunk) for chunk in chunks]
    out.append(compressor.flush())
    return b"".join(out)


def _pdf(
    content: bytes,
    *,
    deflated: int = 0,
    extra: tuple[bytes, ...] = (),
    resources: bytes = b"",
) -> bytes:
    """A one-page PDF (Helvetica as /F1) whose content stream is ``content``, which is already
    ``deflated`` that many times and is deflated once more; ``extra`` objects are numbered
    from 6."""
    data = _deflate([content])
    filters = deflated + 1
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> " + resources + b">> >>",
        b"<< /Length %d /Filter [%s] >>\nstream\n" % (len(data), b"/FlateDecode " * filters)
        + data
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *extra,
    ]
    return pdf_file(objects)


def _bomb(size: int) -> bytes:
    """``size`` bytes of content (a line of text, then spaces), deflated piece by piece."""
    chunk = b" " * (1 << 20)
    return _deflate([TEXT, *(chunk for _ in range(size >> 20))])


_WHOLE = zlib.compress(b"2024 report " * 5_000)
_STREAMS = {
    "whole": _WHOLE,
    "cut short": _WHOLE[: len(_WHOLE) // 2],
    "bad checksum": _WHOLE[:-1] + bytes([_WHOLE[-1] ^ 1]),
    "damaged early": _WHOLE[:20] + b"\x00\xff" * 50 + _WHOLE[120:],
    "empty": b"",
}


@pytest.mark.parametrize("name", sorted(_STREAMS))
def test_bounded_inflating_gives_what_pdfminer_gives(name):
    """Within the limits, a stream decodes to exactly what pdfminer's own decoding gives
    (``zlib.decompress``, and for a damaged stream its ``decompress_corrupted`` fallback);
    outside a gouji read pdfminer's decoding is untouched."""
    from pdfminer.pdftypes import PDFStream, decompress_corrupted
    from pdfminer.psparser import LIT

    from gouji.ingest.pdf_limits import PdfLimits, reading

    data = _STREAMS[name]
    try:
        expected = zlib.decompress(data)
    except zlib.error:
        try:
            expected = decompress_corrupted(data)
        except zlib.error:
            expected = b""
    with reading(PdfLimits()):
        bounded = PDFStream({"Filter": LIT("FlateDecode")}, data).get_data()
    assert bounded == expected
    assert PDFStream({"Filter": LIT("FlateDecode")}, data).get_data() == expected


def test_bounded_lzw_gives_what_pdfminer_gives():
    """The PDF reference's LZW example, decoded within the limits."""
    from pdfminer.pdftypes import PDFStream
    from pdfminer.psparser import LIT

    from gouji.ingest.pdf_limits import PdfLimits, reading

    with reading(PdfLimits()):
        stream = PDFStream({"Filter": LIT("LZWDecode")}, bytes.fromhex("800B6050220C0C8501"))
        assert stream.get_data() == b"-----A---B"


def test_a_double_flate_bomb_is_refused_at_the_stream_limit(tmp_path):
    """GENERATED: a content stream of 1 GB deflated twice, 3 KB on disk. pdfminer inflated it
    in one ``zlib.decompress`` call (2.1 GB, 11 s)."""
    path = tmp_path / "bomb.pdf"
    path.write_bytes(_pdf(_bomb(1 << 30), deflated=1))
    assert path.stat().st_size < 10_000
    refused(
        path,
        f"PDF 中有数据流解压后超过 {MAX_STREAM_BYTES >> 20} MB 上限（可能是压缩炸弹），拒绝读取",
    )


def test_a_flate_stream_with_a_bad_checksum_is_inflated_in_linear_time(tmp_path):
    """GENERATED: 32 MB of content deflated with its checksum broken. pdfminer's fallback for
    a damaged stream fed it one byte at a time and concatenated the output, quadratic: it
    had not finished after minutes. Inflated at once, it is then over the page's limit."""
    data = bytearray(_bomb(32 << 20))
    data[-1] ^= 0xFF
    path = tmp_path / "checksum.pdf"
    path.write_bytes(_pdf(bytes(data), deflated=1))
    refused(
        path,
        f"PDF 第 1 页的内容流超过 {MAX_PAGE_CONTENT_BYTES >> 20} MB 上限，不像年度报告，拒绝读取",
    )


def test_a_page_of_a_million_drawings_is_refused_before_it_is_interpreted(tmp_path):
    """GENERATED: one million filled rectangles, 13 MB of content deflated to 25 KB. pdfminer
    built a layout object for each: a MemoryError at 4 GB."""
    path = tmp_path / "drawings.pdf"
    path.write_bytes(_pdf(TEXT + b"0 0 1 1 re f\n" * 1_000_000))
    assert path.stat().st_size < 40_000
    refused(
        path,
        f"PDF 第 1 页的内容流超过 {MAX_PAGE_CONTENT_BYTES >> 20} MB 上限，不像年度报告，拒绝读取",
    )


def test_a_form_drawn_a_thousand_times_is_counted_each_time(tmp_path):
    """GENERATED: a form of 1 000 rectangles drawn 1 000 times: a million drawings from 21 KB
    of content (26 s and a MemoryError at 1 GB before the limits)."""
    rectangles = b"0 0 1 1 re f\n" * 1_000
    form = b"<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Length %d >>\nstream\n" % len(
        rectangles
    )
    path = tmp_path / "forms.pdf"
    path.write_bytes(
        _pdf(
            TEXT + b"/Fm1 Do\n" * 1_000,
            extra=(form + rectangles + b"\nendstream",),
            resources=b"/XObject << /Fm1 6 0 R >> ",
        )
    )
    refused(
        path,
        f"PDF 第 1 页的内容流超过 {MAX_PAGE_CONTENT_BYTES >> 20} MB 上限，不像年度报告，拒绝读取",
    )


def test_a_content_stream_shared_by_many_pages_is_counted_on_each(tmp_path):
    """GENERATED: five pages drawing one deflated content stream of 4 000 000 bytes (text and
    a long comment, quick to interpret), 5 KB on disk: under the page's limit, over the
    document's on the fifth page. With content that is slow to interpret (up to 2.5 s a MB),
    the document's limit is what bounds the time of a file of many such pages."""
    content = _deflate([TEXT, b"%", b"x" * 4_000_000, b"\n"])
    pages = 5
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % (5 + i) for i in range(pages)), pages),
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content)
        + content
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *[
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
            b"/Resources << /Font << /F1 4 0 R >> >> >>"
        ]
        * pages,
    ]
    path = tmp_path / "shared.pdf"
    path.write_bytes(pdf_file(objects))
    assert MAX_PAGE_CONTENT_BYTES > 4_000_000 and pages * 4_000_000 > MAX_CONTENT_BYTES
    refused(
        path, f"PDF 各页内容流合计超过 {MAX_CONTENT_BYTES >> 20} MB 上限，不像年度报告，拒绝读取"
    )


def test_drawings_past_the_table_limit_are_dropped_as_they_are_drawn(tmp_path):
    """GENERATED: 300 000 rectangles (3.9 MB of content, under the page's limit). They were
    all built and then counted: a MemoryError at 1 GB. Now the first ``MAX_DRAWING_OBJECTS``
    are kept and the page is read as text, with its note."""
    path = tmp_path / "strokes.pdf"
    path.write_bytes(_pdf(TEXT + b"0 0 9 9 re f\n" * 300_000))
    assert MAX_DRAWING_OBJECTS < 300_000
    result = read_bounded(path)
    assert result["error"] is None
    assert "document.page_drawing" in result["notes"]


def test_three_million_characters_on_a_page_are_refused_as_they_are_drawn(tmp_path):
    """GENERATED: one string of 3 million characters, 3.5 KB on disk. pdfplumber built a
    dictionary for each: a MemoryError at 4 GB, after a minute."""
    path = tmp_path / "chars.pdf"
    path.write_bytes(_pdf(b"BT /F1 1 Tf 10 10 Td (" + b"A" * 3_000_000 + b") Tj ET\n"))
    assert path.stat().st_size < 10_000
    refused(path, f"PDF 第 1 页有超过 {MAX_PAGE_CHARS} 个字符，不像年度报告，拒绝读取")


def _many_pages(count: int, per_stream: int = 10_000) -> bytes:
    """GENERATED: ``count`` empty pages, their objects packed in deflated object streams and
    found through a deflated cross-reference stream: 5.7 MB for 600 000 pages.

    Objects: 1 the catalog, 2 the page tree (in object stream 3), the pages from 4, then their
    object streams, then the cross-reference stream."""
    first_page = 4
    first_stream = first_page + count
    streams = -(-count // per_stream)
    xref = first_stream + streams
    where: dict[int, tuple[int, int, int]] = {}
    out = bytearray(b"%PDF-1.7\n")

    def put(number: int, body: bytes) -> None:
        where[number] = (1, len(out), 0)
        out.extend(b"%d 0 obj\n" % number + body + b"\nendobj\n")

    def packed(number: int, members: list[tuple[int, bytes]]) -> None:
        offsets, at = [], 0
        for index, (member, body) in enumerate(members):
            offsets.append(b"%d %d" % (member, at))
            at += len(body) + 1
            where[member] = (2, number, index)
        header = b" ".join(offsets) + b"\n"
        data = _deflate([header, b"\n".join(body for _, body in members)])
        put(
            number,
            b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
            % (len(members), len(header), len(data))
            + data
            + b"\nendstream",
        )

    put(1, b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(count))
    tree = b"<< /Type /Pages /MediaBox [0 0 595 842] /Count %d /Kids [%s] >>" % (count, kids)
    packed(3, [(2, tree)])
    for s in range(streams):
        numbers = range(
            first_page + s * per_stream, min(first_stream, first_page + (s + 1) * per_stream)
        )
        packed(first_stream + s, [(n, b"<< /Type /Page >>") for n in numbers])
    where[xref] = (1, len(out), 0)
    rows = (
        b"\x00" * 5
        + b"\xff\xff"
        + b"".join(struct.pack(">BLH", *where[n]) for n in range(1, xref + 1))
    )
    data = _deflate([rows])
    out += b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R " % (xref, xref + 1)
    out += b"/Filter /FlateDecode /Length %d >>\nstream\n" % len(data) + data
    out += b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % where[xref][1]
    return bytes(out)


def test_a_pdf_of_600000_pages_is_refused_before_they_are_listed(tmp_path):
    """pdfplumber built an object for every page before the page count was checked: a
    MemoryError at 1 GB after 21 s. The page tree is now walked one page past the limit."""
    path = tmp_path / "pages.pdf"
    path.write_bytes(_many_pages(600_000))
    assert path.stat().st_size < 8_000_000
    refused(path, f"PDF 共 600000 页，超过 {MAX_PAGES} 页上限，不像年度报告")


@pytest.mark.parametrize("name", ["huaian-2024.pdf", "template-2021.docx"])
def test_real_files_are_far_below_every_limit(name):
    """The real PDF and the blank DOCX template read as before, well within 20 s and 1 GB."""
    result = read_bounded(Path(__file__).parent.parent / "data" / "corpus" / name)
    assert result["error"] is None
    assert not {"html.table_too_large", "docx.numbering_overlong"} & set(result["notes"])
