"""The text rules' shortcuts change nothing (issue 14).

The detectors read each sentence once per report (``gouji.memo``) and skip a sentence or
clause that lacks the words a reader's patterns need (``gouji.text.prefilter``). Under
``prefilter.reference()`` neither shortcut is taken: every reader reads every sentence and
clause, and every detector reads the sentences itself. Both paths must give the same hits on
every real report, the same readings of every labelled sentence, and the same readings of
generated sentences made of real fragments and the trigger words themselves.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gouji
from conftest import CORPUS, DATA, EXTRACTED, SEEDS
from gouji import memo
from gouji.issuer import classify
from gouji.model import Report
from gouji.text import claims as claims_module
from gouji.text.claims import claims_of, read_claims
from gouji.text.detectors import DETECTORS
from gouji.text.disclosure import read_t2
from gouji.text.prefilter import reference
from gouji.text.sentences import Sentence, sentences
from gouji.text.shares import read_shares
from gouji.text.totals import applicant_claims, read_parts, read_splits
from real_reports import real_reports

EVAL = Path(__file__).parent.parent / "benchmarks" / "eval_text_rules.py"
SENTENCES = DATA / "sentences"


@cache
def _eval():
    spec = importlib.util.spec_from_file_location("eval_text_rules", EVAL)
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_text_rules"] = module
    spec.loader.exec_module(module)
    return module


def _real_paths() -> list[Path]:
    """Every real report: the list the real-report tests use, and every 平潭 dump and text
    extraction besides (2017, 2018, other bureaus)."""
    paths = [r.path for r in real_reports()]
    paths += sorted((CORPUS / "pingtan").glob("*.txt"))
    paths += sorted(EXTRACTED.glob("*.txt")) + sorted(SEEDS.glob("*.txt"))
    return sorted(set(paths))


def _hits(report: Report) -> dict[str, list]:
    """Every detector's hits on a fresh copy of ``report`` (nothing read before is reused)."""
    fresh = report.model_copy()
    issuer = classify(fresh)
    return {name: detector(fresh, issuer) for name, detector in DETECTORS.items()}


def _both(report: Report) -> tuple[dict[str, list], dict[str, list]]:
    with reference():
        slow = _hits(report)
    return _hits(report), slow


@pytest.mark.parametrize("path", _real_paths(), ids=lambda p: p.name)
def test_detectors_agree_with_the_reference_on_every_real_report(path):
    report = gouji.parse(path.read_bytes(), name=path.name)
    fast, slow = _both(report)
    assert fast == slow


def test_the_real_reports_give_hits_of_every_kind():
    """The comparison above is not vacuous: the real reports make every detector that reads
    sentence by sentence hit somewhere."""
    hit = set()
    for path in _real_paths():
        if path.suffix == ".txt":
            report = gouji.parse(path.read_bytes(), name=path.name)
            hit |= {name for name, hits in _hits(report).items() if hits}
    assert hit == set(DETECTORS)


def _readers(sentence: Sentence, year: int) -> dict[str, list]:
    """What every sentence reader makes of the sentence."""
    return {
        "claims": read_claims(sentence, year),
        "t2.2021": read_t2(sentence, year, "2021"),
        "t2.2019": read_t2(sentence, year, "2019"),
        "shares": read_shares(sentence, year),
        "parts": read_parts(sentence),
        "splits": read_splits(sentence, year),
        "applicants": applicant_claims(sentence, year),
    }


def _agree(sentence: Sentence, year: int) -> None:
    with reference():
        slow = _readers(sentence, year)
    assert _readers(sentence, year) == slow, sentence.text


