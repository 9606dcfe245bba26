"""DOCX input: the WordprocessingML read as structure, merged cells placed on the template grid.

Three kinds of files are used, and each test says which:

- the real blank national template (``tests/data/corpus/template-2021.docx``, 国办公开办函〔2021〕
  30号), read as it is;
- GENERATED documents: that template filled with each seed's values by ``generated_docs`` —
  they must give exactly the seed's cells and the same verdicts as the seed's text file, also
  after LibreOffice has opened and saved them again (DOCX written by another producer);
- GENERATED minimal packages (``generated_docs.minimal_docx``), one WordprocessingML structure
  each: merges, nested tables, numbering, revisions, content controls, text boxes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import gouji
from conftest import CORPUS, SEEDS, assert_seed_cell, seed_expectations
from generated_docs import HEADINGS, minimal_docx, seed_docx, seed_names, template_places
from gouji import cli
from gouji.engine import Engine
from gouji.ingest import load_path
from gouji.ingest.document import Paragraph, Table

TEMPLATE = CORPUS / "template-2021.docx"


@pytest.fixture(scope="module")
def template() -> gouji.Report:
    return gouji.parse(TEMPLATE)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> dict[str, Path]:
    """The GENERATED DOCX of every seed (the template filled with its values)."""
    directory = tmp_path_factory.mktemp("generated-docx")
    return {name: seed_docx(name, directory) for name in seed_names()}


_PARSED: dict[str, gouji.Report] = {}


def _generated_report(generated: dict[str, Path], name: str) -> gouji.Report:
    if name not in _PARSED:
        _PARSED[name] = gouji.parse(generated[name])
    return _PARSED[name]


# --- the real blank template -----------------------------------------------------------------

PLACES = sorted(template_places().items())


def test_template_has_every_cell_of_the_2021_edition(template):
    assert template.input_kind == "docx"
    assert template.edition == "2021"
    assert template.edition_evidence.by_tables == "2021"
    assert set(template.cells) == set(template_places())
    assert len(template.cells) == 200


@pytest.mark.parametrize(("key", "place"), PLACES, ids=[k for k, _ in PLACES])
def test_template_cell_is_blank_at_its_place_on_the_grid(template, key, place):
    cell = template.cells[key]
    assert cell.semantic == "blank"
    assert cell.value is None
    assert (cell.loc.table, cell.loc.row, cell.loc.col) == place


def test_template_six_headings_are_found_as_printed(template):
    assert [s.key for s in template.sections] == list(HEADINGS)
    for section in template.sections:
        assert f"{section.ordinal}、{section.title}" == HEADINGS[section.key]
        assert section.variant is False
    assert template.stray_headings == ()
    assert template.section("sec.6").text == "（文字描述，收取信息处理费情况在此处报告。）"


def test_template_reads_without_assumptions(template):
    assert template.title == "政府信息公开工作年度报告格式模板"
    assert template.is_report
    assert template.notes == ()


def test_template_cell_location_names_table_row_and_column(template):
    loc = template.cells["t3.new.natural"].loc
    assert loc.describe().startswith("表格 2 第 4 行 第 4 列")
    assert loc.line is not None


def test_template_merged_cells_are_not_repeated():
    """表三's group label 三、本年度办理结果 spans 22 rows (``w:vMerge``): it is one grid cell."""
    tables = [b for b in load_path(TEMPLATE).blocks if isinstance(b, Table)]
    assert [t.layout for t in tables] == ["docx"] * 3
    texts = [c.text for row in tables[1].rows for c in row]
    assert texts.count("三、本年度办理结果") == 1
    assert texts.count("（三）不予公开") == 1
    assert texts.count("申请人情况") == 1
    header = tables[2].rows[1]  # 表四: five vMerge starts, then the two 行政诉讼 sub-blocks
    assert [(c.text, c.pos.col) for c in header] == [
        ("结果维持", 0),
        ("结果纠正", 1),
        ("其他结果", 2),
        ("尚未审结", 3),
        ("总计", 4),
        ("未经复议直接起诉", 5),
        ("复议后起诉", 10),
    ]
    assert tables[2].rows[2][0].pos.col == 5  # the continued cells of row 3 are not emitted


