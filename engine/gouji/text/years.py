"""The 落款 date outside the year after the report year, and sentences that report the year's
own work under another year (REPORT-FORMAT.md §6:
"本单位2022年度…" in a 2023 report — a report copied from last year and not updated).

Reports name other years all the time, legitimately: last year's carried-over applications
("2023年结转申请0条"), last year's 决算, plans ("2025年，我乡将…"), comparisons ("较2023年"),
dates ("2024年1月19日"), titles of documents (《关于做好2023年…的通知》), spans ("2019年以来").
So a year is judged only where it is the time of the issuer's own work, in one of these shapes:

- the sentence opens (after a sub-heading, if any) with the year and the issuer acts or its
  statistics follow: "2022年，我乡…", "2022年度本机关…", "（二）主要类别2023年，在主动公开的…";
- the issuer's self-reference carries the year: "本机关2022年度…", "我局在2022年…";
- the report presents itself: "现将2022年度政府信息公开工作…报告如下", "编制2022年度…年度报告";

and the clause is not about the future, a comparison, a carried-over count or another period.
"""

from __future__ import annotations

import re

from ..issuer import IssuerClass
from ..model import Report
from .hits import Hit, quote, where
from .prefilter import holds, trigger
from .sentences import Sentence, sentences

_SELF = r"(?:我|本)(?:单位|机关|部门|乡|镇|街道|县|区|市|旗|局|委|办|厅|中心|院|所|站|队|处|署)"
_YEAR = r"(?P<year>(?:19|20)\d{2})\s*年(?:度)?"
_SHAPES = (
    re.compile(
        rf"^\s*(?:[（(][一二三四五六七八九十]{{1,2}}[）)][^，,。；;\d]{{0,20}}?)?{_YEAR}\s*[，,]?\s*"
        rf"(?:{_SELF}|(?:在|共|全年)?\s*(?:主动公开|收到|受理|新收|制发|办结|答复)(?!.*将))"
    ),
    re.compile(rf"{_SELF}\s*(?:在|于)?\s*{_YEAR}(?!\s*\d{{1,2}}\s*月)"),
    re.compile(
        rf"(?:现将|特将|编制(?:完成)?了?|形成|公布|发布)\s*(?:本单位|本机关)?\s*{_YEAR}\s*(?:政府信息公开|政务公开)"
    ),
)
_PLAN = re.compile(
    rf"^\s*(?:[（(][一二三四五六七八九十]{{1,2}}[）)][^，,。；;\d]{{0,20}}?)?{_YEAR}\s*[，,]?\s*{_SELF}"
    r"\s*将\s*(?:继续|进一步|坚持|持续|着力|努力|不断)"
)
"""A plan ("2021年，我局将继续…") dated to the report year itself: the plans of a report for year
Y are for Y+1, so this is last year's text left unchanged (平潭 2021: "（二）改进措施。2021年，我局
将坚持…", word for word the 2020 report's). 将 followed by one of these verbs is the future; "将政务
公开纳入考核" (将 = 把) is not read."""
_YEAR_WORDS = trigger(r"(?:19|20)\d{2}\s*年", needs="年")
"""What ``_PLAN`` and every one of ``_SHAPES`` need: a year."""
_FUTURE = re.compile(r"将|计划|拟|力争|预计|下一步|下步|明年|今后|争取")
_OTHER_PERIOD = re.compile(
    r"结转|以来|以前|之前|同期|同比|相比|较上|比上|较\s*(?:19|20)\d{2}|上年|上一年|去年|截至|截止|至今|"
    r"自\s*(?:19|20)\d{2}|从\s*(?:19|20)\d{2}|(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月|(?:19|20)\d{2}\s*[-—~至到]"
)


def _outside_titles(text: str, at: int) -> bool:
    """The position is not inside 《…》 or quotation marks (a document title names its own year)."""
    before = text[:at]
    return before.count("《") <= before.count("》") and before.count("“") <= before.count("”")


def wrong_years(report: Report, issuer: IssuerClass | None) -> list[Hit]:
    """A failing hit per sentence that dates the issuer's own work to another year."""
    if report.year is None:
        return [Hit(key="year", status="not_assessable", message="报告年度不明，无法检查正文年份")]
    hits: list[Hit] = []
    signed = report.signed
    if signed is not None and signed.date.year != report.year + 1:
        hits.append(
            Hit(
                key=f"落款{signed.date.year}",
                status="fail",
                message=(
                    f"落款日期“{signed.raw}”不在报告年度 {report.year} 的次年"
                    f"（年度报告应于 {report.year + 1} 年公布）"
                ),
                loc=signed.loc,
                expected=str(report.year + 1),
                actual=str(signed.date.year),
                reading=f"落款日期 {signed.date.isoformat()}",
            )
        )
    for sentence in sentences(report):
        hit = _judge(sentence, report.year)
        if hit is not None:
            hits.append(hit)
    return hits


def _judge(sentence: Sentence, year: int) -> Hit | None:
    text = sentence.text
    if not holds(_YEAR_WORDS, text):
        return None
    plan = _PLAN.search(text)
    if plan and int(plan["year"]) == year and _outside_titles(text, plan.start("year")):
        at = plan.start("year")
        return Hit(
            key=f"{year}@{sentence.loc(at).line}",
            status="fail",
            message=(
                f"{where(sentence, at)}{quote(sentence, at, at + 4)}把今后的打算写在 {year} 年，"
                f"而本报告是 {year} 年度的报告，打算应是 {year + 1} 年的；疑为沿用上一年度报告未改年份"
            ),
            loc=sentence.loc(at),
            expected=str(year + 1),
            actual=str(year),
            reading=f"本单位 {year} 年的打算（句式：本年度＋将＋继续/坚持…）",
        )
    for start, clause in _clauses_with_heads(text):
        for shape in _SHAPES:
            m = shape.search(clause)
            if m is None:
                continue
            stated = int(m["year"])
            at = start + m.start("year")
            if stated == year or not _outside_titles(text, at):
                continue
            if _FUTURE.search(clause) or _OTHER_PERIOD.search(clause):
                continue
            return Hit(
                key=f"{stated}@{sentence.loc(at).line}",
                status="fail",
                message=(
                    f"{where(sentence, at)}{quote(sentence, at, at + 4)}把本单位的工作写在 {stated} 年，"
                    f"而本报告是 {year} 年度的报告（标题），疑为沿用往年或他人报告未改年份"
                ),
                loc=sentence.loc(at),
                expected=str(year),
                actual=str(stated),
                reading=f"本单位 {stated} 年的工作（句式：{_describe(shape)}）",
            )
    return None


def _clauses_with_heads(text: str) -> list[tuple[int, str]]:
    """Each clause with its offset, plus the sentence itself from each clause start, so a year
    that opens the sentence ("2022年，我乡…") is read together with the subject after it."""
    out: list[tuple[int, str]] = []
    starts = [0] + [m.end() for m in re.finditer(r"[；;。]", text)]
    for s in starts:
        end = min([i for i in (text.find(ch, s) for ch in "；;。") if i != -1] or [len(text)])
        out.append((s, text[s:end]))
    return out


def _describe(shape: re.Pattern[str]) -> str:
    return {0: "句首年份＋本单位", 1: "本单位＋年份", 2: "报告自述年度"}[_SHAPES.index(shape)]
