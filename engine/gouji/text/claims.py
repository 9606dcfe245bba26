"""What the prose states about applications (表三): counts read clause by clause with digits or
Chinese numerals ("收到一件", "两件", "十二条").

A claim is read only from a clause whose shape says what is counted (REPORT-FORMAT.md §6):

- 收到/新收/新受理 … 申请 N 件 (or N 件 … 申请) → 本年新收; "未收到…申请", "无依申请公开事项" → 0.
  The thing received must be an application: "收到投诉", "行政复议申请", "行政许可申请" are not,
  nor is an application that is only the cause of something else ("未收到因…申请引起的行政诉讼");
- 受理/办理/承办 … 申请 N 件 → 本年新收, or 新收 + 上年结转 (受理 is used both ways): right under
  either reading is right, a claim that fits neither is only a notice;
- 上年结转/转结 N 件 → 上年结转; 结转/转结/顺延至下年度 (or to year Y+1) N 件, "无下年度结转" →
  结转下年度;
- 办结/答复 N 件 → 办理结果总计 (答复 includes carried-over cases; some count only answers with
  content, so a mismatch is a notice);
- 予以公开、部分公开、予以公开及部分公开、不予公开、无法提供、不予处理、其他处理 N 件 → that result
  (row group total); "公开答复 N 件" → 予以公开 (a notice: the words are not the template's).

A count after 其中, or narrowed to a channel ("通过网站收到", "未接到书面申请"), is partial: it may
only not exceed the cell. Clauses about another year, plans, comparisons (同比, 较上年), and
sentences about a whole area's units (全县各部门共收到…) give no exact claim. Counts of
*information* ("依申请公开信息数354条") are not counts of applications, and "依申请公开信息 N 件"
may be either: a notice. 复议 and 诉讼 counts are read by ``gouji.text.reviews``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..memo import per_report
from ..model import Report
from .numerals import CHINESE, NUMBER, number_value
from .prefilter import holds, shortcuts, trigger
from .sentences import Sentence, sentences

UNIT = r"(?:件|条|个|份|宗|笔|起|次)(?!工作日|月|日|天|小时|%|％)"
NUM = rf"(?P<num>{NUMBER})\s*{UNIT}"
NUM2 = rf"(?P<num2>{NUMBER})\s*{UNIT}"
YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
FUTURE = re.compile(r"将|计划|拟|力争|预计|下一步|下步|今后")
COMPARISON = re.compile(r"同比|环比|较上|比上|较去|比去|相比|增长|下降|减少|增加|上升|持平|降低")
AGGREGATE = re.compile(
    r"全(?:县|区|市|省|州|旗|盟|系统)|各(?:部门|单位|乡镇|街道|县区|区县|地|级)|县直|市直|区直|所属"
)
_NOT_APPLICATION = re.compile(
    r"复议|诉讼|投诉|举报|信访|咨询|来电|意见|建议|留言|求助|申诉|许可|审批"
)
_CHANNEL = re.compile(
    r"网上|网站|网络|在线|线上|当面|书面|信函|邮寄|传真|电子邮件|邮箱|平台|窗口|现场"
)
_DIGITS = f"\\d{CHINESE}"

_NEGATED_RECEIPT = re.compile(
    r"(?:未|没有|无|暂无|尚未|均未)\s*(?:收到|接到|接收|受理|新收)(?P<object>[^，。；]{0,25}?申请)"
    r"(?!人|书|表|引起|引发|导致|而|所)"
)
_SCOPE = re.compile(r"其他方面|其他类|某些|部分|个别|涉及|有关")
"""Words after "未收到…申请" that limit which applications were not received."""
_NO_APPLICATIONS = re.compile(
    r"(?:^|全年|本年度?|年度|年|我|本单位|本机关)\s*(?:无|没有|未发生|未有)(?:任何)?"
    r"(?P<what>政府信息公开申请|信息公开申请|依申请(?:公开)?(?:政府信息)?(?:的)?(?:申请|事项|申请件|情况)?)"
    r"(?![^，。；]{0,8}(?:引起|引发|导致|而|复议|诉讼|信息数))"
)
_VERB = r"(?P<verb>新受理|新收到|收到|接到|新收|接收|受理|办理|承办)"
_RECEIPT = re.compile(
    rf"{_VERB}(?P<object>[^，。；{_DIGITS}]{{0,20}}?){NUM}(?P<after>[^，。；]{{0,12}})"
)
_RECEIPT_BEFORE = re.compile(
    rf"{_VERB}(?:了)?\s*(?P<num>{NUMBER})\s*(?:件|份|个)(?:的)?(?P<object>[^，。；{_DIGITS}]{{0,20}}?申请)"
    r"(?!人|书|表|引起|引发|导致|而|所)"
)
_COUNTING_VERB = re.compile(r"收到|接到|接收|新收|受理|办理|承办|答复|办结|完成")
_NEW_VERBS = ("新受理", "新收到", "收到", "接到", "新收", "接收")
_BARE = re.compile(rf"(?<![予以收到理办])依申请公开(?:政府信息)?\s*(?P<num>{NUMBER})\s*件")
_CARRIED = re.compile(
    rf"(?:上年|上一年|去年|往年|(?P<year>(?:19|20)\d{{2}})\s*年)\s*度?\s*(?:的)?(?:结转|转结)(?:的)?"
    rf"[^，。；\d]{{0,15}}?{NUM}"
)
_NO_CARRIED = re.compile(r"(?:无|没有)\s*(?:上年度?|上一年度?)\s*(?:结转|转结)")
_NEXT = r"(?:下一?年度?|下年|次年|(?P<year>(?:19|20)\d{2})\s*年度?)"
_FORWARD = re.compile(
    rf"(?:结转|转结|转入|顺延|延续|转)(?:至|到)?\s*{_NEXT}[^，。；\d]{{0,10}}?{NUM}"
    rf"|{NUM2}[^，。；\d]{{0,12}}?(?:结转|转结|转入|顺延)(?:至|到)?\s*{_NEXT.replace('year', 'year2')}"
)
_NO_FORWARD = re.compile(
    rf"(?:无|没有)\s*(?:(?:结转|转结)(?:至|到)?\s*{_NEXT}|(?:下一?年度?|下年)(?:结转|转结))"
)
_CLOSED = re.compile(
    rf"(?:办结|(?<!公开)(?<!予以)答复|办理完毕|作出答复)(?!率)[^，。；\d]{{0,12}}?{NUM}"
    rf"|{NUM2}[^，。；\d]{{0,12}}?(?:已|均已|全部)?(?:办结|答复完毕|办理完毕)"
)
_CLOSED_OF_OTHER = re.compile(r"复议|诉讼|留言|信件|来信|热线|诉求|工单|投诉|建议|提案")
RESULT_WORDS = {
    "予以公开": "granted",
    "部分公开": "partial",
    "不予公开": "denied",
    "无法提供": "unable",
    "不予处理": "rejected",
    "其他处理": "other",
}
_BOTH = r"予以公开(?:及|或|和|与|、)部分公开"
RESULT_COUNT = re.compile(
    rf"(?P<cat>{_BOTH}|予以公开|部分公开|不予公开|无法提供|不予处理|其他处理)[”’」』\"]?(?:的)?\s*(?:申请)?\s*{NUM}"
    rf"|{NUM2}\s*(?:申请)?\s*(?:被)?(?P<cat2>{_BOTH}|予以公开|部分公开|不予公开|无法提供|不予处理)"
)
_ANSWERED_OPENLY = re.compile(rf"(?P<lead>予以)?公开答复\s*{NUM}")


@dataclass(frozen=True, slots=True)
class Claim:
    """One count the prose states. ``quantity`` names what is counted (``new``,
    ``carried_over``, ``accepted``, ``closed``, ``carry_forward``, ``granted``, ``partial``,
    ``granted+partial``, ``denied``, ``unable``, ``rejected``, ``other``, ``review``,
    ``suits``, or a 表二 cell key such as ``t2.normative_docs.issued``); ``exact`` says the
    sentence is unambiguous (a mismatch is a failure, otherwise a notice); ``partial`` that it
    counts only part of the quantity (it may not exceed the cell)."""

    quantity: str
    value: int
    sentence: Sentence
    start: int
    end: int
    exact: bool = True
    partial: bool = False
    why: str = ""
    """Why the claim is not exact or is partial, for the message."""

    @property
    def phrase(self) -> str:
        return self.sentence.text[self.start : self.end]


def value_of(m: re.Match[str]) -> int | None:
    """The number of a pattern with the count before or after the words (``num``/``num2``)."""
    groups = m.groupdict()
    text = groups.get("num") or groups.get("num2")
    return number_value(text) if text else None


def clauses(sentence: Sentence) -> list[tuple[int, str, bool]]:
    """Clauses with their offset and whether they come after 其中 (partial counts). A clause
    with 其中 inside ("收到申请 14 件（其中信件申请 10 件") is cut there: what comes before is the
    whole."""
    out, after_of_which = [], False
    for offset, clause in sentence.clauses():
        if offset and sentence.text[offset - 1] in "；;":
            after_of_which = False  # a new coordinate part: "…；政府信息公开行政诉讼 46 件"
        at = clause.find("其中")
        if at > 0 and clause[:at].strip("（( "):
            out.append((offset, clause[:at], after_of_which))
            offset, clause = offset + at, clause[at:]
        if at >= 0:
            after_of_which = True
        out.append((offset, clause, after_of_which))
    return out


def other_year(clause: str, year: int, allowed: tuple[int, ...] = ()) -> bool:
    """The clause names a year other than ``year`` (and ``allowed``)."""
    return "年" in clause and any(int(m[1]) not in (year, *allowed) for m in YEAR.finditer(clause))


def loosen(claim: Claim, why: str) -> Claim:
    """The claim as a notice, with the reason."""
    return replace(claim, exact=False, why=why)


def distinct(claims: list[Claim]) -> list[Claim]:
    """One claim per quantity and value in a sentence: "未收到书面申请，未收到信函申请…" is one
    statement that nothing was received, not three."""
    seen: set[tuple[str, int]] = set()
    out = []
    for claim in claims:
        if (claim.quantity, claim.value) not in seen:
            seen.add((claim.quantity, claim.value))
            out.append(claim)
    return out


_CARRIED_WORDS = trigger("结转", "转结")
"""What ``_CARRIED`` and ``_NO_CARRIED`` need."""
_FORWARD_WORDS = trigger("转", "顺延", "延续", needs="年")
"""What ``_FORWARD`` and ``_NO_FORWARD`` need (结转、转结、转入 and bare 转 all hold 转), and the
year they carry into (``_NEXT``: 下年度, 次年, 2024 年) always holds 年."""
_RECEIPT_WORDS = trigger("申请")
"""What every receipt needs: the thing received is an application (``_NEGATED_RECEIPT``,
``_NO_APPLICATIONS``, ``_RECEIPT_BEFORE`` and ``_BARE`` name it; ``_receipt`` rejects a
``_RECEIPT`` match without it)."""
_CLOSED_WORDS = trigger("办结", "答复", "办理完毕")
"""What ``_CLOSED`` needs (作出答复 and 答复完毕 hold 答复)."""
_CATEGORY_WORDS = trigger(*RESULT_WORDS, "公开答复")
"""What ``RESULT_COUNT`` (a result word; ``_BOTH`` starts with 予以公开) and
``_ANSWERED_OPENLY`` need."""
_REVIEW_WORDS = trigger("复议", "诉讼")
"""What every pattern of ``gouji.text.reviews`` needs."""
COUNT_WORDS = trigger(rf"[\d{CHINESE}]\s*[件条个份宗笔起次]")
"""What every claim with a number needs: each such pattern reads its number as ``NUMBER`` followed
by a unit (``NUM``, ``NUM2``, ``_RECEIPT_BEFORE``, ``_BARE``, the 复议/诉讼 counts), so a digit or
numeral, blanks, then one of the units. Without it a clause can still state a zero ("未收到…申请",
"无上年结转", "行政复议为 0"): those patterns are read anyway. A crawler dump's flattened tables
("不予处理1.信访举报投诉类申请0000000") hold the trigger words but no unit after their digits."""
CLAIM_WORDS = trigger(
    *(p.pattern for p in (_CARRIED_WORDS, _FORWARD_WORDS, _RECEIPT_WORDS, _CLOSED_WORDS)),
    *(p.pattern for p in (_CATEGORY_WORDS, _REVIEW_WORDS)),
)
"""A clause (or sentence) without any of these gives no claim at all."""


def read_claims(sentence: Sentence, year: int | None) -> list[Claim]:
    """Every claim about applications and 复议/诉讼 in the sentence, in order."""
    text = sentence.text
    if year is None or len(text) > 600 or not holds(CLAIM_WORDS, text):
        return []
    claims: list[Claim] = []
    for offset, clause, of_which in clauses(sentence):
        if not holds(CLAIM_WORDS, clause):
            continue
        if FUTURE.search(clause) or COMPARISON.search(clause):
            continue
        counted = holds(COUNT_WORDS, clause)
        if holds(_CARRIED_WORDS, clause):
            claims.extend(_carried(sentence, offset, clause, year, counted))
        forward = holds(_FORWARD_WORDS, clause)
        if other_year(clause, year):
            if forward and not other_year(clause, year, (year + 1,)):
                claims.extend(_forward(sentence, offset, clause, year, counted))
            continue
        if holds(_RECEIPT_WORDS, clause):
            claims.extend(_receipts(sentence, offset, clause, of_which, counted))
        if forward:
            claims.extend(_forward(sentence, offset, clause, year, counted))
        if counted and holds(_CLOSED_WORDS, clause):
            claims.extend(_closed(sentence, offset, clause, of_which))
        if counted and holds(_CATEGORY_WORDS, clause):
            claims.extend(_categories(sentence, offset, clause))
        if holds(_REVIEW_WORDS, clause):
            claims.extend(reviews.read_reviews(sentence, offset, clause, of_which, counted))
    if claims and AGGREGATE.search(text):
        claims = [loosen(c, "句中所述可能是本地区各单位的合计") if c.exact else c for c in claims]
    return distinct(claims)


def claims_of(report: Report) -> tuple[tuple[Claim, ...], ...]:
    """:func:`read_claims` of each of the report's sentences, in order. ``applications``,
    ``review_litigation`` and the totals all need them, so they are read once per report
    (``gouji.memo``) — except under ``prefilter.reference()``, where each caller reads
    them itself."""
    if not shortcuts():
        return _read_all(report)
    return per_report(report, "claims", _read_all)


def _read_all(report: Report) -> tuple[tuple[Claim, ...], ...]:
    return tuple(tuple(read_claims(s, report.year)) for s in sentences(report))


def _receipts(
    sentence: Sentence, offset: int, clause: str, of_which: bool, counted: bool
) -> list[Claim]:
    """Receipts: zeros ("未收到…申请") always, counts only in a ``counted`` clause
    (``COUNT_WORDS``)."""
    out: list[Claim] = []
    for m in _NEGATED_RECEIPT.finditer(clause):
        rest = clause[m.end() : m.end() + 10]
        if _NOT_APPLICATION.search(m["object"]) or re.match(r"[^，。；]{0,4}(?:复议|诉讼)", rest):
            continue
        channel = _CHANNEL.search(m["object"])
        # "未收到公众申请要求公开其他方面政府信息": the applications not received are only some.
        scope = _SCOPE.search(re.split(r"[，。；]", clause[m.end() :], maxsplit=1)[0])
        why = f"限于某一渠道（“{channel.group()}”）" if channel else ""
        if scope and not why:
            why = f"只说某一范围的申请（“{scope.group()}”）"
        out.append(
            Claim(
                "new",
                0,
                sentence,
                offset + m.start(),
                offset + m.end(),
                exact=channel is None and scope is None,
                partial=channel is not None,
                why=why,
            )
        )
    m = _NO_APPLICATIONS.search(clause)
    if m and not out:
        named = m["what"].endswith(("申请", "事项", "申请件"))
        why = "" if named else "“依申请公开”未说明是申请"
        out.append(
            Claim("new", 0, sentence, offset + m.start(), offset + m.end(), named, False, why)
        )
    if not counted:
        return out
    for pattern in (_RECEIPT, _RECEIPT_BEFORE):
        for m in pattern.finditer(clause):
            claim = _receipt(sentence, offset, m, of_which)
            if claim is not None:
                out.append(claim)
    for m in _BARE.finditer(clause):
        if _COUNTING_VERB.search(clause[: m.start()]):
            continue  # "办理…依申请公开 13 件", "答复依申请公开政府信息 39 件": read by the verb
        if "信息数" not in clause[m.start() : m.end() + 2]:
            value = number_value(m["num"])
            if value is not None:
                why = "“依申请公开 N 件”可能指申请，也可能指公开的信息"
                out.append(Claim("new", value, sentence, offset + m.start(), offset + m.end(), False, False, why))  # fmt: skip
    return out


def _receipt(sentence: Sentence, offset: int, m: re.Match[str], of_which: bool) -> Claim | None:
    obj, after = m["object"], m.groupdict().get("after") or ""
    if "申请" not in obj and not re.match(r"^[^，。；]{0,12}?申请(?!人)", after):
        return None
    if _NOT_APPLICATION.search(obj) or "信息数" in obj or "结转" in obj or "转结" in obj:
        return None
    value = number_value(m["num"])
    if value is None:
        return None
    counted = information_count(obj, unit_after(sentence.text, offset + m.end("num")))
    if counted == "information":
        return None  # "收到申请后公开政府信息 123 条": information items, not applications
    quantity = "new" if m["verb"] in _NEW_VERBS else "accepted"
    partial, why = of_which, "“其中”之后的分项" if of_which else ""
    channel = _CHANNEL.search(obj)
    if channel and not re.search(r"等(?:渠道|方式|形式|途径)", obj):
        partial, why = True, f"限于某一渠道（“{channel.group()}”）"
    exact = quantity == "new" and not partial
    if quantity == "accepted":
        why = f"“{m['verb']}”可能含上年结转"
    elif exact and counted == "either":
        exact, why = False, "“依申请公开信息”可能指信息条数"
    end = max(m.end("num"), m.end("object")) + (1 if m.end("num") > m.end("object") else 0)
    return Claim(quantity, value, sentence, offset + m.start(), offset + end, exact, partial, why)


INFORMATION_COUNT = re.compile(
    rf"(?:信息|公文|文件)(?:数)?(?:(?!申请)[^，。；{_DIGITS}]){{0,8}}?(?:{NUMBER})\s*(?:条|份|篇)"
)
"""A count of information items or documents ("政府信息共 510 条", "信息数 317 条", "政府信息（文件）
888 份"): a sentence with one counts 予以公开/不予公开 of those items, not of applications."""
_INFORMATION = re.compile(r"(?:政府)?信息(?:资料)?$|文件$|数据$")
"""Nouns of information items: what 条 counts ("公开政府信息 123 条")."""


def unit_after(text: str, at: int) -> str:
    """The measure word after a number ending at ``at`` (件、条…), or ``""``."""
    m = re.match(r"\s*(件|条|个|份|宗|笔|起|次)", text[at:])
    return m[1] if m else ""


def information_count(noun: str, unit: str) -> str:
    """Whether a count of ``noun`` in ``unit`` counts information items rather than applications.

    条 counts documents and information items, 件 counts applications (how reports write them):
    "公开政府信息 123 条" is ``information`` and never an application count; "依申请公开政府信息
    3 件" is ``either`` (a notice at most); anything else is ``applications``. Only the words
    right before the number decide: "收到政府信息公开申请 0 条" still counts applications."""
    noun = re.sub(r"[的共计为\s]+$", "", noun)
    if not _INFORMATION.search(noun):
        return "applications"
    return "information" if unit == "条" else "either"


def _carried(sentence: Sentence, offset: int, clause: str, year: int, counted: bool) -> list[Claim]:
    out: list[Claim] = []
    for m in _CARRIED.finditer(clause) if counted else ():
        if m["year"] and int(m["year"]) != year - 1:
            continue
        if re.search(r"下一?年|下年|次年", clause[m.start() : m.end()]):
            continue
        value = number_value(m["num"])
        if value is not None:
            out.append(Claim("carried_over", value, sentence, offset + m.start(), offset + m.end()))
    m = _NO_CARRIED.search(clause)
    if m and not out:
        out.append(Claim("carried_over", 0, sentence, offset + m.start(), offset + m.end()))
    return out


def _forward(sentence: Sentence, offset: int, clause: str, year: int, counted: bool) -> list[Claim]:
    out: list[Claim] = []
    for m in _FORWARD.finditer(clause) if counted else ():
        target = m["year"] or m["year2"]
        if target and int(target) != year + 1:
            continue
        value = value_of(m)
        if value is not None:
            out.append(
                Claim("carry_forward", value, sentence, offset + m.start(), offset + m.end())
            )
    m = _NO_FORWARD.search(clause)
    if m and not out and (not m["year"] or int(m["year"]) == year + 1):
        out.append(Claim("carry_forward", 0, sentence, offset + m.start(), offset + m.end()))
    return out


def _closed(sentence: Sentence, offset: int, clause: str, of_which: bool) -> list[Claim]:
    if "申请" not in sentence.text:
        return []
    out: list[Claim] = []
    for m in _CLOSED.finditer(clause):
        value = value_of(m)
        before = clause[max(0, m.start() - 10) : m.start()]
        if value is None or _CLOSED_OF_OTHER.search(m.group() + before):
            continue
        out.append(
            Claim(
                "closed",
                value,
                sentence,
                offset + m.start(),
                offset + m.end(),
                exact=False,
                partial=of_which,
                why="“办结/答复”的统计口径不一（含上年结转，或只计作出答复的）",
            )
        )
    return out


def _categories(sentence: Sentence, offset: int, clause: str) -> list[Claim]:
    text = sentence.text
    if not re.search(r"申请|办结|答复|办理", text) or (
        "申请" not in text and _CLOSED_OF_OTHER.search(text)
    ):
        return []  # results of something else: "办结留言 230 条，公开答复 4 条"
    if INFORMATION_COUNT.search(text):
        return []  # "政府信息共 510 条，其中…依申请公开信息数 317 条，不予公开 24 条": items
    out: list[Claim] = []
    for m in RESULT_COUNT.finditer(clause):
        word = m["cat"] or m["cat2"]
        value = value_of(m)
        if value is None:
            continue
        quantity = (
            "granted+partial" if "部分公开" in word and "予以" in word else RESULT_WORDS[word]
        )
        out.append(Claim(quantity, value, sentence, offset + m.start(), offset + m.end()))
    for m in _ANSWERED_OPENLY.finditer(clause):
        value = number_value(m["num"])
        if value is not None and not any(c.quantity == "granted" for c in out):
            why = "" if m["lead"] else "“公开答复”不是格式用语，可能另有所指"
            out.append(Claim("granted", value, sentence, offset + m.start(), offset + m.end(), bool(m["lead"]), False, why))  # fmt: skip
    return out


# Last: ``reviews`` reads 复议/诉讼 counts with this module's helpers (NUM, Claim, value_of), so
# it can only be imported once they exist; an import inside read_claims cost ~1 µs a sentence.
from . import reviews  # noqa: E402
