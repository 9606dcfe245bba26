"""DOCX files that are not what they seem (issue 6 item 4).

Each case is checked beside a good report in one ``gouji check`` run (``check_beside_seed``
proves the folder was not touched, no traceback was printed and the good report's record is
unchanged); the bad file gets one record whose one finding says, in one line, what is wrong.
Every bad DOCX here is GENERATED: cut from or rebuilt around the real blank template, or written
by the test with ``zipfile``. The zip bombs are written streaming, so the test itself never holds
their uncompressed size in memory.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from generated_docs import TEMPLATE, W_NS, minimal_docx, seed_docx
from gouji.ingest.docx import MAX_BLOCK_ELEMENTS, MAX_PARAGRAPHS
from gouji.ingest.docx_zip import MAX_ENTRIES, MAX_PART_BYTES

BOMB_BYTES = 300 * 1024 * 1024
"""Uncompressed size of the bomb's document.xml: it deflates to well under 1 MB."""


def _bomb() -> bytes:
    """Generated: a document.xml of 300 MB of one repeated empty paragraph, deflated."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package,
        package.open("word/document.xml", "w", force_zip64=True) as part,
    ):
        part.write(f'<w:document xmlns:w="{W_NS}"><w:body>'.encode())
        chunk = b"<w:p/>" * (1024 * 1024 // 6)
        for _ in range(BOMB_BYTES // len(chunk)):
            part.write(chunk)
        part.write(b"</w:body></w:document>")
    return out.getvalue()


def _lying_bomb() -> bytes:
    """Generated: 30 MB of XML whose zip headers claim 1 000 bytes, to get past a size check
    that trusts them; the reader stops at the claimed size and the checksum then fails."""
    body = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * (30 * 1024 * 1024 // 34)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            "word/document.xml",
            f'<w:document xmlns:w="{W_NS}"><w:body>'.encode() + body + b"</w:body></w:document>",
        )
    data = bytearray(out.getvalue())
    data[22:26] = (1000).to_bytes(4, "little")  # the local header's uncompressed size
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = (1000).to_bytes(4, "little")
    return bytes(data)


def _one_huge_paragraph() -> bytes:
    """Generated: under the size limit, but one paragraph of more runs than any report has."""
    runs = b"<w:r><w:t>x</w:t></w:r>" * (MAX_BLOCK_ELEMENTS // 2)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            "word/document.xml",
            f'<w:document xmlns:w="{W_NS}"><w:body><w:p>'.encode()
            + runs
            + b"</w:p></w:body></w:document>",
        )
    return out.getvalue()


def _too_many_paragraphs(tmp: Path) -> bytes:
    body = "<w:p><w:r><w:t>段</w:t></w:r></w:p>" * (MAX_PARAGRAPHS + 1)
    return minimal_docx(tmp / "long.docx", body).read_bytes()


def _too_many_entries() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for i in range(MAX_ENTRIES + 1):
            package.writestr(f"media/{i}", b"")
    return out.getvalue()


def _without(part: str) -> bytes:
    """Generated: the real template with one part left out."""
    out = io.BytesIO()
    with zipfile.ZipFile(TEMPLATE) as source, zipfile.ZipFile(out, "w") as package:
        for info in source.infolist():
            if info.filename != part:
                package.writestr(info, source.read(info))
    return out.getvalue()


def _workbook() -> bytes:
    """Generated: an Excel workbook (openpyxl) saved under a .docx name."""
    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


def _with_document(xml: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("word/document.xml", xml)
    return out.getvalue()


_ENTITY = f"""<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"""
_MALFORMED = f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>未闭合</w:r></w:p></w:body>'

CASES = {
    "text.docx": (
        lambda _: "这是一段文字，不是 Word 文档".encode(),
        "不是有效的 DOCX 文件（不是 zip 压缩包）",
    ),
    "empty.docx": (lambda _: b"", "文件为空（0 字节），不是 DOCX"),
    "~$report.docx": (
        lambda _: b"\x0bAdministrator" + bytes(148),
        "是 Word 打开文档时生成的临时锁定文件（~$ 开头），不是报告",
    ),
    "download.docx": (
        lambda _: b"<!DOCTYPE html><html><body><h1>404</h1></body></html>",
        "文件名是 .docx，内容却是网页（HTML），可能是下载出错时保存的页面",
    ),
    "old.docx": (
        lambda _: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096),
        "是旧版 Word（.doc）格式或加密的文档，不是 DOCX，请在 Word 中另存为 .docx",
    ),
    "half.docx": (
        lambda _: TEMPLATE.read_bytes()[: TEMPLATE.stat().st_size // 2],
        "DOCX 文件已损坏或不完整（找不到 zip 目录，可能下载未完成）",
    ),
    "bomb.docx": (
        lambda _: _bomb(),
        f"DOCX 中的 word/document.xml 解压后过大（300 MB，超过 {MAX_PART_BYTES >> 20} MB 上限），拒绝读取",
    ),
    "lying.docx": (lambda _: _lying_bomb(), "DOCX 文件已损坏或不完整（zip 内容无法解压）"),
    "paragraph.docx": (
        lambda _: _one_huge_paragraph(),
        f"DOCX 正文中有一个段落或表格含 {MAX_BLOCK_ELEMENTS} 个以上 XML 元素，不像年度报告，拒绝读取",
    ),
    "long.docx": (
        _too_many_paragraphs,
        f"DOCX 正文超过 {MAX_PARAGRAPHS} 个段落，不像年度报告，拒绝读取",
    ),
    "entries.docx": (
        lambda _: _too_many_entries(),
        f"DOCX 压缩包内有 {MAX_ENTRIES + 1} 个条目，超过 {MAX_ENTRIES} 个上限，拒绝读取",
    ),
    "nobody.docx": (
        lambda _: _without("word/document.xml"),
        "不是 Word 文档（DOCX 压缩包中没有正文部分 word/document.xml）",
    ),
    "sheet.docx": (
        lambda _: _workbook(),
        "不是 Word 文档（主文档 xl/workbook.xml 不是 Word 正文，可能是 Excel、PowerPoint 或其他 Office 文件）",
    ),
    "entity.docx": (
        lambda _: _with_document(_ENTITY),
        "DOCX 正文含 DTD 声明（Word 从不写入，可能是恶意构造的文件），拒绝读取",
    ),
    "malformed.docx": (
        lambda _: _with_document(_MALFORMED),
        "DOCX 正文 XML 无法解析（Opening and ending tag mismatch: t line 1 and r, line 1, column 116）",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_bad_docx_is_one_error_record_and_one_line(run_dir, check_beside_seed, tmp_path, name):
    make, reason = CASES[name]
    (run_dir / name).write_bytes(make(tmp_path))
    run = check_beside_seed(run_dir / name)
    run.assert_unreadable(name, f"{run_dir / name}: {reason}")


def test_the_template_without_its_side_parts_is_still_read(run_dir, check_beside_seed):
    """Numbering and styles are optional: without them the body is read as it is."""
    (run_dir / "bare.docx").write_bytes(_without("word/styles.xml"))
    run = check_beside_seed(run_dir / "bare.docx")
    assert run.records["bare.docx"]["error"] is None
    assert run.errors_about("bare.docx") == []


def test_all_bad_docx_in_one_run_leave_a_real_docx_checked(run_dir, check_beside_seed, tmp_path):
    """Every bad DOCX and a GENERATED good one (seed 004 filled into the template) in the same
    run: each bad one is its own error record, the good one is checked and fails exactly as
    the seed does (three arithmetic failures)."""
    for name, (make, _) in CASES.items():
        (run_dir / name).write_bytes(make(tmp_path))
    good = seed_docx("004_21d53c8a3bf28510.txt", tmp_path)
    (run_dir / "filled.docx").write_bytes(good.read_bytes())
    run = check_beside_seed(*(run_dir / name for name in sorted(CASES)), run_dir / "filled.docx")
    assert {name: run.records[name]["verdict"] for name in CASES} == dict.fromkeys(CASES, "error")
    filled = run.records["filled.docx"]
    assert filled["verdict"] == "fail"
    failing = {f["instance"] for f in filled["findings"] if f["status"] == "fail"}
    assert {
        "T3.BALANCE[total]",
        "T3.ROW_TOTAL[unable_not_held]",
        "T3.ROW_TOTAL[results_total]",
    } <= failing
    assert run.code == 1
