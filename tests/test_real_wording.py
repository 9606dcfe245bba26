"""Real wording that used to give false failures, and real defects the text rules now catch.

Each sentence is printed in a published report whose address is given (the search tool's copies
write ASCII punctuation for full-width; the full-width forms are restored, nothing else is
changed). A sentence the issue on false failures quotes without a source is marked as such and
is never presented as real. Table cells set in a test are the test's own, stated beside it.
"""

from __future__ import annotations

import pytest

from conftest import CORPUS, SEEDS
from gouji.api import parse
from gouji.engine import Engine
from gouji.model import Cell, Report
from gouji.read.metadata import _issuer
from gouji.text.claims import read_claims
from gouji.text.sentences import sentences
from gouji.text.totals import read_splits
from gouji.vocabulary import vocabulary

ENGINE = Engine()
PINGTAN = CORPUS / "pingtan"


def report_of(*lines: str, year: int | None = None, **cells: int) -> Report:
    """A report of the given lines (real text, with a heading where the test needs one), of
    ``year`` (its edition follows; 2024 when the text names none). Every table cell is an
    explicit 0, as in the rules' examples, except those named by keyword (``t3_new_total=1``,
    ``t3_carry_forward_total=1``)."""
    report = parse("\n".join(lines))
    year = year or report.year or 2024
    edition = "2021" if year >= 2021 else "2019"
    zero = {
        k: Cell(key=k, value=0, raw="0", semantic="zero") for k in vocabulary(edition).cell_keys
    }
    for name, v in cells.items():
        table, rest = name.split("_", 1)
        row, column = rest.rsplit("_", 1)
        key = f"{table}.{row}.{column}"
        zero[key] = Cell(key=key, value=v, raw=str(v), semantic="number" if v else "zero")
    update = {"is_report": True, "year": year, "edition": edition, "cells": zero}
    return report.model_copy(update=update)


def findings(report: Report, rule: str) -> list:
    return [f for f in ENGINE.check_report(report, passes="each").findings if f.rule == rule]


def failures(report: Report, rule: str) -> list[tuple[str, str]]:
    return [(f.instance, f.severity) for f in findings(report, rule) if f.status == "fail"]


# --- 六 and the 信息处理费 (SEC.PROCESSING_FEE) ---------------------------------------------

FEE_WORDINGS = [
    # 温州市鹿城区七都街道办事处 2024, the heldout set's H029
    "2024年，我街道累计收到依申请信息公开件6件，未因信息公开收取公民、法人和其他组织等任何费用。",
    # 团结乡 2020, http://xxgk.tongyu.gov.cn/zsjg/jgsw_98122/ndbg/202101/t20210129_890439.html
    "2020年，团结乡未收取任何政府信息公开费用。",
    # 金山镇人民政府 2019 (tests/test_section_headings.py gives the page)
    "全年未出现政府信息公开的收费及减免情况",
    # 舒城县招商局 2018, https://www.shucheng.gov.cn/public/column/6599201?type=3&action=detail&nav=3&title=2018
    "2018年度，没有单位或个人向我单位提出申请信息公开事项，所以也不存在向申请人收取费用。",
    # a township's 2017 report, https://tljq.gov.cn/openness/OpennessAnnualReport/show/2396.html
    "2017年我办对信息公开免费提供，未收取任何费用。",
    # 平潭综合实验区市场监督管理局 2024,
    # https://www.pingtan.gov.cn/zwgk/zfxxgk/dfbmptlj/ptzhsyqbm/ptzhsyqscj/zfxxgknb/202501/t20250127_97007.htm
    "本机关依申请提供政府信息，不收取费用。",
    # 平潭综合实验区社会事业局 2022 (corpus/pingtan/shs-2022.txt)
    "2022年度我局未产生信息公开处理费。",
    # 淮安市人民政府 2024 (corpus/huaian-2024.pdf)
    "2024 年，市政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费 3940 元。",
]


@pytest.mark.parametrize("wording", FEE_WORDINGS)
def test_real_ways_of_stating_the_fee(wording):
    report = report_of("六、其他需要报告的事项", wording, year=2024)
    (finding,) = findings(report, "SEC.PROCESSING_FEE")
    assert finding.status == "pass", finding.message