# --- GENERATED: the template filled with each seed's values ----------------------------------

CASES = [
    (name, key, value)
    for name, entry in seed_expectations().items()
    for key, value in entry["cells"].items()
]


@pytest.mark.parametrize(("name", "key", "value"), CASES, ids=[f"{n[:3]}-{k}" for n, k, _ in CASES])
def test_generated_docx_cell(generated, name, key, value):
    """Each cell of the GENERATED DOCX of a seed is exactly the seed's (absent rows absent)."""
    cell = _generated_report(generated, name).cells[key]
    assert_seed_cell(cell, value)
    if value is not None:
        assert cell.loc.table is not None and cell.loc.row is not None


@pytest.mark.parametrize("name", seed_names())
def test_generated_docx_has_exactly_the_editions_cells(generated, name):
    report = _generated_report(generated, name)
    expected = seed_expectations()[name]
    assert report.input_kind == "docx"
    assert report.edition == expected["edition"]
    assert report.year == expected["year"]
    assert set(report.cells) == set(expected["cells"])


@pytest.mark.parametrize("name", seed_names())
def test_generated_docx_has_the_seeds_metadata_and_sections(generated, name):
    docx = _generated_report(generated, name)
    text = gouji.parse(SEEDS / name)
    assert (docx.title, docx.issuer, docx.year) == (text.title, text.issuer, text.year)
    assert docx.signed_by == text.signed_by
    assert (docx.signed and docx.signed.date) == (text.signed and text.signed.date)
    assert [(s.key, s.title, s.text) for s in docx.sections] == [
        (s.key, s.title, s.text) for s in text.sections
    ]
    assert [(h.problem, h.title) for h in docx.stray_headings] == [
        (h.problem, h.title) for h in text.stray_headings
    ]


def _judged(record) -> dict[tuple[str, str], str]:
    """Findings by rule and instance; an instance naming a source line (``@12``) is compared
    without it, since a DOCX numbers paragraphs, not the lines of the seed's text."""
    return {(f.rule, re.sub(r"@\d+", "@", f.instance)): f.status for f in record.findings}


@pytest.mark.parametrize("name", seed_names())
def test_generated_docx_gets_the_same_verdicts_as_the_seed_text(generated, name):
    engine = Engine()
    from_docx = engine.check(generated[name])
    from_text = engine.check(SEEDS / name)
    assert from_docx.verdict == from_text.verdict
    assert _judged(from_docx) == _judged(from_text)


def test_generated_docx_of_seed_003_lost_rows_without_merge_notes(generated):
    notes = [n.code for n in _generated_report(generated, "003_4d52fde21a8cca17.txt").notes]
    assert notes == ["table.rows_absent"]


