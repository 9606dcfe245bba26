"""What 一、总体情况 talks about (REPORT-FORMAT.md §2; 国办公开办函〔2021〕30号).

The format asks 总体情况 to cover 主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障,
and a 人民政府's report to state 工作考核、社会评议和责任追究结果情况 (条例 第五十条). Whether a
passage "covers" a topic is a judgement on wording, so these are notices: a topic with none of
its words, or a sub-topic heading whose text speaks only of another topic (seed 000's
"（一）主动公开政府信息方面" says only that no application was received).
"""

from __future__ import annotations

import re

from ..issuer import IssuerClass
from ..model import Report
from .hits import Hit, quote, where
from .sentences import Sentence, sentences

_ASPECTS = (
    ("主动公开", re.compile(r"主动公开|主动公示|主动发布")),
    ("依申请公开", re.compile(r"依申请|申请")),
    (
        "政府信息管理",
        re.compile(r"管理|审核|审查|审批|签批|把关|保密|三审|发布流程|动态调整|公开属性"),
    ),
    (
        "政府信息公开平台建设",
        re.compile(r"平台|网站|公开栏|专栏|新媒体|公众号|专区|门户|网页|查阅"),
    ),
    (
        "监督保障",
        re.compile(
            r"监督|保障|考核|考评|培训|督|评议|问责|责任追究|领导小组|组织领导|责任制|目标管理"
        ),
    ),
)
_ASSESSMENT = (
    ("工作考核", re.compile(r"考核|考评|绩效")),
    ("社会评议", re.compile(r"评议|满意度|群众评价|社会评价|意见建议|征求意见")),
    ("责任追究", re.compile(r"责任追究|问责|追责|追究责任")),
)
_SECTION_LIST = re.compile(r"主动公开政府信息情况.{0,20}收到和处理")
"""A sentence listing the report's own parts says nothing about any topic."""
_RIGHTS = re.compile(
    r"(?:保障|维护|满足|尊重)[^，。；]{0,16}?(?:知情权|参与权|表达权|监督权)"
    r"(?:[和、及与]?(?:知情权|参与权|表达权|监督权))*"
)
""""保障人民群众的知情权、参与权和监督权": the public's rights, a stock phrase, not 监督保障."""

_SUBHEADING = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十][）)]|\d{1,2}\s*[.、．])\s*(?P<title>[^。，,；;]{2,28}?)"
    r"(?:方面|情况|工作)?\s*[。.：:]?\s*$"
)
_TOPICS = {
    "主动公开": (
        re.compile(r"主动公开"),
        re.compile(
            r"主动公开|发布|公开了|公开.{0,8}(?:条|件|信息|文件)|公示|公布|解读|专栏|网站|公开栏"
        ),
        re.compile(r"收到.{0,12}申请|依申请|申请政府信息|行政复议|行政诉讼"),
    ),
    "依申请公开": (
        re.compile(r"依申请|申请公开"),
        re.compile(r"申请|答复|受理"),
        re.compile(r"主动公开.{0,12}\d+\s*条|主动公开.{0,6}信息.{0,6}\d+"),
    ),
}


def _general(report: Report) -> list[Sentence]:
    return [s for s in sentences(report) if s.section == "sec.1"]


def general_aspects(report: Report, issuer: IssuerClass | None) -> list[Hit]:
    """A notice naming the aspects 总体情况 does not touch at all."""
    section = report.section("sec.1")
    if section is None:
        return [Hit(key="sec.1", status="not_assessable", message="缺少“总体情况”部分，无法检查")]
    text = "".join(s.text for s in _general(report) if not _SECTION_LIST.search(s.text))
    text = _RIGHTS.sub("", text)
    missing = [name for name, words in _ASPECTS if not words.search(text)]
    if not missing:
        return []
    return [
        Hit(
            key="、".join(missing),
            status="fail",
            message=(
                f"“{section.title}”部分（第 {section.start_line} 行起）未见"
                f"{'、'.join(missing)}方面的内容；格式要求总体情况涵盖主动公开、依申请公开、"
                "政府信息管理、平台建设、监督保障"
            ),
            loc=section.loc,
            refs=("sec.1",),
            reading=f"总体情况缺少：{'、'.join(missing)}",
        )
    ]


def assessment(report: Report, issuer: IssuerClass | None) -> list[Hit]:
    """A 人民政府 report states 工作考核、社会评议和责任追究结果情况 somewhere."""
    text = "".join(s.text for s in sentences(report) if not _SECTION_LIST.search(s.text))
    missing = [name for name, words in _ASSESSMENT if not words.search(text)]
    if not missing:
        return []
    section = report.section("sec.1")
    return [
        Hit(
            key="、".join(missing),
            status="fail",
            message=(
                f"报告未见{'、'.join(missing)}结果情况；人民政府的年度报告应说明工作考核、"
                "社会评议和责任追究结果情况"
            ),
            loc=section.loc if section else None,
            refs=("sec.1",),
            reading=f"未提及：{'、'.join(missing)}",
        )
    ]


def subtopics(report: Report, issuer: IssuerClass | None) -> list[Hit]:
    """A 总体情况 sub-heading whose text speaks only of another topic."""
    parts: list[tuple[Sentence, str, list[Sentence]]] = []
    for sentence in _general(report):
        m = _SUBHEADING.match(sentence.text)
        if m:
            parts.append((sentence, m["title"], []))
        elif parts:
            parts[-1][2].append(sentence)
    hits: list[Hit] = []
    for heading, title, body in parts:
        topic = next((t for t, (marker, _, _) in _TOPICS.items() if marker.search(title)), None)
        if topic is None or not body:
            continue
        _, own, other = _TOPICS[topic]
        text = "".join(s.text for s in body)
        if own.search(text) or not (found := other.search(text)):
            continue
        first = body[0]
        hits.append(
            Hit(
                key=f"{topic}@{heading.loc().line}",
                status="fail",
                message=(
                    f"{where(heading)}小标题“{heading.text.strip('。.')}”下的内容"
                    f"{quote(first)}未谈{topic}，而是谈“{found.group()}”，疑为内容错位"
                ),
                loc=heading.loc(),
                refs=("sec.1",),
                reading=f"小标题谈{topic}，内容谈“{found.group()}”",
            )
        )
    return hits