@pytest.mark.parametrize("name", ["czj-2019.txt", "czj-2020.txt"])
def test_fee_is_not_asked_of_the_2019_format(name):
    """The 2019 format's 六 has no note on the fee, and 国办函〔2020〕109号 took effect on
    2021-01-01: "六、其他需要报告的事项 无其他需要报告事项" was a warning in 2019 and 2020."""
    record = ENGINE.check(PINGTAN / name, passes="each")
    assert [
        f for f in record.findings if f.rule == "SEC.PROCESSING_FEE" and f.status == "fail"
    ] == []
    assert record.verdict == "pass"


def test_fee_failure_says_what_is_missing_without_a_regular_expression():
    """平潭 财政金融局 2019's 六 ("无其他需要报告事项。"), in a report of the 2021 format: the
    message names the section and what it leaves unsaid, in words."""
    report = report_of("六、其他需要报告的事项", "无其他需要报告事项。", year=2024)
    (finding,) = findings(report, "SEC.PROCESSING_FEE")
    assert finding.status == "fail"
    assert finding.message.startswith("“其他需要报告的事项”未说明是否收取信息处理费")
    assert "无其他需要报告事项" in finding.message
    assert "/" not in finding.message and "(?" not in finding.message and "|" not in finding.message


def test_a_section_rule_message_with_an_unknown_placeholder_is_a_rule_error():
    from gouji.dsl.errors import RuleError
    from gouji.dsl.rules import compile_text

    rule = (
        'rule SEC.X\n  title "t"\n  cite "c"\n  message "“{sectoin}”未说明"\n'
        "  require section sec.6 matches /费/\nend\n"
    )
    with pytest.raises(RuleError) as err:
        compile_text(rule, "x.rules")
    assert "sectoin" in str(err.value) and "{section}" in str(err.value)


# --- 总体情况's five aspects are the 2021 format's (TEXT.GENERAL_ASPECTS) ---------------------

# 湖口县大垅乡 2020, https://www.hukou.gov.cn/dlx/zfxxgknb_171215/202101/t20210116_4743388.html
DALONG_2020 = (
    "湖口县大垅乡2020年政府信息公开工作年度报告",
    "一、总体情况",
    "2020年，大垅乡严格按照《中华人民共和国政府信息公开条例》（以下简称《条例》）规定和县政府关于贯彻实施《条例》的统一安排部署，积极、有序、稳妥地推进信息公开的各项工作。根据县政府信息公开的有关要求，我乡明确一名副科级领导和一名专职工作人员负责信息公开工作，并完善相关工作制度规范，使政府信息公开工作职责进一步明确、责任进一步落实。截止2020年底，我乡政府信息公开工作运转正常。",
)


def test_general_aspects_are_not_asked_of_a_2020_report():
    """A notice before on this 2019-format report; now the rule is not run for it."""
    report = report_of(*DALONG_2020)
    assert (report.year, report.edition) == (2020, "2019")
    assert failures(report, "TEXT.GENERAL_ASPECTS") == []
    # the same text in a 2021-format report touches none of the five aspects (a notice)
    as_2021 = report_of(*DALONG_2020, year=2021)
    assert failures(as_2021, "TEXT.GENERAL_ASPECTS") == [
        (
            "TEXT.GENERAL_ASPECTS[主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障]",
            "info",
        )
    ]


# --- 条 counts information items, 件 applications (TEXT.APPLICATIONS) -------------------------


def test_information_items_in_a_whole_report_are_not_applications():
    """平潭 社会事业局 2022: "政府信息共510条，其中…依申请公开信息数317条，不予公开24条" counts
    documents; 表三 has 3 applications and no 不予公开. This was a warning (不予公开 24 ≠ 0)."""
    record = ENGINE.check(PINGTAN / "shs-2022.txt", passes="each")
    applications = [f for f in record.findings if f.rule == "TEXT.APPLICATIONS"]
    assert [f.status for f in applications] == ["pass"]
    assert record.verdict == "pass"


