"""What the parser and the rules do with the real layouts that used to give false verdicts.

Each test reads one real crawler dump from the pair set (``data/pairs``, the page's HTML cells
typed into ``pairs/truth``) and checks one behaviour on the exact place in it that needs it:
tables that prose opens or runs into, digit runs read jointly or in part, rows printed but
unread versus rows really absent, and headings worded or numbered freely.
"""

from __future__ import annotations

import json
from functools import cache

import gouji
from conftest import DATA, T3_COLUMNS, T4_COLUMNS
from gouji.engine import Engine
from gouji.model import Report

PAIRS = DATA / "pairs"
ENGINE = Engine()


@cache
def report(name: str) -> Report:
    return gouji.parse(PAIRS / f"{name}.txt")


@cache
def findings(name: str) -> dict:
    return {f.instance: f for f in ENGINE.check_report(report(name)).findings}


def truth(name: str) -> dict:
    return json.loads((PAIRS / "truth" / f"{name}.json").read_text(encoding="utf-8"))


def row(r: Report, table_row: str) -> tuple:
    return tuple(r.cells[f"t3.{table_row}.{c}"].value for c in T3_COLUMNS)


def t4(r: Report) -> list:
    blocks = ("review", "suit_direct", "suit_after_review")
    return [r.cells[f"t4.{b}.{c}"].value for b in blocks for c in T4_COLUMNS]


def codes(r: Report, key: str) -> set[str]:
    notes = {n.id: n for n in r.notes}
    return {notes[i].code for i in r.cells[key].notes}


# --- table boundaries (issue 12, item 3) ----------------------------------------------------


def test_prose_that_names_a_row_does_not_open_the_table():
    # 市场监督管理局 2025: section 一 says "…，结转下年度继续办理2件" long before the tables. It
    # used to open 表三 there, so neither 表二 nor 表三 was read at all.
    r = report("scj-2025")
    expected = truth("scj-2025")["t3"]
    for key in ("new", "granted", "denied_enforcement", "results_total", "carry_forward"):
        assert list(row(r, key)) == expected[key], key
    assert r.value("t2.penalty.decisions") == 187
    assert r.value("t2.coercion.decisions") == 42


def test_a_year_run_onto_the_last_digits_is_cut_and_noted():
    # "四、结转下年度继续办理20000022025年，我局共收到…": the next sentence's year is not a cell.
    r = report("scj-2025")
    assert row(r, "carry_forward") == (2, 0, 0, 0, 0, 0, 2)
    assert "digits.year_cut" in codes(r, "t3.carry_forward.total")
    assert r.value("t2.fees.amount") == 0  # "行政事业性收费02025年，我局…"
    assert "digits.year_cut" in codes(r, "t2.fees.amount")


def test_table_four_ends_where_its_prose_begins():
    # "…总计10000100000000000我局严格规范…。2025年，我局未发生…": the prose year is not 表四's.
    r = report("scj-2025")
    assert t4(r) == truth("scj-2025")["t4"]


def test_a_prose_year_before_table_four_headers_is_not_a_cell():
    # "四、…行政诉讼情况2022年，未有…行政复议行政诉讼结果维持…000000000000000".
    r = report("jjf-2022")
    assert t4(r) == [0] * 15


# --- unread is not absent (item 1) ------------------------------------------------------------


def test_a_printed_row_that_was_not_read_is_not_held_against_the_report():
    # 经济发展局 2024 prints "行政规范性文件1129": 1|1|29, 1|12|9 or 11|2|9 (the page says 1, 1, 29).
    r = report("jjf-2024")
    assert r.cells["t2.normative_docs.issued"].semantic == "absent"
    assert "digits.ambiguous" in codes(r, "t2.normative_docs.issued")
    f = findings("jjf-2024")["T2.COMPLETE[normative_docs.issued]"]
    assert (f.status, f.responsibility) == ("not_assessable", "extraction")
    assert "原文中没有" not in f.message


def test_a_row_really_missing_says_so_and_a_missing_rule_row_is_a_warning():
    # 金井片区管理局 2024: 表二 has no 规章 row at all (the bureau makes no 规章).
    r = report("jjp-2024")
    assert "table.rows_absent" in codes(r, "t2.regulations.issued")
    f = findings("jjp-2024")["T2.REGULATIONS_ROW[regulations.issued]"]
    assert (f.status, f.severity, f.responsibility) == ("fail", "warning", "source")
    assert "原文中没有" in f.message
    assert not any(
        f.status == "fail" and f.severity == "error" for f in findings("jjp-2024").values()
    )


def test_a_generic_label_is_printed_only_where_its_row_stands():
    # 海坛片区管理局 2023 prints （六）其他处理 as one row: "3.其他" is nowhere, though "其他" is in
    # the headers ("法人或其他组织", "其他结果"); the three rows are absent, not unread.
    r = report("htp-2023")
    for key in ("other_no_correction", "other_no_fee", "other_other"):
        assert codes(r, f"t3.{key}.total") == {"table.rows_absent"}, key
    assert findings("htp-2023")["T3.COMPLETE[other_other.total]"].status == "fail"


# --- joint solving (item 2) -------------------------------------------------------------------


