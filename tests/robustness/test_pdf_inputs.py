"""PDF files that are not what they seem (issue 6 item 4).

Each case is checked beside a good report in one ``gouji check`` run (``check_beside_seed``
proves the folder was not touched, no traceback was printed and the good report's record is
unchanged); the bad file gets one record whose one finding says, in one line, what is wrong.
Every bad PDF here is generated from the real 淮安 2024 PDF or written by the test.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfWriter

from gouji.ingest.pdf import MAX_PAGES

REAL_PDF = Path(__file__).parent.parent / "data" / "corpus" / "huaian-2024.pdf"

ERROR_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>404 页面不存在</title></head>
<body><h1>抱歉，您访问的页面不存在</h1><p>请检查网址是否正确。</p></body></html>
""".encode()
"""What a government site serves for a moved attachment: saved under the report's .pdf name."""


def _encrypted() -> bytes:
    """Generated: the real PDF locked with an open password (pypdf, AES-128)."""
    writer = PdfWriter(clone_from=REAL_PDF)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _corrupt() -> bytes:
    """Generated: the real PDF's header and trailer around bytes that are no PDF objects."""
    real = REAL_PDF.read_bytes()
    return real[:9] + bytes(range(256)) * 64 + real[-40:]


def _damaged_tail() -> bytes:
    """Generated: the real PDF with its last 30 KB (the page tree's objects and the cross-
    reference table) lost, but an end-of-file marker still there."""
    return REAL_PDF.read_bytes()[:-30_000] + b"\n%%EOF\n"


CASES = {
    "download.pdf": (
        lambda: ERROR_PAGE,
        "文件名是 .pdf，内容却是网页（HTML），可能是下载出错时保存的页面",
    ),
    "locked.pdf": (_encrypted, "PDF 已加密，需要打开密码，无法读取"),
    "half.pdf": (
        lambda: REAL_PDF.read_bytes()[: REAL_PDF.stat().st_size // 2],
        "PDF 文件不完整（缺少文件结尾），可能下载中断或文件被截断",
    ),
    "empty.pdf": (lambda: b"", "文件为空（0 字节），不是 PDF"),
    "corrupt.pdf": (
        _corrupt,
        "PDF 文件已损坏，无法读取（PDFSyntaxError: No /Root object! - Is this really a PDF?）",
    ),
    "damaged.pdf": (_damaged_tail, "PDF 文件已损坏，无法读取（PSEOF: Unexpected EOF）"),
    "word.pdf": (
        lambda: b"PK\x03\x04" + bytes(200),
        "文件名是 .pdf，内容却不是 PDF（缺少 %PDF 文件头）",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_bad_pdf_is_one_error_record_and_one_line(run_dir, check_beside_seed, name):
    make, reason = CASES[name]
    (run_dir / name).write_bytes(make())
    run = check_beside_seed(run_dir / name)
    run.assert_unreadable(name, f"{run_dir / name}: {reason}")


def test_all_bad_pdfs_in_one_run_leave_the_real_pdf_checked(run_dir, check_beside_seed):
    """Every bad PDF and the real one in the same run: each bad one is its own error record,
    the real report is still checked and passes."""
    for name, (make, _) in CASES.items():
        (run_dir / name).write_bytes(make())
    (run_dir / "huaian.pdf").write_bytes(REAL_PDF.read_bytes())
    run = check_beside_seed(*(run_dir / name for name in sorted(CASES)), run_dir / "huaian.pdf")
    assert {name: run.records[name]["verdict"] for name in CASES} == dict.fromkeys(CASES, "error")
    assert run.records["huaian.pdf"]["verdict"] == "pass"
    assert run.code == 1


def test_a_scanned_pdf_is_one_finding_not_an_error(run_dir, check_beside_seed):
    """Generated: a page image saved as PDF (Pillow), as a scanner makes it."""
    page = Image.new("L", (595, 842), 255)
    page.paste(0, (80, 100, 515, 104))
    page.save(run_dir / "scan.pdf", "PDF", resolution=72)
    run = check_beside_seed(run_dir / "scan.pdf")
    record = run.records["scan.pdf"]
    assert record["verdict"] == "fail"
    assert record["error"] is None
    assert [(f["rule"], f["message"]) for f in record["findings"]] == [
        ("INPUT.NO_TEXT", "PDF 没有文字层（需要 OCR）：共 1 页，都是图片或空白页，无法读取报告内容")
    ]
    assert run.errors_about("scan.pdf") == []
    assert run.code == 1


def test_a_pdf_with_more_pages_than_any_report_is_refused(run_dir, check_beside_seed):
    """Generated: blank pages beyond ``MAX_PAGES`` (pypdf); refused before any page is read."""
    writer = PdfWriter()
    for _ in range(MAX_PAGES + 1):
        writer.add_blank_page(width=595, height=842)
    writer.write(run_dir / "long.pdf")
    run = check_beside_seed(run_dir / "long.pdf")
    message = (
        f"{run_dir / 'long.pdf'}: PDF 共 {MAX_PAGES + 1} 页，超过 {MAX_PAGES} 页上限，不像年度报告"
    )
    assert run.records["long.pdf"]["error"] == message
    assert run.code == 1