INFORMATION_SENTENCES = [
    # 平潭综合实验区社会事业局 2024,
    # https://www.pingtan.gov.cn/zwgk/zfxxgk/dfbmptlj/ptzhsyqbm/ptzhsyqshs/zfxxgknb/202501/t20250120_96777.htm
    (
        2024,
        "全年印发公文类政府信息共432条，其中主动公开信息数99条，依申请公开信息数311条，不予公开22条。",
    ),
    # 平潭综合实验区综合执法与应急管理局 2021,
    # https://www.pingtan.gov.cn/zwgk/zfxxgk/dfbmptlj/ptzhsyqbm/ptzhsyqzhz/zfxxgknb/202201/t20220114_80604.htm
    (
        2021,
        "2021年，共制作政府信息（文件）888份，其中主动公开489份、依申请公开及不予公开399份；立案查处各类违法行为并作出行政处罚决定836起，全部予以公开挂网。",
    ),
    # 湖里区人民政府 2018, http://www.huli.gov.cn/zwgk/zfxxgkzl/zfxxyjxndbg/201901/t20190111_182924.htm
    (
        2018,
        "2018年，共制作政府信息3021条，其中主动公开信息1027条，依申请公开信息459条，不予公开信息1535条。",
    ),
    # 北京市文化局 2009, https://xiexiebang.com/a11/2019051410/5b2b5225297985cb.html
    (
        2009,
        "2009年1月1日至2009年12月31日，我局主动公开信息734条，依申请公开信息12 条，不予公开信息27 条。",
    ),
    # seed 001 (酉阳县清泉乡 2024, the labelled set's L013); then the issue's own example
    # (no source given there)
    (2024, "2024年,我乡依申请公开政府信息1条,2023年结转政府信息公开申请0条。"),
    (2024, "收到申请后公开政府信息123条。"),
]


@pytest.mark.parametrize(("year", "text"), INFORMATION_SENTENCES, ids=lambda v: str(v)[:12])
def test_counts_of_information_are_never_application_counts(year, text):
    report = report_of(f"某单位{year}年政府信息公开工作年度报告", "一、总体情况", text)
    read = [
        (c.quantity, c.value)
        for s in sentences(report)
        for c in read_claims(s, year)
        if c.quantity not in ("carried_over", "review", "suits")
    ]
    assert read == []


def test_applications_counted_in_tiao_are_still_read():
    """The blind set's B003 (http://www.cnzh.gov.cn/news/detail/20240112114204946.html):
    "收到政府信息公开申请0条" counts applications."""
    report = report_of("一、总体情况", "2023年度收到政府信息公开申请0条。")
    report = report.model_copy(update={"year": 2023})
    assert [(c.quantity, c.value) for c in read_claims(sentences(report)[-1], 2023)] == [("new", 0)]


# --- totals the prose adds up itself (TEXT.PROSE_TOTALS) --------------------------------------

ADDING_UP = [
    # 长春市人民政府办公厅 2024, the blind set's B016 (受理: a notice at most; it adds up)
    (
        2024,
        "2024年，共受理政府信息公开申请95件，其中自然人申请89件，法人或其他组织申请6件。",
        "applicants",
    ),
    # 如东县人民政府办公室 2023,
    # http://www.rudong.gov.cn/rdxrmzf/zfxxgknb/content/a4ef1570-4339-4da8-946a-1af861aab40b.html
    (
        2023,
        "全年累计办理县政府依申请公开答复52件，其中予以公开及部分公开43件、因本机关不掌握相关情况等无法提供6件、信访举报投诉类申请及重复申请等不予处理3件。",
        "results",
    ),
    # 绥宁县人民政府 2025, the heldout set's H037
    (
        2025,
        "2025年共收到政府信息公开申请31件，其中线上办理26件，线下办理5件，严格执行《中华人民共和国政府信息公开条例》有关依申请公开的规定，依法办理政府信息公开申请件。",
        "channels",
    ),
]


@pytest.mark.parametrize(("year", "text", "kind"), ADDING_UP, ids=lambda v: str(v)[:12])
def test_real_totals_that_add_up_pass(year, text, kind):
    report = report_of(
        f"某单位{year}年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况", text
    )
    (split,) = read_splits(sentences(report)[-1], year)
    assert split.dimension == kind and split.total == sum(p.value for p in split.parts)
    statuses = [f.status for f in findings(report, "TEXT.PROSE_TOTALS")]
    assert statuses == ["pass"]


