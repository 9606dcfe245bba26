"""Other units' names left in copied text (REPORT-FORMAT.md §6: seed 002, a 别斯托别乡 report,
supervises "新源镇下辖 11 个村").

A name is any unit of the 行政区划 gazetteer (down to township) found in a sentence. It is
*another unit's* when none of the places of that name is the issuer, above it or below it. That
alone is no error: reports name sister units in joint work, superiors issuing notices, places
in addresses. A failure needs a sentence whose shape makes the other unit play the issuer's own
part — only a copy from that unit's report reads like that:

- its territory as ours: "对新源镇下辖 11 个村…进行督导", "X辖区内", "X境内";
- our self-reference with its name: "我乡（X）", "本镇X";
- its name on our statistics or our office: "X共收到申请…", "X政府信息公开工作领导小组",
  "请与X党政办公室联系", "X 2023 年政府信息公开工作年度报告";

and no sign of legitimate company ("与X联合", "协助X", "赴X学习", "X等乡镇").
"""

from __future__ import annotations

import re

from ..gazetteer import Unit, units_named
from ..issuer import IssuerClass
from ..model import Report
from .hits import Hit, quote, where
from .prefilter import holds, trigger
from .sentences import Sentence, sentences

_SUFFIX = re.compile(r"(?:民族乡|街道|苏木|镇|乡|县|区|旗|市|州|盟)")
_LONGEST = 12
_SHORTEST = 3
_GENERIC = frozenset(
    {"开发区", "高新区", "新城区", "城关镇", "市中区", "经济开发区", "工业园区", "示范区", "新区",
     "老城区", "中心城区", "主城区"}
)  # fmt: skip
"""Unit names that are also everyday words; never judged."""

_TERRITORY_AFTER = re.compile(r"^(?:人民政府|政府)?(?:下辖|所辖|辖区|辖内|境内|全域)")
_SELF_BEFORE = re.compile(r"(?:我|本)(?:乡|镇|街道|县|区|市|旗|局|委|办)[（(]?\s*$")
_STATISTICS_AFTER = re.compile(
    r"^(?:人民政府|政府)?\s*(?:在|于)?\s*(?:\d{4}\s*年度?)?\s*[，,]?\s*"
    r"(?:共|累计|全年)?(?:未|没有)?(?:收到|受理|新收|办结|答复)[^，。；]{0,12}申请"
)
_OFFICE_AFTER = re.compile(
    r"^(?:人民政府|政府)?(?:政府信息公开工作领导小组|政务公开(?:工作)?领导小组|党政(?:综合)?办公室"
    r"|政务公开办|\s*\d{4}\s*年度?\s*政府信息公开工作年度报告)"
)
_COMPANY_BEFORE = re.compile(
    r"(?:与|和|同|协助|配合|联合|会同|赴|到|向|前往|学习|对接|帮扶|支援|对口)\s*$"
)
_CONTACT_BEFORE = re.compile(r"(?:请与|请联系|联系[:：]?|致电)\s*$")
_COMPANY_AFTER = re.compile(r"^(?:等|及其|和|与|、)")

_SHAPE_WORDS = (
    # _TERRITORY_AFTER and _OFFICE_AFTER
    trigger("辖", "境内", "全域", "领导小组", "办公室", "政务公开办", "年度报告"),
    # _SELF_BEFORE
    trigger("[我本](?:乡|镇|街道|县|区|市|旗|局|委|办)"),
    # _STATISTICS_AFTER
    trigger("(?:收到|受理|新收|办结|答复)[^，。；]{0,12}申请", needs="申请"),
)
"""What some shape needs: a sentence without any of these cannot make another unit play the
issuer's part, so its names are not looked up. Three triggers, not one pattern: the words are
found fast, the bounded gap before 申请 only in sentences that have 申请."""
_HAN = re.compile(r"[\u4e00-\u9fff]+")

_SHAPES = (
    ("territory", "把{name}的辖区当作本单位的辖区"),
    ("self", "用{name}的名称指称本单位"),
    ("statistics", "把{name}写成本单位统计数据的主体"),
    ("office", "把{name}的机构或报告当作本单位的"),
)


def _mentions(text: str) -> list[tuple[int, int, str, tuple[Unit, ...]]]:
    """Gazetteer names ending at a unit suffix, longest first, not overlapping."""
    found: list[tuple[int, int, str, tuple[Unit, ...]]] = []
    covered = -1
    for m in _SUFFIX.finditer(text):
        end = m.end()
        for start in range(max(0, end - _LONGEST), end - _SHORTEST + 1):
            if start < covered:
                continue
            name = text[start:end]
            if name in _GENERIC or not _HAN.fullmatch(name):
                continue
            units = units_named(name)
            if units:
                found.append((start, end, name, units))
                covered = end
                break
    return found


def _related(unit: Unit, code: str) -> bool:
    """The unit is the issuer's place, above it, or below it."""
    return code.startswith(unit.code) or unit.code.startswith(code)


def _shape(sentence: str, start: int, end: int) -> str | None:
    before, after = sentence[:start], sentence[end:]
    if _OFFICE_AFTER.match(after) and _CONTACT_BEFORE.search(before):
        return "office"  # "请与X党政办公室联系": the report's own contact point
    if _COMPANY_BEFORE.search(before) or _COMPANY_AFTER.match(after):
        return None
    if _TERRITORY_AFTER.match(after):
        return "territory"
    if _SELF_BEFORE.search(before):
        return "self"
    if _STATISTICS_AFTER.match(after):
        return "statistics"
    if _OFFICE_AFTER.match(after):
        return "office"
    return None


def other_units(report: Report, issuer: IssuerClass | None) -> list[Hit]:
    """One failing hit per sentence that makes another unit play the issuer's part."""
    code = issuer.code if issuer is not None else None
    if not code or (
        issuer is not None
        and not (issuer.township or issuer.county or issuer.prefecture or issuer.province)
    ):
        return [
            Hit(
                key="issuer",
                status="not_assessable",
                message="无法确定发布机关在行政区划中的位置，不能判断正文中的地名是否属于其他单位",
            )
        ]
    hits: list[Hit] = []
    for sentence in sentences(report):
        if not any(holds(words, sentence.text) for words in _SHAPE_WORDS):
            continue
        for start, end, name, units in _mentions(sentence.text):
            if any(_related(u, code) for u in units):
                continue
            shape = _shape(sentence.text, start, end)
            if shape is None:
                continue
            hits.append(_hit(sentence, start, end, name, units, shape, issuer))
    return hits


def _hit(
    sentence: Sentence,
    start: int,
    end: int,
    name: str,
    units: tuple[Unit, ...],
    shape: str,
    issuer: IssuerClass | None,
) -> Hit:
    loc = sentence.loc(start)
    own = "/".join(p for p in (issuer.county, issuer.township) if p) if issuer else ""
    what = dict(_SHAPES)[shape].format(name=f"“{name}”")
    places = f"{len(units)} 处同名区划" if len(units) > 1 else "一个区划"
    return Hit(
        key=f"{name}@{loc.line}" if loc.line else name,
        status="fail",
        message=(
            f"{where(sentence, start)}{quote(sentence, start, end)}{what}；“{name}”（{places}）"
            f"既不是发布机关（{own or issuer.evidence if issuer else ''}）本身，也不是其上级或下级，"
            "疑为照抄其他单位报告留下的名称"
        ),
        loc=loc,
        actual=name,
        reading=f"地名“{name}”，句式：{what}",
    )