# --- GENERATED, then saved again by LibreOffice: DOCX from another producer ---------------------
#
# LibreOffice Writer writes its own WordprocessingML (its own merge markup, styles and run
# structure). Each GENERATED seed document is opened and saved as DOCX by ``soffice --headless``
# and must still read to exactly the seed's cells and verdicts. ``.ci/run`` installs LibreOffice,
# so under CI its absence fails; elsewhere the test is skipped with the reason.

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="module")
def resaved(generated, tmp_path_factory) -> dict[str, Path]:
    if SOFFICE is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is missing under CI: .ci/run installs it")
        pytest.skip("LibreOffice (soffice) is not installed here: the resaved-DOCX tests need it")
    directory = tmp_path_factory.mktemp("resaved-docx")
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(directory / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(directory),
            *map(str, generated.values()),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return {name: directory / path.name for name, path in generated.items()}


def _cells(report: gouji.Report) -> dict[str, tuple[object, str]]:
    return {key: (cell.value, cell.semantic) for key, cell in report.cells.items()}


@pytest.mark.parametrize("name", seed_names())
def test_docx_resaved_by_libreoffice_reads_to_the_seeds_cells(resaved, name):
    report = gouji.parse(resaved[name])
    expected = {
        key: (value, "absent" if value is None else "zero" if value == 0 else "number")
        for key, value in seed_expectations()[name]["cells"].items()
    }
    assert _cells(report) == expected
    text = gouji.parse(SEEDS / name)
    assert [(s.key, s.title, s.text) for s in report.sections] == [
        (s.key, s.title, s.text) for s in text.sections
    ]
    engine = Engine()
    assert _judged(engine.check_report(report)) == _judged(engine.check(SEEDS / name))


# --- entry points ------------------------------------------------------------------------------


def test_library_reads_docx_bytes_without_a_name():
    from_bytes = gouji.parse(TEMPLATE.read_bytes())
    from_path = gouji.parse(TEMPLATE)
    assert from_bytes.input_kind == "docx"
    assert from_bytes.source == "<bytes>"
    assert from_bytes.cells == from_path.cells


def test_library_check_takes_a_docx(generated):
    name = "004_21d53c8a3bf28510.txt"
    record = gouji.check(generated[name])
    assert record.verdict == "fail"
    failing = {f.instance for f in record.findings if f.status == "fail"}
    assert {"T3.BALANCE[total]", "T3.ROW_TOTAL[unable_not_held]"} <= failing


def test_cli_parse_prints_a_docx_as_json(capsys):
    assert cli.main(["parse", str(TEMPLATE), "--format", "json"]) == 0
    parsed = json.loads(capsys.readouterr().out)
    assert parsed["input_kind"] == "docx"
    assert parsed["cells"]["t3.new.natural"]["semantic"] == "blank"
    assert parsed["cells"]["t3.new.natural"]["loc"]["table"] == 1


def test_cli_check_finds_docx_files_in_a_directory(generated, tmp_path, capsys):
    (tmp_path / "a.docx").write_bytes(generated["001_1cfe7f294d98aa39.txt"].read_bytes())
    (tmp_path / "b.txt").write_bytes((SEEDS / "004_21d53c8a3bf28510.txt").read_bytes())
    assert cli.main(["check", str(tmp_path), "--format", "jsonl"]) == 1
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(Path(r["source"]).name, r["verdict"]) for r in records] == [
        ("a.docx", "pass"),
        ("b.txt", "fail"),
    ]


# --- GENERATED minimal packages: one structure each --------------------------------------------


def _p(text: str, extra: str = "") -> str:
    return f"<w:p>{extra}<w:r><w:t xml:space='preserve'>{text}</w:t></w:r></w:p>"