def _items() -> list[dict]:
    return [
        json.loads(line)
        for path in sorted(SENTENCES.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def test_readers_and_detectors_agree_on_every_labelled_sentence_and_section():
    items = _items()
    assert len(items) > 300
    read = 0
    for item in items:
        if "heading" in item:
            report = _eval().section_report(item)
        else:
            report = _eval().sentence_report(item, carry_forward=1)
        fast, slow = _both(report)
        assert fast == slow, item["id"]
        for sentence in sentences(report):
            _agree(sentence, item["year"])
            read += bool(read_claims(sentence, item["year"]))
    assert read > 100


def _fragments() -> list[str]:
    """Clauses of the labelled sentences: real wording to build sentences from."""
    out: set[str] = set()
    for item in _items():
        out |= {c for c in re.split(r"[，,；;。\n]", item["text"]) if 2 <= len(c) <= 60}
    return sorted(out)


_WORDS = [
    "申请", "复议", "诉讼", "行政复议", "行政诉讼", "结转", "转结", "顺延", "延续", "转入",
    "办结", "答复", "办理完毕", "予以公开", "部分公开", "不予公开", "无法提供", "不予处理",
    "其他处理", "公开答复", "自然人", "法人或其他组织", "公民", "商业企业", "网上", "信函",
    "规范性文件", "规章", "行政许可", "行政处罚", "行政强制", "废止", "现行有效", "其中",
    "共计", "均为自然人", "均已办结", "所有申请", "未收到", "无", "下年度", "上年", "%", "％",
    "3件", "0件", "十二件", "两件", "50%", "2023年", "2024年", "本机关", "我乡", "辖区",
    "新源镇", "领导小组", "办公室", "收到", "受理", "件", "条",
    # numbers with and without units (COUNT_WORDS), as prose and as a dump's flattened table
    "2 件", "３件", "二十条", "1宗", "4笔", "5份", "6个", "2起", "3次", "为0", "为零", "0000000",
]  # fmt: skip
"""The trigger words and what the patterns expect around them."""
_PIECES = st.one_of(st.sampled_from(_WORDS), st.sampled_from(_WORDS), st.sampled_from(_fragments()))
"""Mostly trigger words, so that the rarer patterns are met; real clauses between them."""
_SENTENCES = st.lists(
    st.tuples(_PIECES, st.sampled_from(["", "", "，", "；", "、", "：", "（", "）"])),
    min_size=1,
    max_size=10,
).map(lambda parts: "".join(p + s for p, s in parts) + "。")


@settings(max_examples=1500, deadline=None)
@given(text=_SENTENCES, year=st.sampled_from([2019, 2020, 2022, 2023, 2024]))
def test_no_trigger_drops_a_reading_of_a_generated_sentence(text, year):
    for section in (None, "sec.4"):
        _agree(Sentence(text=text, section=section, marks=((0, 1, 1),), index=0), year)


@settings(max_examples=60, deadline=None)
@given(text=_SENTENCES, year=st.sampled_from([2020, 2023, 2024]))
def test_no_trigger_drops_a_hit_on_a_generated_report(text, year):
    item = {"id": "G", "year": year, "issuer": "托里县多拉特乡", "text": text}
    for carried in (0, 2):
        fast, slow = _both(_eval().sentence_report(item, carry_forward=carried))
        assert fast == slow


def _seed(prefix: str = "000") -> Report:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return gouji.parse(path.read_bytes(), name=path.name)


def test_each_sentence_is_read_once_per_report(monkeypatch):
    """``applications``, ``review_litigation`` and ``prose_totals`` share one reading of each
    sentence's counts."""
    calls: list[str] = []
    real = claims_module.read_claims

    def counting(sentence, year):
        calls.append(sentence.text)
        return real(sentence, year)

    monkeypatch.setattr(claims_module, "read_claims", counting)
    report = _seed()
    _hits(report)  # a fresh copy: read once
    assert sorted(calls) == sorted(s.text for s in sentences(report))


def test_readings_are_kept_per_report_and_only_for_a_few():
    """A copy of a report without its year is another report: its counts are read for it (and
    none can be, without a year), and only the last few reports' readings are kept."""
    report = _seed("004")
    later = report.model_copy(update={"year": None})
    for r in (report, later):
        with reference():
            expected = claims_of(r)
        assert claims_of(r) == expected
        assert claims_of(r) is claims_of(r)
    assert any(claims_of(report)) and not any(claims_of(later))
    for _ in range(3 * memo.LIMIT):
        claims_of(report.model_copy())
    assert memo.kept() <= memo.LIMIT


def test_readings_go_with_their_report():
    """A report's readings are freed when the report is, not while a later report is being
    checked: the entry is gone as soon as the caller lets the report go, and a report with the
    same identity later is read afresh."""
    report = _seed("004").model_copy()
    readings = claims_of(report)
    assert any(readings) and claims_of(report) is readings
    kept = memo.kept()
    del report
    assert memo.kept() == kept - 1
    again = _seed("004").model_copy()
    assert claims_of(again) == readings and claims_of(again) is not readings
