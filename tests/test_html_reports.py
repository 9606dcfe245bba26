"""HTML reports end to end (REPORT-FORMAT.md §5 item 4), on the generated fixtures in data/html.

The fixtures are generated for tests (each says so in its first comment): the national template's
tables with rowspan/colspan, seed 004's values, and zero cells left blank with &nbsp; as real
pages do. Blank must come back as ``blank`` — never as 0.
"""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import DATA, T3_COLUMNS, parsed, seed_expectations

HTML = DATA / "html"
PAGE = HTML / "county_page_gb2312.html"
SEED_004 = seed_expectations()["004_21d53c8a3bf28510.txt"]["cells"]

# Cells the fixtures leave blank (&nbsp;) instead of writing 0.
BLANK_T3 = {
    *(
        f"t3.carried_over.{c}"
        for c in ("commercial", "research", "nonprofit", "legal", "other_org")
    ),
    *(f"t3.denied_law.{c}" for c in T3_COLUMNS),
    *(
        f"t3.{r}.total"
        for r in (
            "rejected_petition",
            "rejected_repeat",
            "rejected_publication",
            "rejected_mass",
            "rejected_confirm",
        )
    ),
}
PAGE_T2 = {
    "t2.regulations.issued": 0,
    "t2.regulations.repealed": 0,
    "t2.regulations.in_force": 0,
    "t2.normative_docs.issued": 12,
    "t2.normative_docs.repealed": None,
    "t2.normative_docs.in_force": 35,
    "t2.licensing.decisions": 523,
    "t2.penalty.decisions": 18,
    "t2.coercion.decisions": 0,
    "t2.fees.amount": 0,
}
T4_COLUMNS = ("upheld", "corrected", "other", "pending", "total")
PAGE_T4 = {
    **dict(zip((f"t4.review.{c}" for c in T4_COLUMNS), (1, 0, 0, 1, 2), strict=True)),
    **dict(zip((f"t4.suit_direct.{c}" for c in T4_COLUMNS), (0, 0, 1, 0, 1), strict=True)),
    **dict(
        zip(
            (f"t4.suit_after_review.{c}" for c in T4_COLUMNS),
            (None, None, None, None, 0),
            strict=True,
        )
    ),
}


def expected_page() -> dict[str, int | None]:
    cells = {k: v for k, v in SEED_004.items() if k.startswith("t3.")}
    cells.update(dict.fromkeys(BLANK_T3))
    cells.update(PAGE_T2)
    cells.update(PAGE_T4)
    return cells


@pytest.mark.parametrize("key", sorted(expected_page()))
def test_county_page_cell(key):
    cell = parsed(str(PAGE)).cells[key]
    value = expected_page()[key]
    if value is None:
        assert (cell.semantic, cell.value, cell.raw) == ("blank", None, "")
    else:
        assert cell.value == value
        assert cell.semantic == ("zero" if value == 0 else "number")
    assert cell.loc.table is not None and cell.loc.row is not None and cell.loc.col is not None


def test_county_page_is_decoded_from_its_meta_charset():
    report = parsed(str(PAGE))
    assert report.encoding in ("gb2312", "gb18030", "gbk")
    assert report.input_kind == "html"


def test_county_page_metadata():
    report = parsed(str(PAGE))
    assert report.title == "额敏县额敏镇2024年政府信息公开工作年度报告"
    assert report.issuer == "额敏县额敏镇"
    assert report.published.date == dt.date(2025, 1, 19)
    assert report.published.source == "metadata"
    assert [s.key for s in report.sections] == [f"sec.{i}" for i in range(1, 7)]


def test_county_page_site_chrome_stays_out_of_sections():
    report = parsed(str(PAGE))
    text = "\n".join(s.text for s in report.sections)
    assert "扫一扫" not in text and "版权所有" not in text


def test_blank_cells_in_an_exact_grid_need_no_assumption():
    report = parsed(str(PAGE))
    cell = report.cells["t3.denied_law.total"]
    assert cell.semantic == "blank"
    assert cell.notes == ()


def test_bare_table_three_fragment():
    report = parsed(str(HTML / "t3_national_2021.html"))
    for key, value in SEED_004.items():
        if not key.startswith("t3."):
            continue
        cell = report.cells[key]
        if key in BLANK_T3:
            assert cell.semantic == "blank", key
        else:
            assert cell.value == value, key
    assert all(report.cells[k].semantic == "absent" for k in report.cells if k.startswith("t2."))