def _tc(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{_p(text)}</w:tc>"


def _table(*rows: str) -> str:
    return "<w:tbl>" + "".join(f"<w:tr>{r}</w:tr>" for r in rows) + "</w:tbl>"


def _blocks(tmp_path: Path, body: str, **kwargs):
    document = load_path(minimal_docx(tmp_path / "generated.docx", body, **kwargs))
    return document


def _grid(document) -> list[list[tuple[str, int]]]:
    table = next(b for b in document.blocks if isinstance(b, Table))
    return [[(c.text, c.pos.col) for c in row] for row in table.rows]


def test_grid_span_moves_the_next_cell_along(tmp_path):
    doc = _blocks(
        tmp_path,
        _table(
            _tc("申请人情况", "<w:gridSpan w:val='3'/>") + _tc("总计"),
            _tc("a") + _tc("b") + _tc("c") + _tc("1"),
        ),
    )
    assert _grid(doc) == [
        [("申请人情况", 0), ("总计", 3)],
        [("a", 0), ("b", 1), ("c", 2), ("1", 3)],
    ]
    assert doc.notes == []


def test_vertical_merge_is_one_cell_and_its_text_hidden_by_word_is_noted(tmp_path):
    doc = _blocks(
        tmp_path,
        _table(
            _tc("不予公开", "<w:vMerge w:val='restart'/>") + _tc("1.属于国家秘密") + _tc("0"),
            _tc("", "<w:vMerge/>") + _tc("2.其他法律行政法规禁止公开") + _tc("0"),
            _tc("残留", "<w:vMerge w:val='continue'/>") + _tc("3.危及") + _tc("0"),
        ),
    )
    assert _grid(doc) == [
        [("不予公开", 0), ("1.属于国家秘密", 1), ("0", 2)],
        [("2.其他法律行政法规禁止公开", 1), ("0", 2)],
        [("3.危及", 1), ("0", 2)],
    ]
    assert [(n.code, n.pos.row, n.pos.col) for n in doc.notes] == [("docx.vmerge_text", 2, 0)]
    assert "残留" in doc.notes[0].message


def test_vertical_merge_continuation_without_a_start_is_its_own_cell_with_a_note(tmp_path):
    doc = _blocks(tmp_path, _table(_tc("a") + _tc("b"), _tc("孤立", "<w:vMerge/>") + _tc("c")))
    assert _grid(doc) == [[("a", 0), ("b", 1)], [("孤立", 0), ("c", 1)]]
    assert [n.code for n in doc.notes] == ["docx.vmerge_orphan"]
    assert doc.notes[0].message.startswith("表格 1 第 2 行第 1 列")


def test_grid_before_and_legacy_horizontal_merge(tmp_path):
    doc = _blocks(
        tmp_path,
        _table(
            "<w:trPr><w:gridBefore w:val='2'/></w:trPr>" + _tc("x") + _tc("y"),
            _tc("合并", "<w:hMerge w:val='restart'/>") + _tc("", "<w:hMerge/>") + _tc("z"),
        ),
    )
    assert _grid(doc) == [[("x", 2), ("y", 3)], [("合并", 0), ("z", 2)]]


def test_body_order_and_paragraph_numbers_count_cell_paragraphs(tmp_path):
    doc = _blocks(tmp_path, _p("标题") + _table(_tc("a") + _tc("b")) + _p("") + _p("结尾"))
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Table", "Paragraph"]
    assert [b.pos.line for b in doc.blocks] == [1, 2, 5]
    assert [c.pos.line for c in doc.blocks[1].rows[0]] == [2, 3]


def test_cell_paragraphs_join_into_one_label(tmp_path):
    cell = "<w:tc>" + _p("（五）") + _p("不予") + _p("处理") + "</w:tc>"
    doc = _blocks(tmp_path, _table(cell + _tc("0")))
    assert _grid(doc) == [[("（五）不予处理", 0), ("0", 1)]]


def test_a_table_holding_a_table_is_layout_and_the_inner_one_is_data(tmp_path):
    inner = _table(_tc("规章") + _tc("3"))
    outer = f"<w:tbl><w:tr><w:tc>{_p('前言')}{inner}{_p('后记')}</w:tc></w:tr></w:tbl>"
    doc = _blocks(tmp_path, outer)
    assert [getattr(b, "text", None) for b in doc.blocks] == ["前言", None, "后记"]
    assert doc.blocks[1].index == 0
    assert _grid(doc) == [[("规章", 0), ("3", 1)]]
    assert [n.code for n in doc.notes] == ["docx.layout_table"]


def test_automatic_heading_numbers_are_rendered(tmp_path):
    numbering = (
        "<w:abstractNum w:abstractNumId='0'>"
        "<w:lvl w:ilvl='0'><w:start w:val='1'/><w:numFmt w:val='chineseCounting'/>"
        "<w:lvlText w:val='%1、'/></w:lvl>"
        "<w:lvl w:ilvl='1'><w:start w:val='1'/><w:numFmt w:val='chineseCounting'/>"
        "<w:lvlText w:val='（%2）'/></w:lvl></w:abstractNum>"
        "<w:num w:numId='1'><w:abstractNumId w:val='0'/></w:num>"
    )

    def numbered(text: str, level: int) -> str:
        props = f"<w:pPr><w:numPr><w:ilvl w:val='{level}'/><w:numId w:val='1'/></w:numPr></w:pPr>"
        return _p(text, props)

    body = (
        numbered("总体情况", 0)
        + numbered("主动公开", 1)
        + numbered("依申请公开", 1)
        + numbered("主动公开政府信息情况", 0)
        + numbered("规章", 1)
    )
    doc = _blocks(tmp_path, body, numbering=numbering)
    assert [b.text for b in doc.blocks] == [
        "一、总体情况",
        "（一）主动公开",
        "（二）依申请公开",
        "二、主动公开政府信息情况",
        "（一）规章",
    ]
    assert [n.code for n in doc.notes] == ["docx.numbering"]
    report = gouji.parse(tmp_path / "generated.docx")
    assert [(s.key, s.ordinal) for s in report.sections] == [("sec.1", "一"), ("sec.2", "二")]


def test_text_word_does_not_show_is_left_out(tmp_path):
    body = (
        "<w:p><w:r><w:t>本年</w:t></w:r><w:del><w:r><w:delText>旧</w:delText></w:r></w:del>"
        "<w:ins><w:r><w:t>新收</w:t></w:r></w:ins>"
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r></w:p>"
    )
    doc = _blocks(tmp_path, body)
    assert [b.text for b in doc.blocks] == ["本年新收"]
    assert [n.code for n in doc.notes] == ["docx.revisions", "docx.hidden_text"]


def test_content_controls_text_boxes_and_line_breaks_are_read(tmp_path):
    box = (
        "<w:r><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing><w:txbxContent>"
        f"{_p('文本框中的标题')}</w:txbxContent></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><w:txbxContent>{_p('文本框中的标题')}</w:txbxContent></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r>"
    )
    body = (
        f"<w:p>{box}</w:p>"
        f"<w:sdt><w:sdtContent>{_p('控件中的段落')}{_table(_tc('a') + _tc('1'))}</w:sdtContent></w:sdt>"
        "<w:p><w:r><w:t>新源县别斯托别乡人民政府</w:t><w:br/><w:t>2024年1月19日</w:t></w:r></w:p>"
    )
    doc = _blocks(tmp_path, body)
    texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert texts == ["文本框中的标题", "控件中的段落", "新源县别斯托别乡人民政府", "2024年1月19日"]
    assert _grid(doc) == [[("a", 0), ("1", 1)]]
    report = gouji.parse(tmp_path / "generated.docx")
    assert report.signed_by == "新源县别斯托别乡人民政府"
    assert report.signed.raw == "2024年1月19日"


def test_strict_ooxml_namespace_is_read(tmp_path):
    doc = _blocks(
        tmp_path, _p("一、总体情况"), namespace="http://purl.oclc.org/ooxml/wordprocessingml/main"
    )
    assert [b.text for b in doc.blocks] == ["一、总体情况"]


def test_an_empty_body_is_a_document_with_a_note(tmp_path):
    report = gouji.parse(minimal_docx(tmp_path / "empty.docx", ""))
    assert report.is_report is False
    assert "docx.empty" in [n.code for n in report.notes]


def test_a_docx_in_traditional_characters_is_converted_like_text(tmp_path):
    """GENERATED: a 繁體 report body — paragraphs and a table row — read in simplified form."""
    body = (
        _p("某縣人民政府2024年政府信息公開工作年度報告")
        + _p("一、總體情況")
        + _table(_tc("一、本年新收政府信息公開申請數量") + _tc("3"))
        + _p("四、政府信息公開行政復議、行政訴訟情況")
    )
    doc = _blocks(tmp_path, body)
    assert doc.blocks[0].text == "某县人民政府2024年政府信息公开工作年度报告"
    assert _grid(doc) == [[("一、本年新收政府信息公开申请数量", 0), ("3", 1)]]
    assert [n.code for n in doc.notes] == ["document.traditional"]
