"""PDF input (issue 6): the real 淮安市 2024 report read from its ruled tables, cell by cell.

``corpus/huaian-2024.pdf`` is the published PDF (a real file, unchanged). Its cells below were
read off the rendered pages by eye, independently of ``conftest.HUAIAN`` (typed earlier from the
same PDF by someone else); the two readings and the corpus README's totals are compared first.
The scanned-page PDF and the owner-password PDF are generated here, from the real file or from
a blank image, and say so.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from docx import Document as WordDocument
from docx.oxml import OxmlElement
from PIL import Image, ImageDraw
from pypdf import PdfWriter

import gouji
from conftest import (
    CORPUS,
    HUAIAN,
    SEEDS,
    T3_COLUMNS,
    T4_COLUMNS,
    assert_seed_cell,
    seed_expectations,
)
from generated_docs import print_to_pdf, seed_docx, seed_names
from gouji import cli
from gouji.engine import Engine
from gouji.ingest import load_bytes, load_path
from gouji.ingest.document import Document, Paragraph, Table
from gouji.ingest.pdf_layout import assemble
from gouji.ingest.pdf_pages import (
    MAX_DRAWING_OBJECTS,
    PageContent,
    RuledCell,
    RuledTable,
    TextLine,
    cell_text,
    join_wrapped,
)
from gouji.model import Report
from pdf_files import pdf_file

PDF = CORPUS / "huaian-2024.pdf"
ENGINE = Engine(plugins=False)

# 表二, as printed on pages 3 (第二十条第（一）（五）项) and 4 (第（六）（八）项).
T2_PRINTED = {
    "regulations": ((1, 0, 11), 3),
    "normative_docs": ((8, 26, 66), 3),
    "licensing": ((447228,), 3),
    "penalty": ((3985758,), 4),
    "coercion": ((88283,), 4),
    "fees": ((Decimal("96171.6"),), 4),
}
T2_KEYS = {
    "regulations": ("issued", "repealed", "in_force"),
    "normative_docs": ("issued", "repealed", "in_force"),
    "licensing": ("decisions",),
    "penalty": ("decisions",),
    "coercion": ("decisions",),
    "fees": ("amount",),
}

# 表三, row by row: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计; the page.
T3_PRINTED = {
    "new": ((3001, 53, 0, 0, 61, 4, 3119), 4),
    "carried_over": ((34, 0, 0, 0, 0, 0, 34), 4),
    "granted": ((1288, 21, 0, 0, 50, 3, 1362), 4),
    "partial": ((447, 7, 0, 0, 0, 0, 454), 4),
    "denied_secret": ((2, 0, 0, 0, 0, 0, 2), 4),
    "denied_law": ((30, 1, 0, 0, 0, 0, 31), 4),
    "denied_safety": ((5, 0, 0, 0, 0, 0, 5), 4),
    "denied_third_party": ((6, 0, 0, 0, 0, 0, 6), 4),
    "denied_internal": ((7, 1, 0, 0, 0, 0, 8), 4),
    "denied_process": ((12, 0, 0, 0, 0, 0, 12), 4),
    "denied_enforcement": ((9, 0, 0, 0, 0, 0, 9), 4),
    "denied_query": ((105, 0, 0, 0, 0, 0, 105), 4),
    "unable_not_held": ((746, 12, 0, 0, 10, 1, 769), 4),
    "unable_create": ((11, 0, 0, 0, 0, 0, 11), 5),
    "unable_unclear": ((1, 0, 0, 0, 0, 0, 1), 5),
    "rejected_petition": ((56, 6, 0, 0, 0, 0, 62), 5),
    "rejected_repeat": ((25, 0, 0, 0, 0, 0, 25), 5),
    "rejected_publication": ((0, 0, 0, 0, 0, 0, 0), 5),
    "rejected_mass": ((0, 0, 0, 0, 0, 0, 0), 5),
    "rejected_confirm": ((1, 0, 0, 0, 0, 0, 1), 5),
    "other_no_correction": ((67, 3, 0, 0, 1, 0, 71), 5),
    "other_no_fee": ((6, 0, 0, 0, 0, 0, 6), 5),
    "other_other": ((108, 2, 0, 0, 0, 0, 110), 5),
    "results_total": ((2932, 53, 0, 0, 61, 4, 3050), 5),
    "carry_forward": ((103, 0, 0, 0, 0, 0, 103), 5),
}

# 表四 (page 5): 结果维持, 结果纠正, 其他结果, 尚未审结, 总计 for each block.
T4_PRINTED = {
    "review": (72, 64, 178, 37, 351),
    "suit_direct": (13, 4, 8, 1, 26),
    "suit_after_review": (12, 1, 1, 6, 20),
}

EXPECTED: dict[str, tuple[int | Decimal, int]] = {
    **{
        f"t2.{row}.{col}": (value, page)
        for row, (values, page) in T2_PRINTED.items()
        for col, value in zip(T2_KEYS[row], values, strict=True)
    },
    **{
        f"t3.{row}.{col}": (value, page)
        for row, (values, page) in T3_PRINTED.items()
        for col, value in zip(T3_COLUMNS, values, strict=True)
    },
    **{
        f"t4.{block}.{col}": (value, 5)
        for block, values in T4_PRINTED.items()
        for col, value in zip(T4_COLUMNS, values, strict=True)
    },
}


@cache
def report() -> Report:
    """The real PDF, parsed once (reports are immutable)."""
    return gouji.parse(PDF)


# --- the expectations themselves ---------------------------------------------------------------


def test_expectations_cover_every_cell_and_agree_with_the_corpus_readme():
    assert len(EXPECTED) == 200
    t3 = {row: values for row, (values, _) in T3_PRINTED.items()}
    assert (t3["new"][-1], t3["carried_over"][-1]) == (3119, 34)
    assert (t3["results_total"][-1], t3["carry_forward"][-1]) == (3050, 103)
    assert T4_PRINTED == {
        "review": (72, 64, 178, 37, 351),
        "suit_direct": (13, 4, 8, 1, 26),
        "suit_after_review": (12, 1, 1, 6, 20),
    }


def test_two_independent_readings_of_the_pdf_agree():
    assert {key: value for key, (value, _) in EXPECTED.items()} == HUAIAN


# --- the real PDF ------------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_huaian_pdf_cell(key):
    value, page = EXPECTED[key]
    cell = report().cells[key]
    assert cell.value == value
    assert cell.semantic == ("zero" if value == 0 else "number")
    assert cell.loc is not None and cell.loc.page == page
    assert cell.notes == ()


def test_cell_locations_name_the_page_table_row_and_column():
    loc = report().cells["t3.new.total"].loc
    assert loc.describe() == "第 4 页，表格 2 第 4 行 第 10 列"
    # the row after the page break keeps counting in the joined table
    loc = report().cells["t3.unable_create.natural"].loc
    assert (loc.page, loc.table, loc.row, loc.col) == (5, 1, 16, 3)


def test_huaian_pdf_metadata_and_sections():
    parsed = report()
    assert parsed.input_kind == "pdf"
    assert parsed.is_report
    assert parsed.issuer == "淮安市人民政府"
    assert parsed.year == 2024
    assert parsed.edition == "2021"
    assert [s.key for s in parsed.sections] == [f"sec.{i}" for i in range(1, 7)]
    assert [s.loc.page for s in parsed.sections] == [1, 3, 4, 5, 5, 6]
    assert parsed.stray_headings == ()
    # no space glyphs between the digits and the Chinese: the gaps are the word processor's
    assert parsed.section("sec.6").text == (
        "2024年，市政府严格落实《政府信息公开信息处理费管理办法》，"
        "全年收取政府信息公开信息处理费3940元。"
    )


def test_the_only_notes_are_the_two_tables_joined_over_a_page_break():
    assert [(n.code, n.message) for n in report().notes] == [
        ("table.joined_pages", "表格跨页排版（第 3、4 页），已合并为一个表格"),
        ("table.joined_pages", "表格跨页排版（第 4、5 页），已合并为一个表格"),
    ]


def test_paragraphs_wrapped_over_lines_and_pages_are_joined():
    doc = load_path(PDF)
    texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    # the first paragraph of 一（一） starts on page 1 and ends on page 2, after "- 1 -"
    joined = next(t for t in texts if t.startswith("（一）主动公开情况。"))
    assert "“建设‘四最’一流营商环境高质量推进产业发展”" in joined
    assert joined.endswith("努力传递政府声音、宣传政策法规、回应舆论关切。")
    assert not any(t in ("- 1 -", "- 2 -", "- 6 -") for t in texts)  # page numbers are not text


def test_ruled_tables_are_exact_grids_joined_across_pages():
    doc = load_path(PDF)
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert [(t.layout, len(t.rows)) for t in tables] == [("pdf", 14), ("pdf", 28), ("pdf", 4)]
    t3 = tables[1]
    labels = [c.text for row in t3.rows for c in row if c.pos.col in (0, 1, 2) and c.text]
    # the vertical label, one character per line in the PDF, and wrapped labels read whole
    assert "三、本年度办理结果" in labels
    assert "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" in labels
    assert "1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请" in labels
    # the continuation on page 5 is placed on page 4's columns
    first_on_5 = next(row for row in t3.rows if row[0].pos.page == 5)
    assert [(c.text, c.pos.col) for c in first_on_5][-2:] == [("0", 8), ("11", 9)]


def test_huaian_pdf_passes_the_national_arithmetic():
    record = ENGINE.check(PDF)
    assert record.verdict == "pass"
    assert record.summary.errors == record.summary.warnings == 0
    identities = ("T3.BALANCE", "T3.RESULTS_TOTAL", "T3.ROW_TOTAL", "T4.BLOCK_TOTAL")
    held = {p.rule: (p.instances, p.extraction) for p in record.passed if p.rule in identities}
    assert held == {"T3.BALANCE": (7, 0), "T3.RESULTS_TOTAL": (7, 0), "T3.ROW_TOTAL": (25, 0)} | {
        "T4.BLOCK_TOTAL": (3, 0)
    }
    assert not [f for f in record.findings if f.rule in identities]
    # the PDF states no publication date: the deadline alone cannot be judged
    assert "PUB.DEADLINE" in {f.rule for f in record.findings if f.status == "not_assessable"}


def test_pdf_bytes_read_like_the_file():
    from_bytes = gouji.parse(PDF.read_bytes())
    assert from_bytes.input_kind == "pdf"
    assert {k: c.value for k, c in from_bytes.cells.items()} == {
        k: c.value for k, c in report().cells.items()
    }


def test_pdf_path_given_as_a_string_is_read():
    assert gouji.parse(str(PDF)).cells["t4.review.total"].value == 351


def test_library_check_takes_pdf_bytes():
    record = gouji.check(PDF.read_bytes())
    assert (record.source, record.verdict, record.summary.errors) == ("<bytes>", "pass", 0)


def test_cli_parse_prints_a_pdf_as_json_with_pages(capsys):
    assert cli.main(["parse", str(PDF), "--format", "json"]) == 0
    parsed = json.loads(capsys.readouterr().out)
    assert parsed["input_kind"] == "pdf"
    assert parsed["cells"]["t3.carry_forward.total"]["value"] == 103
    assert parsed["cells"]["t3.carry_forward.total"]["loc"]["page"] == 5


def test_cli_check_finds_pdf_files_in_a_directory(tmp_path, capsys):
    shutil.copyfile(PDF, tmp_path / "huaian.pdf")
    assert cli.main(["check", str(tmp_path), "--format", "jsonl"]) == 0
    (record,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (Path(record["source"]).name, record["verdict"]) == ("huaian.pdf", "pass")


# --- generated PDFs ------------------------------------------------------------------------------


def _scan(pages: int = 2) -> bytes:
    """Generated: a PDF of page images only (a scan), drawn with Pillow; no text layer."""
    images = []
    for n in range(pages):
        page = Image.new("RGB", (595, 842), "white")
        draw = ImageDraw.Draw(page)
        draw.rectangle((60, 80 + n * 10, 530, 400), outline="black", width=3)
        draw.line((60, 200, 530, 200), fill="black", width=2)
        images.append(page)
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=72, save_all=True, append_images=images[1:])
    return out.getvalue()


def test_pdf_without_text_layer_gives_exactly_one_finding(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(_scan())
    record = ENGINE.check(path)
    assert [(f.rule, f.status, f.severity) for f in record.findings] == [
        ("INPUT.NO_TEXT", "fail", "error")
    ]
    assert record.findings[0].title == "PDF 没有文字层（需要 OCR）"
    assert record.findings[0].message == (
        "PDF 没有文字层（需要 OCR）：共 2 页，都是图片或空白页，无法读取报告内容"
    )
    assert record.verdict == "fail"
    assert record.error is None
    assert len(record.notes) == 1


def test_pdf_without_text_layer_parses_to_an_empty_report(tmp_path):
    parsed = gouji.parse(_scan(1), name="scan.pdf")
    assert parsed.input_kind == "pdf"
    assert not parsed.is_report
    assert all(c.semantic == "absent" for c in parsed.cells.values())
    assert parsed.notes[0].code == "document.no_text_layer"


def test_pdf_locked_only_against_editing_is_read(tmp_path):
    """Generated: the real PDF encrypted with an owner password and an empty open password,
    as many published PDFs are; readers open it without asking, and so does gouji."""
    writer = PdfWriter(clone_from=PDF)
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    path = tmp_path / "locked.pdf"
    writer.write(path)
    parsed = gouji.parse(path)
    assert {k: c.value for k, c in parsed.cells.items()} == HUAIAN


# --- layout decisions on small page data ---------------------------------------------------------


def _cells(*texts: str, x: float = 70.0, width: float = 40.0) -> list[RuledCell]:
    return [RuledCell(t, i, x + i * width) for i, t in enumerate(texts)]


def test_a_table_continued_with_its_header_repeated_is_joined_once():
    """Two pages whose ruled tables share their edges, the second repeating the two header
    rows: one table, header rows once, a note saying so."""
    header = [_cells("项目", "数量", "合计"), _cells("", "甲", "乙")]
    first = RuledTable([*header, _cells("一", "1", "1")], 70, 500, 190, 780)
    second = RuledTable([*header, _cells("二", "2", "2")], 70, 80, 190, 200)
    pages = [
        PageContent(1, 595, 842, 10, 0, tables=[first]),
        PageContent(2, 595, 842, 10, 0, tables=[second]),
    ]
    doc = Document("t.pdf", "", "pdf", None)
    assemble(pages, doc)
    (table,) = doc.blocks
    assert [[c.text for c in row] for row in table.rows] == [
        ["项目", "数量", "合计"],
        ["", "甲", "乙"],
        ["一", "1", "1"],
        ["二", "2", "2"],
    ]
    assert [c.pos.page for c in table.rows[3]] == [2, 2, 2]
    assert [n.message for n in doc.notes] == [
        "表格跨页排版（第 1、2 页），已合并为一个表格，略去重复的表头 2 行"
    ]


def test_tables_with_text_between_them_are_not_joined():
    first = RuledTable([_cells("一", "1")], 70, 500, 150, 780)
    second = RuledTable([_cells("二", "2")], 70, 120, 150, 200)
    heading = TextLine("四、政府信息公开行政复议、行政诉讼情况", 90, 400, 80, 96, 16, False)
    pages = [
        PageContent(1, 595, 842, 10, 0, tables=[first]),
        PageContent(2, 595, 842, 10, 0, lines=[heading], tables=[second]),
    ]
    doc = Document("t.pdf", "", "pdf", None)
    assemble(pages, doc)
    assert [type(b).__name__ for b in doc.blocks] == ["Table", "Paragraph", "Table"]
    assert [b.index for b in doc.blocks if isinstance(b, Table)] == [0, 1]


def test_table_rows_without_ruling_lines_are_left_to_the_text_recovery():
    """Rows printed without ruling lines reach the page as lines with column-wide gaps: they
    are never joined into paragraphs, so each stays one row for the text-layout recovery."""
    rows = [
        TextLine("一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3", 70, 525, 100, 112, 12, True),
        TextLine("二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0", 70, 525, 114, 126, 12, True),
    ]
    doc = Document("t.pdf", "", "pdf", None)
    assemble([PageContent(1, 595, 842, 60, 0, lines=rows)], doc)
    assert [(b.text, b.pos.line, b.pos.page) for b in doc.blocks] == [
        ("一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3", 1, 1),
        ("二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0", 2, 1),
    ]


def test_wrapped_and_vertical_labels_join_without_spaces():
    assert cell_text(["三、", "本", "年", "度", "办", "理", "结", "果"]) == "三、本年度办理结果"
    assert cell_text(["结 果", "维持"]) == "结果维持"
    assert cell_text(["本年收费金额（单位：", "万元）"]) == "本年收费金额（单位：万元）"
    # prose keeps the spaces the page has; a wrap between Latin words is one
    assert join_wrapped(["别斯托别乡 2023 年度政府信息公开 工作", "年度报告"]) == (
        "别斯托别乡 2023 年度政府信息公开 工作年度报告"
    )
    assert join_wrapped(["Page", "one"]) == "Page one"


# --- GENERATED: seed documents printed to PDF by LibreOffice -------------------------------------
#
# Each seed's values filled into the blank national template (``generated_docs.seed_docx``) and
# printed with ``soffice --headless --convert-to pdf``: the PDFs are GENERATED, not published
# files. They must read to exactly the seed's cells, with the seed text's metadata, sections and
# verdicts. LibreOffice is needed: ``.ci/run`` installs it, so under CI its absence fails.

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _print_pdfs(documents: list[Path], directory: Path) -> None:
    if SOFFICE is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is missing under CI: .ci/run installs it")
        pytest.skip("LibreOffice (soffice) is not installed here: the printed-PDF tests need it")
    print_to_pdf(documents, directory, SOFFICE)


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, Path]:
    """GENERATED: every seed's filled template, printed to PDF by LibreOffice."""
    directory = tmp_path_factory.mktemp("printed-pdf")
    documents = {name: seed_docx(name, directory) for name in seed_names()}
    _print_pdfs(list(documents.values()), directory)
    return {name: doc.with_suffix(".pdf") for name, doc in documents.items()}


