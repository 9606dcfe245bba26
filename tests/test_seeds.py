"""The five real seed reports, read exactly as shared/seeds/EXPECTED.md says.

Every one of the 1 000 expected cells is its own test: value and semantic (an explicit 0 is
``zero``; the eight lost rows of seed 003 are ``absent``, never 0).
"""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import SEEDS, assert_seed_cell, parsed, seed_expectations

CASES = [
    (name, key, value)
    for name, entry in seed_expectations().items()
    for key, value in entry["cells"].items()
]


def test_expectations_cover_all_cells():
    assert len(CASES) == 1000
    assert sum(1 for *_, v in CASES if v is not None) == 944


@pytest.mark.parametrize(("name", "key", "value"), CASES, ids=[f"{n[:3]}-{k}" for n, k, _ in CASES])
def test_seed_cell(name, key, value):
    cell = parsed(str(SEEDS / name)).cells[key]
    assert_seed_cell(cell, value)
    if value is not None:
        assert cell.loc is not None and cell.loc.line is not None


@pytest.mark.parametrize("name", sorted(seed_expectations()))
def test_seed_has_exactly_the_editions_cells(name):
    report = parsed(str(SEEDS / name))
    expected = seed_expectations()[name]
    assert report.edition == expected["edition"]
    assert report.year == expected["year"]
    assert set(report.cells) == set(expected["cells"])


@pytest.mark.parametrize(
    ("prefix", "issuer", "published"),
    [
        ("000", "托里县多拉特乡", None),
        ("001", "酉阳土家族苗族自治县清泉乡人民政府", None),
        ("002", "别斯托别乡", dt.date(2024, 1, 19)),
        ("003", "杏岭子乡", None),
        ("004", "额敏县额敏镇", None),
    ],
)
def test_seed_issuer_and_publication_date(seed_report, prefix, issuer, published):
    report = seed_report(prefix)
    assert report.issuer == issuer
    if published is None:
        assert report.published is None
    else:
        assert report.published.date == published
        assert report.published.source == "signature"


def test_seed_002_signed_by_the_township_government(seed_report):
    report = seed_report("002")
    assert report.signed_by == "新源县别斯托别乡人民政府"
    assert report.signed.raw == "2024年1月19日"
    assert report.signed.loc.line == 102


@pytest.mark.parametrize("prefix", ["000", "001", "002", "004"])
def test_seed_has_all_six_sections_in_order(seed_report, prefix):
    assert [s.key for s in seed_report(prefix).sections] == [f"sec.{i}" for i in range(1, 7)]


def test_seed_000_repeats_the_first_heading(seed_report):
    report = seed_report("000")
    duplicates = [h for h in report.stray_headings if h.problem == "duplicate"]
    assert len(duplicates) == 1
    assert duplicates[0].title == "总体情况"
    assert duplicates[0].resembles == "sec.1"
    assert duplicates[0].loc.line == 7
    assert report.section("sec.1").start_line == 3


def test_seed_001_section_five_is_an_accepted_variant(seed_report):
    sec5 = seed_report("001").section("sec.5")
    assert sec5.title == "当前存在的主要问题及下步改进措施"
    assert sec5.variant is True
    assert sec5.canonical_title == "存在的主要问题及改进情况"


def test_seed_001_web_residue_is_not_part_of_section_six(seed_report):
    sec6 = seed_report("001").section("sec.6")
    assert sec6.text == "本机关全年未发出收费通知书,未收取信息处理费。"


def test_seed_003_lacks_section_three_and_the_first_eight_rows(seed_report):
    report = seed_report("003")
    assert [s.key for s in report.sections] == ["sec.1", "sec.2", "sec.4", "sec.5", "sec.6"]
    absent = [n for n in report.notes if n.code == "table.rows_absent"]
    assert len(absent) == 1
    assert "t3.new.natural" in absent[0].refs and "t3.denied_third_party.total" in absent[0].refs
    assert "t3.denied_internal.total" not in absent[0].refs
    assert report.section("sec.6").text == "无"


def test_seed_003_header_typo_is_noted(seed_report):
    notes = [n for n in seed_report("003").notes if n.code == "header.variant"]
    assert [n.message for n in notes] == [
        "表二表头“本年度止件数”按“本年废止件数”理解（疑为错别字或变体）"
    ]


def test_seed_003_statistics_period(seed_report):
    period = seed_report("003").period
    assert (period.start, period.end) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))


@pytest.mark.parametrize("prefix", ["000", "002", "004"])
def test_old_label_for_normative_documents_is_a_noted_variant(seed_report, prefix):
    report = seed_report(prefix)
    cell = report.cells["t2.normative_docs.issued"]
    assert cell.label == "规范性文件"
    note = report.note(cell.notes[0])
    assert note.code == "label.variant"
    assert note.confidence < 1.0


def test_seed_002_wrapped_label_pushes_three_rows_to_eight_cells(seed_report):
    report = seed_report("002")
    shifted = [n for n in report.notes if n.code == "cells.shifted"]
    assert [n.refs[0] for n in shifted] == [
        "t3.other_other.natural",
        "t3.results_total.natural",
        "t3.carry_forward.natural",
    ]
    assert all(not n.assumes_identities for n in shifted)
    assert report.cells["t3.carry_forward.total"].notes == (shifted[2].id,)


def test_seed_002_variant_legal_label(seed_report):
    cell = seed_report("002").cells["t3.denied_law.natural"]
    assert cell.label == "2. 其他法律法规禁止公开"


def test_seed_004_renumbered_group_label_does_not_disturb_rows(seed_report):
    report = seed_report("004")
    assert report.cells["t3.denied_secret.natural"].label == "1.属于国家秘密"
    assert report.cells["t3.unable_not_held.natural"].value == 1
    assert report.cells["t3.unable_not_held.total"].value == 0


def test_seed_004_bookmark_residue_is_removed_from_text(seed_report):
    report = seed_report("004")
    assert all("[bookmark" not in s.text for s in report.sections)


def test_cells_carry_source_positions(seed_report):
    report = seed_report("001")
    cell = report.cells["t2.penalty.decisions"]
    assert (cell.loc.line, cell.raw, cell.label) == (25, "18", "行政处罚")
    line = (SEEDS / "001_1cfe7f294d98aa39.txt").read_text(encoding="utf-8").splitlines()[24]
    assert line[cell.loc.column - 1 :].startswith("18")


def test_identical_input_gives_identical_output():
    path = next(SEEDS.glob("002_*.txt"))
    import gouji

    assert gouji.parse(path).model_dump_json() == gouji.parse(path).model_dump_json()
