"""Totals the prose adds up itself, and the applicant split it states (REPORT-FORMAT.md §6).

A sentence that gives a total and lists its parts ("共收到申请 34 件，其中自然人申请 20 件、法人或
其他组织申请 10 件"; "予以公开 12 件，部分公开 3 件，不予公开 2 件，共计 18 件") must add up, whatever
the tables say. Parts are one kind of category: applicants (自然人、法人或其他组织 or its five
columns), results (予以公开 … 其他处理) or channels (网上、信函 …). Parts whose sum exceeds the total
contradict it; a sum short of the total contradicts it only when the parts cover every category
(自然人 and 法人或其他组织) or the total follows the list ("…，共计 18 件"); a partial list after
其中 may leave categories out.

The split by applicant is also a claim about 表三's columns: 自然人 ↔ 自然人, 法人或其他组织 ↔ the
sum of 商业企业 … 其他 (``gouji.text.consistency`` judges it).

Only an unambiguous sentence can fail: a total counted by 受理/办理 (新收, or 新收＋上年结转), by
办结/答复 (口径 varies), results listed under a count of received applications (其中 of another
total), channels, and area-wide figures give at most a notice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..issuer import IssuerClass
from ..model import Report
from .claims import (
    AGGREGATE,
    COMPARISON,
    COUNT_WORDS,
    FUTURE,
    RESULT_COUNT,
    RESULT_WORDS,
    Claim,
    claims_of,
    loosen,
    other_year,
    read_claims,
)
from .hits import Hit, quote, where
from .numerals import NUMBER, number_value
from .prefilter import holds, trigger
from .sentences import Sentence, sentences

_COUNT = rf"(?P<num>{NUMBER})\s*(?P<unit>件|份|个|条|宗|起|次)(?!工作日|月|日|天|小时|%|％)"
_APPLICANT = re.compile(
    r"(?P<who>自然人|公民|法人(?:或者?|和|及|与|、)其他组织|法人|商业企业|科研机构|社会公益组织"
    r"|法律服务机构)(?:提出|提交)?(?:的)?(?:申请|来件)?(?:件|事项)?(?:为|共)?\s*" + _COUNT
)
_APPLICANT_KEYS = {
    "自然人": "natural",
    "公民": "natural",
    "法人": "orgs",
    "商业企业": "commercial",
    "科研机构": "research",
    "社会公益组织": "nonprofit",
    "法律服务机构": "legal",
}
_ORG_TYPES = frozenset({"commercial", "research", "nonprofit", "legal"})
_VIA = "网上|网络|在线|线上|线下|当面|现场|书面|信函|邮寄|电子邮件|邮件|传真|网站|平台"
_CHANNEL = re.compile(
    rf"(?P<via>{_VIA})(?:申请|提交|提出|办理|收到|受理|渠道)?(?:的)?(?:申请)?\s*" + _COUNT
)
_TOTAL_AFTER = re.compile(
    r"(?:共计|合计|总计|累计|总共|共)(?P<verb>收到|受理|办理|办结|答复|处理)?[^，。；、\d]{0,6}?\s*"
    + _COUNT
)
_ALL_NATURAL = re.compile(r"均(?:为|是|系)自然人")
_VERB_ROW = {
    "收到": "new",
    "受理": "accepted",
    "办理": "accepted",
    "办结": "closed",
    "答复": "closed",
    "处理": "closed",
}
DIMENSIONS = {"applicants": "申请人", "results": "办理结果", "channels": "申请渠道"}
_APPLICANT_WORDS = trigger(*_APPLICANT_KEYS)
"""What ``_APPLICANT`` needs (法人或其他组织 holds 法人; "均为自然人" holds 自然人)."""
_RESULT_WORDS = trigger(*RESULT_WORDS)
"""What ``RESULT_COUNT`` needs (``_BOTH`` starts with 予以公开)."""
_VIA_WORDS = trigger(_VIA)
"""What ``_CHANNEL`` needs."""
_PART_WORDS = trigger(*_APPLICANT_KEYS, *RESULT_WORDS, _VIA)
"""What a part needs: an applicant (``_APPLICANT``), a result (``RESULT_COUNT``) or a channel
(``_CHANNEL``'s ``via``). Each of the three patterns is slow on a long sentence: a sentence
past this is read only by those whose own words it holds."""


@dataclass(frozen=True, slots=True)
class Part:
    """One listed category and its count: ``key`` is an applicant column (``natural``,
    ``orgs``, ``commercial`` …), a result (``granted`` …) or a channel word."""

    dimension: str
    key: str
    value: int
    start: int
    end: int
    vague: bool = False
    """The words do not name the template's category exactly (公民, 法人 alone)."""


@dataclass(frozen=True, slots=True)
class Split:
    """A total the sentence states and the parts it lists."""

    sentence: Sentence
    total: int
    row: str | None
    """What the total counts, by its verb: ``new`` (收到/新收), ``accepted`` (受理/办理),
    ``closed`` (办结/答复), or ``None`` (a bare 共计 after the list)."""
    total_start: int
    total_end: int
    parts: tuple[Part, ...]
    after: bool
    """The total follows the list ("…，共计 18 件")."""
    exact: bool
    why: str

    @property
    def dimension(self) -> str:
        return self.parts[0].dimension

    @property
    def complete(self) -> bool:
        """The parts cover every category (自然人 and 法人或其他组织, or whatever a 共计 after
        the list sums), so they must add up to the total exactly."""
        if self.after and self.dimension != "channels":
            return True
        keys = {p.key for p in self.parts}
        return self.dimension == "applicants" and {"natural", "orgs"} <= keys


def read_parts(sentence: Sentence, *, checked: bool = False) -> list[Part]:
    """The categories the sentence lists with counts, in order (one per place in the text).
    ``checked``: the caller has found a count and a part's word in it already."""
    text = sentence.text
    if not checked and (not holds(COUNT_WORDS, text) or not holds(_PART_WORDS, text)):
        return []  # every part is a count: a number and a unit (``_COUNT``, ``RESULT_COUNT``)
    found: dict[int, Part] = {}
    for m in _APPLICANT.finditer(text) if holds(_APPLICANT_WORDS, text) else ():
        who = m["who"]
        key = "orgs" if who.startswith("法人") and "其他组织" in who else _APPLICANT_KEYS[who]
        value = number_value(m["num"])
        if value is not None:
            vague = who in ("公民", "法人")
            found[m.start()] = Part("applicants", key, value, m.start(), m.end(), vague)
    for m in RESULT_COUNT.finditer(text) if holds(_RESULT_WORDS, text) else ():
        word = m["cat"] or m["cat2"]
        value = number_value(m["num"] or m["num2"])
        if value is None or any(p.start <= m.start() < p.end for p in found.values()):
            continue
        key = "granted+partial" if "部分公开" in word and "予以" in word else RESULT_WORDS[word]
        found[m.start()] = Part("results", key, value, m.start(), m.end())
    for m in _CHANNEL.finditer(text) if holds(_VIA_WORDS, text) else ():
        value = number_value(m["num"])
        if value is not None and not any(p.start <= m.start() < p.end for p in found.values()):
            found[m.start()] = Part("channels", m["via"], value, m.start(), m.end())
    return [found[k] for k in sorted(found)]


def read_splits(
    sentence: Sentence, year: int | None, claims: tuple[Claim, ...] | None = None
) -> list[Split]:
    """Every total of the sentence with the parts it lists (at least two, one kind, none
    overlapping another). ``claims``: the sentence's ``read_claims``, when already read."""
    text = sentence.text
    if year is None or len(text) > 600 or not holds(COUNT_WORDS, text):
        return []  # no count, so no parts (``read_parts``)
    if not holds(_PART_WORDS, text) or FUTURE.search(text) or COMPARISON.search(text):
        return []
    if other_year(text, year, (year - 1, year + 1)):
        return []
    parts = read_parts(sentence, checked=True)
    groups = [g for g in _groups(parts) if len(g) >= 2 and _disjoint(g)]
    if not groups:
        return []  # no list of parts: the totals need not be read
    if claims is None:
        claims = tuple(read_claims(sentence, year))
    totals = [c for c in claims if _is_total(c)]
    splits: list[Split] = []
    for group in groups:
        split = _split(sentence, group, totals)
        if split is not None:
            splits.append(split)
    return splits


def _is_total(claim: Claim) -> bool:
    return claim.quantity in ("new", "accepted", "closed") and not claim.partial


def _groups(parts: list[Part]) -> list[list[Part]]:
    """Runs of parts of one kind, in order of the text."""
    groups: list[list[Part]] = []
    for part in parts:
        if groups and groups[-1][-1].dimension == part.dimension:
            groups[-1].append(part)
        else:
            groups.append([part])
    return groups


def _disjoint(group: list[Part]) -> bool:
    keys = [p.key for p in group]
    if len(set(keys)) != len(keys):
        return False
    if "granted+partial" in keys and ({"granted", "partial"} & set(keys)):
        return False
    return not ("orgs" in keys and _ORG_TYPES & set(keys))


def _split(sentence: Sentence, group: list[Part], totals: list[Claim]) -> Split | None:
    if len(group) < 2 or not _disjoint(group):
        return None
    text = sentence.text
    after = _TOTAL_AFTER.match(_next_clause(text, group[-1].end))
    if after is not None:
        value = number_value(after["num"])
        at = text.index(after.group(), group[-1].end)
        row = _VERB_ROW.get(after["verb"] or "")
        start, end = at, at + len(after.group())
        why = ""
    else:
        before = [c for c in totals if c.end <= group[0].start]
        if not before:
            return None
        total = before[-1]
        value, row, start, end = total.value, total.quantity, total.start, total.end
        why = total.why
        if row == "new" and not total.exact:
            row = None  # a count of received applications the reader itself doubts
    if value is None:
        return None
    exact, why = _exactness(group[0].dimension, row, after is not None, why, text)
    return Split(sentence, value, row, start, end, tuple(group), after is not None, exact, why)


def _next_clause(text: str, at: int) -> str:
    """The clause right after ``at`` ("，共计 18 件"), without its leading punctuation."""
    m = re.match(r"\s*[，,；;、]?\s*([^，,。；;]*)", text[at:])
    return m[1] if m else ""


def _exactness(dimension: str, row: str | None, after: bool, why: str, text: str):
    if AGGREGATE.search(text):
        return False, "句中所述可能是本地区各单位的合计"
    if dimension == "channels":
        return False, "按渠道所列分项未必涵盖全部申请"
    if row == "accepted":
        return False, "“受理/办理”口径不一（可能含上年结转）"
    if row == "closed":
        return False, "“办结/答复”的统计口径不一"
    if dimension == "results" and not after and row == "new":
        return False, "所列办理结果是另一个数（收到的申请）之下的分项"
    if row is None and not after:
        return False, why or "未写明合计所指"
    return True, ""


def applicant_claims(
    sentence: Sentence, year: int | None, claims: tuple[Claim, ...] | None = None
) -> list[Claim]:
    """The applicant split as claims on 表三's columns (``new:natural``, ``new:orgs`` …): the row
    is the one the sentence's total counts (本年新收 for 收到/新收; a notice for 受理/办理 and
    办结/答复, and for a split with no total at all). "均为自然人" states the total's 自然人 count.
    ``claims``: the sentence's ``read_claims``, when already read."""
    text = sentence.text
    if year is None or len(text) > 600 or not holds(_APPLICANT_WORDS, text):
        return []
    if FUTURE.search(text) or COMPARISON.search(text):
        return []
    if other_year(text, year, (year - 1,)):
        return []
    parts = [p for p in read_parts(sentence) if p.dimension == "applicants"]
    m = _ALL_NATURAL.search(text)
    if not parts and m is None:
        return []  # no split by applicant: the totals need not be read
    if claims is None:
        claims = tuple(read_claims(sentence, year))
    totals = [c for c in claims if _is_total(c)]
    out: list[Claim] = []
    for part in parts:
        before = [c for c in totals if c.end <= part.start]
        total = before[-1] if before else None
        out.append(_column_claim(sentence, part.key, part.value, part, total, part.vague))
    if m is not None:
        before = [c for c in totals if c.end <= m.start()]
        if before:
            total = before[-1]
            part = Part("applicants", "natural", total.value, m.start(), m.end())
            out.append(_column_claim(sentence, "natural", total.value, part, total, False))
    if AGGREGATE.search(text):
        out = [loosen(c, "句中所述可能是本地区各单位的合计") if c.exact else c for c in out]
    return out


def _column_claim(
    sentence: Sentence, column: str, value: int, part: Part, total: Claim | None, vague: bool
) -> Claim:
    row = total.quantity if total is not None else "new"
    exact = total is not None and row == "new" and total.exact and not vague
    if total is None:
        why = "未写明是哪一项申请的分项（按本年新收核对）"
    elif vague:
        why = "“公民”“法人”与表三的“自然人”“法人或其他组织”未必相同"
    elif row == "accepted":
        why = "“受理/办理”可能含上年结转"
    elif row == "closed":
        why = "“办结/答复”的统计口径不一"
    else:
        why = total.why if not total.exact else ""
    return Claim(
        f"{row}:{column}",
        value,
        sentence,
        part.start,
        part.end,
        exact=exact,
        partial=False,
        why=why,
    )


def prose_totals(report: Report, issuer: IssuerClass | None) -> list[Hit]:
    """Each sentence's totals against the parts it lists."""
    hits: list[Hit] = []
    for sentence, claims in zip(sentences(report), claims_of(report), strict=True):
        for split in read_splits(sentence, report.year, claims):
            hits.append(_judge_split(split))
    return hits


def _judge_split(split: Split) -> Hit:
    sentence = split.sentence
    loc = sentence.loc(split.total_start)
    start = min(split.total_start, split.parts[0].start)
    end = max(split.total_end, split.parts[-1].end)
    said = f"{where(sentence, start)}{quote(sentence, start, end)}"
    added = sum(p.value for p in split.parts)
    listed = "＋".join(str(p.value) for p in split.parts)
    kind = DIMENSIONS[split.dimension]
    common = {
        "key": f"{split.dimension}@{loc.line}" if loc.line else split.dimension,
        "loc": loc,
        "expected": str(split.total),
        "actual": str(added),
        "reading": f"合计 {split.total} 件，按{kind}分项 {listed}",
    }
    if added == split.total:
        return Hit(
            status="pass",
            message=f"{said}所列{kind}分项之和 {added} 与合计 {split.total} 一致",
            **common,
        )
    if added < split.total and not split.complete:
        return Hit(
            status="pass",
            message=f"{said}所列{kind}分项之和 {added} 未超过合计 {split.total}（未列出的分项可能另有）",
            **common,
        )
    doubt = f"；该句含义不确定（{split.why}），仅作提示" if not split.exact else ""
    relation = "超过" if added > split.total else "少于"
    return Hit(
        status="fail",
        message=(
            f"{said}所列{kind}分项 {listed} 之和为 {added}，{relation}所述合计 {split.total}，"
            f"正文前后不一致{doubt}"
        ),
        notice=not split.exact,
        **common,
    )