_PRINTED: dict[Path, Report] = {}


def _printed_report(path: Path) -> Report:
    if path not in _PRINTED:
        _PRINTED[path] = gouji.parse(path)
    return _PRINTED[path]


SEED_CELLS = [
    (name, key, value)
    for name, entry in seed_expectations().items()
    for key, value in entry["cells"].items()
]


@pytest.mark.parametrize(
    ("name", "key", "value"), SEED_CELLS, ids=[f"{n[:3]}-{k}" for n, k, _ in SEED_CELLS]
)
def test_printed_pdf_cell(printed, name, key, value):
    """Each cell of the GENERATED PDF of a seed is exactly the seed's (absent rows absent)."""
    cell = _printed_report(printed[name]).cells[key]
    assert_seed_cell(cell, value)
    if value is not None:
        assert cell.loc.page is not None and cell.loc.table is not None


@pytest.mark.parametrize("name", seed_names())
def test_printed_pdf_has_the_seeds_metadata_and_sections(printed, name):
    pdf = _printed_report(printed[name])
    text = gouji.parse(SEEDS / name)
    assert pdf.input_kind == "pdf"
    assert set(pdf.cells) == set(text.cells)
    assert (pdf.title, pdf.issuer, pdf.year, pdf.edition) == (
        text.title,
        text.issuer,
        text.year,
        text.edition,
    )
    assert (pdf.signed_by, pdf.signed and pdf.signed.date) == (
        text.signed_by,
        text.signed and text.signed.date,
    )
    assert [(s.key, s.title, s.text) for s in pdf.sections] == [
        (s.key, s.title, s.text) for s in text.sections
    ]


