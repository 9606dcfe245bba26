"""The text rules (issue 7) on real reports: exactly the text findings each seed and corpus file
must give, where they point, and the labelled sentences' precision."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, EXTRACTED, SEEDS
from gouji.dsl.errors import RuleError
from gouji.dsl.rules import compile_text
from gouji.engine import Engine
from gouji.text.numerals import number_value

ENGINE = Engine()
DATA = Path(__file__).parent / "data"
EVAL = Path(__file__).parent.parent / "benchmarks" / "eval_text_rules.py"


def text_failures(path: Path) -> dict[str, str]:
    record = ENGINE.check(path)
    return {
        f.instance: f.severity
        for f in record.findings
        if f.rule.startswith("TEXT.") and f.status == "fail"
    }


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("000", {"TEXT.SUBTOPIC[主动公开@9]": "info"}),
        ("001", {}),
        ("002", {"TEXT.OTHER_UNIT[新源镇@21]": "warning"}),
        ("003", {"TEXT.GENERAL_ASPECTS[依申请公开]": "info"}),
        ("004", {}),
    ],
)
def test_seed_text_findings(prefix, expected):
    assert text_failures(next(SEEDS.glob(f"{prefix}_*.txt"))) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("corpus/pingtan/czj-2019.txt", {}),
        ("corpus/pingtan/czj-2020.txt", {}),
        ("corpus/pingtan/czj-2021.txt", {}),
        ("corpus/pingtan/czj-2022.txt", {}),
        ("corpus/pingtan/czj-2023.txt", {}),
        ("corpus/pingtan/czj-2024.txt", {"TEXT.WRONG_YEAR[2023@10]": "warning"}),
        (
            "extracted/huaian-2024.pypdf.txt",
            {"TEXT.GENERAL_ASSESSMENT[工作考核、社会评议、责任追究]": "info"},
        ),
        (
            "html/county_page_gb2312.html",
            {"TEXT.GENERAL_ASPECTS[政府信息管理、政府信息公开平台建设、监督保障]": "info"},
        ),
        ("html/t3_national_2021.html", {}),
        ("html/t4_national_2021.html", {}),
    ],
)
def test_corpus_text_findings(name, expected):
    assert text_failures(DATA / name) == expected


def test_seed_002_names_the_other_town_at_its_line():
    record = ENGINE.check(next(SEEDS.glob("002_*.txt")))
    (finding,) = [f for f in record.findings if f.rule == "TEXT.OTHER_UNIT"]
    assert finding.status == "fail" and finding.actual == "新源镇"
    assert (finding.locations[0].line, finding.locations[0].column) == (21, 27)
    assert "新源镇下辖 11 个村" in finding.message and "别斯托别乡" in finding.message
    assert record.verdict == "warn"


def test_seed_004_chinese_numeral_agrees_with_the_table():
    record = ENGINE.check(next(SEEDS.glob("004_*.txt")))
    (finding,) = [f for f in record.findings if f.rule == "TEXT.APPLICATIONS"]
    assert finding.status == "pass"
    assert (finding.actual, finding.expected, finding.refs) == ("1", "1", ("t3.new.total",))
    assert finding.locations[0].line == 8


def test_pdf_text_sentence_across_lines_is_read_whole():
    record = ENGINE.check(EXTRACTED / "huaian-2024.pypdf.txt")
    read = {f.instance: f for f in record.findings if f.rule == "TEXT.APPLICATIONS"}
    assert read["TEXT.APPLICATIONS[carry_forward@30]"].actual == "103"
    assert read["TEXT.APPLICATIONS[carry_forward@30]"].status == "pass"
    assert read["TEXT.APPLICATIONS[accepted@29]"].status == "pass"


def test_counts_of_information_are_not_counts_of_applications():
    record = ENGINE.check(
        CORPUS / "pingtan" / "czj-2023.txt"
    )  # "依申请公开信息数354条", 0 applications
    applications = [f for f in record.findings if f.rule == "TEXT.APPLICATIONS"]
    assert [(f.status, f.actual) for f in applications] == [("pass", "0")]


@pytest.mark.parametrize(
    ("text", "value"),
    [("一", 1), ("两", 2), ("十", 10), ("十二", 12), ("二十", 20), ("一百零五", 105), ("12", 12),
     ("一二", None), ("件", None)],
)  # fmt: skip
def test_chinese_numerals(text, value):
    assert number_value(text) == value


def test_unknown_text_detector_is_a_rule_error_with_a_suggestion():
    rule = 'rule TEXT.X\n  title "t"\n  cite "c"\n  check text other_unit\nend\n'
    with pytest.raises(RuleError) as err:
        compile_text(rule, "x.rules")
    assert "未知的文本检查“other_unit”" in str(err.value)
    assert "other_units" in str(err.value)


def _evaluation():
    spec = importlib.util.spec_from_file_location("eval_text_rules", EVAL)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def test_labelled_sentences_are_real_and_cited():
    items = _evaluation().load()
    assert len(items) >= 100
    for item in items:
        source = item["source"]
        assert source.startswith("http") or (Path(__file__).parent.parent / source).is_file()


def test_no_text_rule_raises_a_false_alarm_on_the_labelled_sentences():
    scores = _evaluation().evaluate(_evaluation().load())
    for name, score in scores.items():
        assert score.fp == 0, (name, score.false_alarms)
    assert scores["TEXT.OTHER_UNIT"].tp == 1  # seed 002 新源镇
    assert scores["TEXT.APPLICATIONS"].tp >= 20