def test_a_row_is_read_jointly_and_its_identities_are_not_reported_as_passed():
    # "（二）部分公开…110000011": 11|0|…|11 or 1|10|…|11 etc.; only 11,0,0,0,0,0,11 lets every
    # column of the results total hold.
    r = report("scj-2025")
    assert row(r, "partial") == (11, 0, 0, 0, 0, 0, 11)
    notes = {n.id: n for n in r.notes}
    (joint,) = [notes[i] for i in r.cells["t3.partial.total"].notes]
    assert joint.code == "digits.joint"
    assert "T3.RESULTS_TOTAL[natural]" in joint.assumes_identities
    assert findings("scj-2025")["T3.RESULTS_TOTAL[natural]"].status != "pass"


def test_an_identity_failing_under_every_split_rests_on_the_source():
    # 自然资源与生态环境局 2021: "（七）总计180 0 0 0 018" splits three ways; in every one the
    # 自然人 column's results (12 + 4) fall short of its total. The report is inconsistent there.
    r = report("zrz-2021")
    assert row(r, "results_total") == (18, 0, 0, 0, 0, 0, 18)
    f = findings("zrz-2021")["T3.RESULTS_TOTAL[natural]"]
    assert (f.status, f.responsibility) == ("fail", "source")
    assert ENGINE.check_report(r).verdict == "fail"


def test_a_block_no_split_satisfies_fails_and_the_rest_of_table_four_is_read():
    # 社会事业局 2024 "00202000001324015": blocks 1 and 2 read alike however block 3 is cut, and
    # block 3 (13+2+4+0 ≠ 15 on the page) fails whatever the cut.
    r = report("shs-2024")
    assert t4(r)[:10] == truth("shs-2024")["t4"][:10]
    assert t4(r)[10:] == [None] * 5
    f = findings("shs-2024")["T4.BLOCK_TOTAL[suit_after_review]"]
    assert (f.status, f.responsibility) == ("fail", "source")
    assert "候选" in f.message
    assert findings("shs-2024")["T4.COMPLETE[suit_after_review.total]"].status == "not_assessable"


def test_a_signed_change_in_a_run_together_2019_table():
    # 交通与建设局 2020 (2019 format): "行政事业性收费15-15" is 15 and -15, never 1 and 5;
    # "行政许可88-720" is 88, -72, 0 or 88, -7, 20: unread, not guessed.
    r = report("jtj-2020")
    assert (r.value("t2.fees.prev_items"), r.value("t2.fees.delta")) == (15, -15)
    assert r.cells["t2.licensing.delta"].semantic == "absent"
    assert "digits.ambiguous" in codes(r, "t2.licensing.delta")


# --- headings worded freely (item 5) ----------------------------------------------------------


def test_parts_titled_and_numbered_their_own_way():
    # 君山片区管理局 2025: "一、年度工作核心成效" is its 总体情况; "七、其他需说明事项" its last part.
    r = report("jsp-2025")
    sections = {s.key: s for s in r.sections}
    assert sections["sec.1"].title == "年度工作核心成效"
    assert (sections["sec.6"].title, sections["sec.6"].ordinal) == ("其他需说明事项", "七")
    assert [h.problem for h in r.stray_headings] == ["misnumbered"]
    assert all(
        f.status == "pass"
        for k, f in findings("jsp-2025").items()
        if k.startswith("SEC.") and f.severity == "error"
    )


# --- prose as evidence (item 2) ---------------------------------------------------------------


def test_counts_the_prose_states_choose_between_splits_and_are_not_then_checked_against_them():
    # 行政审批局 2024: "行政规范性文件15621" splits six ways; the text says "2024年，我局废止规范性
    # 文件6件，制定规范性文件15件", and only 15|6|21 agrees (the page's cells).
    r = report("hzs-2024")
    cells = [r.value(f"t2.normative_docs.{c}") for c in ("issued", "repealed", "in_force")]
    assert cells == truth("hzs-2024")["t2"]["normative_docs"] == [15, 6, 21]
    assert "digits.prose" in codes(r, "t2.normative_docs.issued")
    f = findings("hzs-2024")["TEXT.ACTIVE_DISCLOSURE[t2.normative_docs.issued@10]"]
    assert f.status == "not_assessable"


def test_information_items_counted_in_tiao_are_no_evidence():
    # 旅游与文化体育局 2022 "行政规范性文件9234" (9, 2, 34): the text's "政策、规范性文件信息2条" counts
    # published items, not documents made, and decides nothing.
    r = report("lyy-2022")
    assert r.cells["t2.normative_docs.issued"].semantic == "absent"
    assert "digits.ambiguous" in codes(r, "t2.normative_docs.issued")


# --- which format (item 3: no table from prose) -----------------------------------------------


def test_one_table_phrase_in_prose_does_not_make_a_2017_report_a_2019_one():
    # 平潭综合实验区 2017: free-form statistics, and "政府集中采购" once in its text.
    r = gouji.parse(DATA / "corpus" / "pingtan" / "syq-2017.txt")
    assert (r.year, r.edition) == (2017, "legacy")
    assert "edition.mismatch" not in {n.code for n in r.notes}
    assert ENGINE.check_report(r).verdict == "not_applicable"