# The issue's examples of the defect (no source given there; not presented as real text).
ISSUE_TOTALS = [
    ("共收到申请34件，其中自然人申请20件、法人或其他组织申请10件。", "warning"),
    ("予以公开12件，部分公开3件，不予公开2件，共计18件。", "warning"),
    ("共受理申请34件，其中自然人申请20件、法人或其他组织申请10件。", "info"),
]


@pytest.mark.parametrize(("text", "severity"), ISSUE_TOTALS)
def test_totals_that_do_not_add_up(text, severity):
    report = report_of("三、收到和处理政府信息公开申请情况", text)
    (failure,) = failures(report, "TEXT.PROSE_TOTALS")
    assert failure[1] == severity


def test_a_partial_list_after_qizhong_may_leave_categories_out():
    """会泽县 2024 (blind set B023): 41 + 1 = 42, and with 其中 alone a shorter list is no error."""
    text = "2024年会泽县人民政府及县直部门共收到申请42件，其中自然人申请41件，科研机构申请1件，均在法定时限内依法依规办结，未引起行政复议或行政诉讼。"
    report = report_of("会泽县人民政府2024年政府信息公开工作年度报告", "一、总体情况", text)
    assert failures(report, "TEXT.PROSE_TOTALS") == []


# --- the applicant split against 表三's columns (TEXT.APPLICATIONS) ---------------------------

# 武汉市汉阳区人民政府办公室 2022, the blind set's B073
HANYANG = "2022年，区政府办公室共收到8份政府信息公开申请，均为自然人申请。"


def test_all_applicants_natural_persons_against_the_columns():
    """The cells are the test's: 8 applications, 6 from natural persons → the sentence fails."""
    lines = ("武汉市汉阳区人民政府办公室2022年政府信息公开工作年度报告", "一、总体情况", HANYANG)
    agrees = report_of(*lines, t3_new_natural=8, t3_new_commercial=0, t3_new_total=8)
    assert failures(agrees, "TEXT.APPLICATIONS") == []
    differs = report_of(*lines, t3_new_natural=6, t3_new_commercial=2, t3_new_total=8)
    assert failures(differs, "TEXT.APPLICATIONS") == [
        ("TEXT.APPLICATIONS[new:natural@3]", "warning")
    ]


def test_split_by_applicant_after_shouli_is_a_notice():
    """B016 (长春, 受理 95 = 89 + 6) against cells that fit neither 新收 nor 新收＋结转: a notice."""
    text = "2024年，共受理政府信息公开申请95件，其中自然人申请89件，法人或其他组织申请6件。"
    lines = ("长春市人民政府办公厅2024年政府信息公开工作年度报告", "一、总体情况", text)
    cells = {"t3_new_natural": 80, "t3_new_commercial": 15, "t3_new_total": 95}
    report = report_of(*lines, **cells, t3_carried_over_natural=0, t3_carried_over_total=0)
    got = dict(failures(report, "TEXT.APPLICATIONS"))
    assert got == {
        "TEXT.APPLICATIONS[accepted:natural@3]": "info",
        "TEXT.APPLICATIONS[accepted:orgs@3]": "info",
    }


def test_blank_applicant_columns_are_not_judged():
    """Many pages fill only the 总计 column: a blank 自然人 cell says nothing."""
    lines = ("武汉市汉阳区人民政府办公室2022年政府信息公开工作年度报告", "一、总体情况", HANYANG)
    report = report_of(*lines, t3_new_total=8)
    blank = Cell(key="t3.new.natural", raw="", semantic="blank")
    report = report.model_copy(update={"cells": {**report.cells, "t3.new.natural": blank}})
    statuses = {f.instance: f.status for f in findings(report, "TEXT.APPLICATIONS")}
    assert statuses["TEXT.APPLICATIONS[new:natural@3]"] == "not_assessable"


# --- "all closed" and "none received" against the table (TEXT.ALL_CLOSED, TEXT.APPLICATIONS) --