def _judged(record) -> dict[tuple[str, str], str]:
    """Findings by rule and instance, an instance's source line (``@12``) left out: the PDF
    numbers its own lines."""
    return {(f.rule, re.sub(r"@\d+", "@", f.instance)): f.status for f in record.findings}


@pytest.mark.parametrize("name", seed_names())
def test_printed_pdf_gets_the_same_verdicts_as_the_seed_text(printed, name):
    from_pdf = ENGINE.check(printed[name])
    from_text = ENGINE.check(SEEDS / name)
    assert from_pdf.verdict == from_text.verdict
    assert _judged(from_pdf) == _judged(from_text)


def test_printed_table_with_repeated_header_rows_is_joined_once(tmp_path):
    """GENERATED: seed 001's filled template with 表三's three header rows marked to repeat on
    every page (``w:tblHeader``), printed: the header printed again on the next page is dropped
    and the cells are still exactly the seed's."""
    name = "001_1cfe7f294d98aa39.txt"
    document = seed_docx(name, tmp_path)
    word = WordDocument(str(document))
    for tr in word.tables[1]._tbl.tr_lst[:3]:
        tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    word.save(str(document))
    _print_pdfs([document], tmp_path)
    parsed = gouji.parse(document.with_suffix(".pdf"))
    expected = seed_expectations()[name]["cells"]
    assert {k: c.value for k, c in parsed.cells.items()} == {
        k: Decimal(str(v)) for k, v in expected.items()
    }
    joined = [n.message for n in parsed.notes if n.code == "table.joined_pages"]
    assert any(m.endswith("已合并为一个表格，略去重复的表头 3 行") for m in joined), joined


