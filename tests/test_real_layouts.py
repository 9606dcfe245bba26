"""Real documents in the layouts the seeds do not cover.

- ``corpus/pingtan``: crawler dumps of one bureau's pages, whole body on one line and table cells
  run together without separators (REPORT-FORMAT.md §5 item 6). The expected cells below were
  read from the dumps by a person, not computed by gouji.
- ``extracted/huaian-2024.pypdf.txt``: the text layer of the real 淮安市 2024 PDF (§5 item 5):
  vertical group label one character per line, labels wrapped over up to three lines, a page
  marker inside 表三. Expected cells typed from the PDF; the corpus README's 表三 totals and 表四
  row agree with them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from conftest import CORPUS, EXTRACTED, HUAIAN, parsed

PINGTAN = CORPUS / "pingtan"

# Non-zero cells of each dump; every other 2021-format cell is an explicit 0.
PINGTAN_NONZERO = {
    "czj-2021.txt": {
        "t2.normative_docs.issued": 3,
        "t2.normative_docs.in_force": 3,
        "t2.fees.amount": 7816,
    },
    "czj-2022.txt": {
        "t2.normative_docs.issued": 8,
        "t2.normative_docs.in_force": 8,
        "t2.licensing.decisions": 5,
        "t2.fees.amount": Decimal("9116.36"),
        "t3.new.natural": 1,
        "t3.new.total": 1,
        "t3.partial.natural": 1,
        "t3.partial.total": 1,
        "t3.results_total.natural": 1,
        "t3.results_total.total": 1,
    },
    "czj-2023.txt": {
        "t2.normative_docs.in_force": 8,
        "t2.licensing.decisions": 1,
        "t2.fees.amount": Decimal("5949.09"),
    },
    "czj-2024.txt": {
        "t2.normative_docs.repealed": 2,
        "t2.normative_docs.in_force": 1,
        "t2.penalty.decisions": 1,
        "t2.fees.amount": Decimal("18651.064104"),
        "t3.new.natural": 2,
        "t3.new.total": 2,
        "t3.granted.natural": 1,
        "t3.granted.total": 1,
        "t3.unable_not_held.natural": 1,
        "t3.unable_not_held.total": 1,
        "t3.results_total.natural": 2,
        "t3.results_total.total": 2,
    },
}

PINGTAN_CASES = [
    (name, key)
    for name in PINGTAN_NONZERO
    for key in parsed(str(PINGTAN / name)).cells  # every canonical key of the edition
]


@pytest.mark.parametrize(
    ("name", "key"), PINGTAN_CASES, ids=[f"{n[4:8]}-{k}" for n, k in PINGTAN_CASES]
)
def test_pingtan_crawler_cell(name, key):
    cell = parsed(str(PINGTAN / name)).cells[key]
    expected = PINGTAN_NONZERO[name].get(key, 0)
    assert cell.value == expected
    assert cell.semantic == ("zero" if expected == 0 else "number")


def test_pingtan_has_two_hundred_cells_per_report():
    assert len(PINGTAN_CASES) == 4 * 200


def test_pingtan_digit_runs_are_split_by_column_count_not_arithmetic():
    report = parsed(str(PINGTAN / "czj-2024.txt"))
    cell = report.cells["t3.new.total"]
    note = report.note(cell.notes[-1])
    assert note.code == "digits.split"
    assert "20 0 0 0 02" in note.message
    assert note.assumes_identities == ()
    assert "t3.new.natural" in note.refs


def test_pingtan_split_digits_point_at_their_own_column():
    report = parsed(str(PINGTAN / "czj-2024.txt"))
    natural, commercial = report.cells["t3.new.natural"], report.cells["t3.new.commercial"]
    assert natural.loc.line == commercial.loc.line == 10
    assert commercial.loc.column == natural.loc.column + 1


def test_pingtan_metadata_and_publication_date():
    report = parsed(str(PINGTAN / "czj-2022.txt"))
    assert report.metadata["发布时间"] == "2023-01-05 10:14"
    assert report.published.date == dt.date(2023, 1, 5)
    assert report.published.source == "metadata"
    assert report.signed.date == dt.date(2023, 1, 4)
    assert report.title == "平潭综合实验区财政金融局2022年度 政府信息公开工作年度报告"
    assert report.issuer == "平潭综合实验区财政金融局"
    assert (report.period.start, report.period.end) == (dt.date(2022, 1, 1), dt.date(2022, 12, 31))


def test_pingtan_inline_headings_found_on_one_line():
    report = parsed(str(PINGTAN / "czj-2023.txt"))
    assert [s.key for s in report.sections] == [f"sec.{i}" for i in range(1, 7)]
    assert (
        report.section("sec.6").text
        == "2023年，无收取信息处理费情况。 平潭综合实验区财政金融局 2024年1月29日"
    )


def test_pingtan_2021_has_no_section_six():
    report = parsed(str(PINGTAN / "czj-2021.txt"))
    assert [s.key for s in report.sections] == [f"sec.{i}" for i in range(1, 6)]


def test_pingtan_2018_is_legacy_without_table_cells():
    report = parsed(str(PINGTAN / "czj-2018.txt"))
    assert report.year == 2018
    assert report.edition == "legacy"
    assert report.cells == {}
    assert any(n.code == "edition.legacy" for n in report.notes)


# --- 淮安 2024, PDF text layer -----------------------------------------------------------------


def test_huaian_expectations_agree_with_the_corpus_readme():
    assert len(HUAIAN) == 200
    assert (HUAIAN["t3.new.total"], HUAIAN["t3.carried_over.total"]) == (3119, 34)
    assert (HUAIAN["t3.results_total.total"], HUAIAN["t3.carry_forward.total"]) == (3050, 103)


@pytest.mark.parametrize("key", sorted(HUAIAN))
def test_huaian_pdf_text_cell(key):
    cell = parsed(str(EXTRACTED / "huaian-2024.pypdf.txt")).cells[key]
    assert cell.value == HUAIAN[key]
    assert cell.semantic == ("zero" if HUAIAN[key] == 0 else "number")


def test_huaian_pdf_text_metadata_and_sections():
    report = parsed(str(EXTRACTED / "huaian-2024.pypdf.txt"))
    assert report.issuer == "淮安市人民政府"
    assert report.year == 2024
    assert [s.key for s in report.sections] == [f"sec.{i}" for i in range(1, 7)]
    assert report.stray_headings == ()


def test_huaian_wrapped_labels_are_joined_and_noted():
    report = parsed(str(EXTRACTED / "huaian-2024.pypdf.txt"))
    cell = report.cells["t3.other_no_correction.total"]
    assert cell.label == "1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    assert report.note(cell.notes[0]).code == "label.wrapped"


def test_column_wise_pdf_extraction_never_yields_a_wrong_number():
    """pdfminer's default layout prints 表三 column by column, far from its labels: what cannot
    be placed must stay absent (with a note), and whatever is read must be right."""
    report = parsed(str(EXTRACTED / "huaian-2024.pdfminer.txt"))
    read = {k: c.value for k, c in report.cells.items() if c.semantic != "absent"}
    assert all(HUAIAN[k] == v for k, v in read.items()), read
    absent = [k for k, c in report.cells.items() if c.semantic == "absent"]
    assert absent
    assert all(report.cells[k].notes for k in absent if k.startswith("t3."))


# --- 淮安 2024, PDF → markdown converters ------------------------------------------------------
#
# What two real converters make of the same PDF (extracted/README.md): pymupdf4llm repeats merged
# cells once per column and writes Col2… headers; markitdown writes one little table per row
# group, labels on lines of their own, two columns' numbers in one cell. Before gouji learnt
# these shapes, a repeated label read 本年新收's numbers as 上年结转's (a wrong value) and
# positions borrowed from another little table misplaced values.

CONVERTED = ("huaian-2024.pymupdf4llm.md", "huaian-2024.markitdown.md")
CONVERTED_CASES = [(name, key) for name in CONVERTED for key in sorted(HUAIAN)]


@pytest.mark.parametrize(
    ("name", "key"), CONVERTED_CASES, ids=[f"{n.split('.')[1]}-{k}" for n, k in CONVERTED_CASES]
)
def test_huaian_converted_markdown_cell(name, key):
    cell = parsed(str(EXTRACTED / name)).cells[key]
    assert cell.value == HUAIAN[key]
    assert cell.semantic == ("zero" if HUAIAN[key] == 0 else "number")


@pytest.mark.parametrize("name", CONVERTED)
def test_huaian_converted_markdown_passes_the_national_arithmetic(name):
    from gouji import Engine

    record = Engine().check_report(parsed(str(EXTRACTED / name)))
    table_rules = ("T2.", "T3.", "T4.")
    failed = [
        f.instance for f in record.findings if f.status == "fail" and f.rule.startswith(table_rules)
    ]
    assert failed == []
    assert record.summary.errors == 0 and record.summary.unconfirmed == 0


def test_a_repeated_merged_label_is_one_label_not_the_next_row():
    report = parsed(str(EXTRACTED / "huaian-2024.pymupdf4llm.md"))
    new, carried = report.cells["t3.new.total"], report.cells["t3.carried_over.total"]
    assert (new.value, carried.value) == (3119, 34)
    assert new.label == "一、本年新收政府信息公开申请数量"


# --- 平潭 2019 and 2020: the 2019 format (国办公开办函〔2019〕60号), read from the tables --------
#
# Copied unchanged from the same public archive as the other dumps (see corpus/pingtan/README.md):
# czj-2019.txt runs every cell together; czj-2020.txt separates them with spaces.

PINGTAN_2019_T2 = {
    "czj-2020.txt": {
        "regulations": (0, 0, 0),
        "normative_docs": (6, 4, 11),
        "licensing": (0, 1, 0),
        "other_services": (0, 0, 0),
        "penalty": (0, 0, 0),
        "coercion": (0, 0, 0),
        "fees": (0, 0),
        "procurement": (2, 984361),
    },
    # "规范性文件1077", "行政处罚3500" and "政府集中采购2832995元" each split several ways into
    # their columns and no identity decides: those cells stay unread (None), never guessed.
    "czj-2019.txt": {
        "regulations": (0, 0, 0),
        "normative_docs": (None, None, None),
        "licensing": (3, 0, 0),
        "other_services": (0, 0, 0),
        "penalty": (None, None, None),
        "coercion": (0, 0, 0),
        "fees": (0, 0),
        "procurement": (None, None),
    },
}


@pytest.mark.parametrize("name", sorted(PINGTAN_2019_T2))
def test_2019_format_is_read_from_the_tables(name):
    report = parsed(str(PINGTAN / name))
    assert report.edition == "2019"
    assert report.edition_evidence.decided_by == "tables"
    assert "本年新制作数量" in report.edition_evidence.fingerprints
    assert len(report.cells) == 198


@pytest.mark.parametrize("name", sorted(PINGTAN_2019_T2))
def test_2019_format_table_two(name):
    report = parsed(str(PINGTAN / name))
    from gouji.vocabulary import vocabulary

    for row in vocabulary("2019").tables["t2"].rows:
        got = tuple(report.cells[k].value for k in row.cell_keys())
        assert got == PINGTAN_2019_T2[name][row.key], row.key


@pytest.mark.parametrize("name", sorted(PINGTAN_2019_T2))
def test_2019_format_tables_three_and_four_are_all_zero(name):
    report = parsed(str(PINGTAN / name))
    keys = [k for k in report.cells if k.startswith(("t3.", "t4."))]
    assert len(keys) == 23 * 7 + 15
    assert "t3.other.total" in keys and "t3.other_other.total" not in keys
    assert all(report.cells[k].value == 0 and report.cells[k].semantic == "zero" for k in keys)


def test_2019_ambiguous_digit_runs_are_reported_not_guessed():
    report = parsed(str(PINGTAN / "czj-2019.txt"))
    cell = report.cells["t2.normative_docs.made"]
    note = report.note(cell.notes[-1])
    assert (cell.semantic, cell.value) == ("absent", None)
    assert note.code == "digits.ambiguous"
    assert "1077" in note.message and note.confidence < 0.5


def test_2020_values_with_units_keep_their_raw_text():
    report = parsed(str(PINGTAN / "czj-2020.txt"))
    cell = report.cells["t2.procurement.amount"]
    assert (cell.value, cell.raw, cell.label) == (984361, "984361元", "政府集中采购")