def test_all_closed_against_carry_forward():
    """湖口县大垅乡 2025 (W002), https://www.hukou.gov.cn/dlx/zfxxgknb_171215/202601/t20260109_7145985.html;
    and the issue's "均已按时办结" (no source given): both say every application was closed."""
    real = "通过信息公开平台收到申请0件，转办0件，本年度申请均全部办结。"
    for text in (real, "所有申请均已按时办结。"):
        report = report_of("三、收到和处理政府信息公开申请情况", text, t3_carry_forward_total=1)
        assert [s for _, s in failures(report, "TEXT.ALL_CLOSED")] == ["warning"], text
    timely = report_of(
        "三、收到和处理政府信息公开申请情况",
        "所有申请均在法定期限内答复。",
        t3_carry_forward_total=1,
    )
    assert failures(timely, "TEXT.ALL_CLOSED") == []


def test_none_received_against_table_three():
    """绥滨县连生乡 2025, https://www.suibin.gov.cn/suibinxianrenminzhengfu/cbcc5c9e6bb44ed8af5cd0785606f554/202601/85330.shtml
    ("未收到依申请公开事项"), against the test's 表三 with one application."""
    text = "2025年度，我乡未收到依申请公开事项。"
    lines = ("连生乡人民政府2025年政府信息公开工作年度报告", "一、总体情况", text)
    assert failures(report_of(*lines, t3_new_total=1), "TEXT.APPLICATIONS") == [
        ("TEXT.APPLICATIONS[new@3]", "warning")
    ]
    assert failures(report_of(*lines, t3_new_total=0), "TEXT.APPLICATIONS") == []


# --- the issuer from a title that starts with its year ----------------------------------------

TITLES = [
    # https://www.hukou.gov.cn/dlx/zfxxgknb_171215/202601/t20260109_7145985.html (as printed)
    ("2025湖口县大垅乡2025年度政府信息公开工作年度报告", "湖口县大垅乡"),
    # http://www.rudong.gov.cn/rdxrmzf/zfxxgknb/content/a4ef1570-4339-4da8-946a-1af861aab40b.html
    ("《2023年如东县人民政府办公室政府信息公开年度报告》", "如东县人民政府办公室"),
    # https://shanghai.gov.cn/nw12344/20230331/4a03b5fa47ae4c73b7ec42801de6be66.html
    ("2022年上海市政府信息公开工作年度报告", "上海市"),
    # 平潭综合实验区海坛片区管理局 2021 ("…管理局 关于" was read as the issuer, a 人民政府),
    # https://www.pingtan.gov.cn/zwgk/zfxxgk/dfbmptlj/ptzhsyqpq/ptzhsyqhtp/zfxxgknb/202201/t20220112_80599.htm
    (
        "平潭综合实验区海坛片区管理局 关于2021年度政府信息公开工作年度报告",
        "平潭综合实验区海坛片区管理局",
    ),
    # the issue's titles (no source given there)
    ("2019年上海市人民政府办公厅政府信息公开工作年度报告", "上海市人民政府办公厅"),
    ("2023年度沭阳县人民政府政府信息公开工作年度报告", "沭阳县人民政府"),
    # titles with the issuer first keep working (corpus/pingtan, seeds)
    ("平潭综合实验区财政金融局2024年度政府信息公开工作年度报告", "平潭综合实验区财政金融局"),
    ("别斯托别乡 2023 年度政府信息公开 工作年度报告", "别斯托别乡"),
    ("平潭综合实验区管委会2014年度政府信息公开工作年度报告", "平潭综合实验区管委会"),
]


@pytest.mark.parametrize(("title", "issuer"), TITLES)
def test_issuer_from_the_title(title, issuer):
    assert _issuer(title) == issuer


def test_issuer_of_a_report_whose_title_starts_with_the_year():
    report = parse("\n".join(["2023年度沭阳县人民政府政府信息公开工作年度报告", "一、总体情况"]))
    assert (report.issuer, report.year) == ("沭阳县人民政府", 2023)


def test_seed_issuers_unchanged():
    assert parse(next(SEEDS.glob("002_*.txt"))).issuer == "别斯托别乡"