def test_text_printed_to_pdf_without_ruling_lines_is_never_misread(tmp_path):
    """GENERATED: each seed's text file printed to PDF by LibreOffice — its tables have no
    ruling lines, so the text-layout recovery reads them. Whatever is read is the seed's value;
    what cannot be placed stays absent with a note saying why."""
    copies = []
    for name in seed_names():
        copies.append(tmp_path / name)
        shutil.copyfile(SEEDS / name, copies[-1])
    _print_pdfs(copies, tmp_path)
    exact = set()
    for name in seed_names():
        parsed = gouji.parse(tmp_path / name.replace(".txt", ".pdf"))
        assert parsed.input_kind == "pdf"
        blocks = load_path(tmp_path / name.replace(".txt", ".pdf")).blocks
        assert not any(isinstance(b, Table) and b.layout == "pdf" for b in blocks)
        for key, value in seed_expectations()[name]["cells"].items():
            cell = parsed.cells[key]
            if cell.semantic == "absent":
                assert value is None or cell.notes, (name, key)
            else:
                assert cell.value == Decimal(str(value)), (name, key)
        if all(
            (c.value is None) == (seed_expectations()[name]["cells"][k] is None)
            for k, c in parsed.cells.items()
        ):
            exact.add(name[:3])
    assert {"000", "002", "004"} <= exact


def _hand_built_pdf(content: bytes) -> bytes:
    """GENERATED: a one-page PDF written byte by byte around ``content`` (a page content stream
    using Helvetica as /F1), with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return pdf_file(objects, version=b"1.4")


def test_a_page_of_heavy_drawing_is_read_as_text_without_looking_for_tables():
    """GENERATED: one line of text over more drawn lines than any table has."""
    strokes = b"".join(
        b"%d %d m %d %d l S\n" % (50 + i % 400, 100 + i % 500, 60 + i % 400, 110 + i % 500)
        for i in range(MAX_DRAWING_OBJECTS + 1)
    )
    data = _hand_built_pdf(b"BT /F1 12 Tf 72 780 Td (Annual report 2024) Tj ET\n" + strokes)
    doc = load_bytes(data, name="drawing.pdf")
    assert [b.text for b in doc.blocks] == ["Annual report 2024"]
    assert [(n.code, n.pos.page) for n in doc.notes] == [("document.page_drawing", 1)]
