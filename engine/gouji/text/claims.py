"""What the prose states about the tables: the counts of applications, of 行政复议 and 行政诉讼,
read clause by clause with digits or Chinese numerals ("收到一件", "两件", "十二条").

A claim is read only from a clause whose shape says what is counted (REPORT-FORMAT.md §6):

- 收到/新收/接收 … 申请 N 件 → 本年新收; "未收到…申请" → 0 (the thing received must be an
  application: "收到投诉" or "行政复议申请" are not);
- 受理/办理 … 申请 N 件 → 本年新收, or 新收 + 上年结转 (受理 is used both ways): a claim that is
  right under either reading is right, one that fits neither is only a notice;
- 上年结转 N 件 → 上年结转; 结转/顺延至下年度 N 件 → 结转下年度;
- 办结/答复 N 件 → 办理结果总计 (答复 includes carried-over cases; some count only answers
  with content, so a mismatch is a notice);
- 予以公开、部分公开、不予公开、无法提供、不予处理 N 件 → that result (row group total);
- 行政复议 N 件, 行政诉讼 N 件, "未发生行政复议、行政诉讼" → 表四 totals.

A count after 其中, or narrowed to a channel ("通过网站收到"), is partial: it may only not exceed
the cell. Clauses about another year, plans, comparisons (同比, 较上年), and sentences about a
whole area's units (全县各部门共收到…) give no exact claim. Counts of *information* ("依申请公开
信息数354条") are not counts of applications and are never read as such.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .numerals import NUMBER, number_value
from .sentences import Sentence

_UNIT = r"(?:件|条|个|份|宗|笔|起|次)(?!工作日|月|日|天|小时|%|％)"
_NUM = rf"(?P<num>{NUMBER})\s*{_UNIT}"
_NUM2 = rf"(?P<num2>{NUMBER})\s*{_UNIT}"
_NOT_APPLICATION = re.compile(r"复议|诉讼|投诉|举报|信访|咨询|来电|来信|意见|建议|留言|求助|申诉")
_CHANNEL = re.compile(r"网上|网站|在线|线上|当面|信函|邮寄|传真|电子邮件|邮箱|平台|窗口|现场")
_AGGREGATE = re.compile(
    r"全(?:县|区|市|省|州|旗|盟|系统)|各(?:部门|单位|乡镇|街道|县区|区县|地|级)|县直|市直|区直|所属"
)
_FUTURE = re.compile(r"将|计划|拟|力争|预计|下一步|下步|今后")
_COMPARISON = re.compile(r"同比|环比|较上|比上|较去|比去|相比|增长|下降|减少|增加|上升|持平|降低")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")

_NEGATED_RECEIPT = re.compile(
    r"(?:未|没有|无|暂无|尚未|均未)\s*(?:收到|接到|接收|受理|新收)(?P<object>[^，。；]{0,25}?申请)(?!人|书|表)"
)
_NO_APPLICATIONS = re.compile(
    r"(?:^|全年|本年度?|年度)\s*(?:无|没有)(?:政府信息公开申请|信息公开申请|依申请公开(?:政府信息)?(?:的)?(?:申请|事项|情况))"
)
_RECEIPT = re.compile(
    rf"(?P<verb>收到|接到|新收|接收|受理|办理)(?P<object>[^，。；\d{'零〇一二两三四五六七八九十百千万'}]{{0,20}}?){_NUM}"
    r"(?P<after>[^，。；]{0,12})"
)
_CARRIED = re.compile(
    rf"(?:上年|上一年|去年|往年|(?P<year>(?:19|20)\d{{2}})\s*年)\s*度?\s*(?:的)?结转(?:的)?[^，。；\d]{{0,15}}?{_NUM}"
)
_NO_CARRIED = re.compile(r"(?:无|没有)\s*(?:上年度?|上一年度?)\s*结转")
_FORWARD = re.compile(
    rf"(?:结转|转入|顺延|延续)(?:至|到)?\s*(?:下一?年度?|下年|次年)[^，。；\d]{{0,10}}?{_NUM}"
    rf"|{_NUM2}[^，。；\d]{{0,12}}?(?:结转|转入|顺延)(?:至|到)?\s*(?:下一?年度?|下年|次年)"
)
_CLOSED = re.compile(
    rf"(?:办结|(?<!公开)(?<!予以)答复|办理完毕|作出答复)(?!率)[^，。；\d]{{0,8}}?{_NUM}"
    rf"|{_NUM2}[^，。；\d]{{0,12}}?(?:已|均已|全部)?(?:办结|答复完毕|办理完毕)"
)
_CATEGORY_WORDS = {
    "予以公开": "granted",
    "部分公开": "partial",
    "不予公开": "denied",
    "无法提供": "unable",
    "不予处理": "rejected",
}
_CATEGORY = re.compile(
    rf"(?P<cat>予以公开|部分公开|不予公开|无法提供|不予处理)(?:的)?\s*(?:申请)?\s*{_NUM}"
    rf"|{_NUM2}\s*(?:申请)?\s*(?:被)?(?P<cat2>予以公开|部分公开|不予公开|无法提供|不予处理)"
)
_REVIEW_ZERO = re.compile(
    r"(?<!尚)(?:未|没有|无)(?!经|审结)(?P<span>[^，。；]{0,24}?(?:行政复议|行政诉讼|复议|诉讼))"
)
_ZERO_AFTER = re.compile(
    r"(?P<span>(?:行政复议|行政诉讼)[^，。；\d]{0,14}?)(?:均|都)?(?:为|是)\s*(?:0|零)\s*(?:件|起)?"
)
_REVIEW_COUNT = re.compile(rf"(?P<what>行政复议|行政诉讼)(?:案件|申请)?\s*(?:共)?\s*{_NUM}")
_DISCLOSURE = re.compile(r"信息公开|依申请|公开申请")


@dataclass(frozen=True, slots=True)
class Claim:
    """One count the prose states. ``quantity`` names what is counted (``new``,
    ``carried_over``, ``accepted``, ``closed``, ``carry_forward``, ``granted``, ``partial``,
    ``denied``, ``unable``, ``rejected``, ``review``, ``suits``); ``exact`` says the sentence is
    unambiguous (a mismatch is a failure, otherwise a notice); ``partial`` that it counts only
    part of the quantity (it may not exceed the cell)."""

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


def _value(m: re.Match[str]) -> int | None:
    """The number of a pattern with the count before or after the words (``num``/``num2``)."""
    groups = m.groupdict()
    text = groups.get("num") or groups.get("num2")
    return number_value(text) if text else None


def _clauses(sentence: Sentence) -> list[tuple[int, str, bool]]:
    """Clauses with their offset and whether they come after 其中 (partial counts)."""
    out, after_of_which = [], False
    for offset, clause in sentence.clauses():
        if offset and sentence.text[offset - 1] in "；;":
            after_of_which = False  # a new coordinate part: "…；政府信息公开行政诉讼 46 件"
        if "其中" in clause:
            after_of_which = True
        out.append((offset, clause, after_of_which))
    return out


def _other_year(clause: str, year: int, allow_previous: bool = False) -> bool:
    for m in _YEAR.finditer(clause):
        stated = int(m[1])
        if stated != year and not (allow_previous and stated == year - 1):
            return True
    return False


def read_claims(sentence: Sentence, year: int | None) -> list[Claim]:
    """Every claim of the sentence, in order."""
    text = sentence.text
    if year is None or len(text) > 600:
        return []
    aggregate = bool(_AGGREGATE.search(text))
    claims: list[Claim] = []
    for offset, clause, of_which in _clauses(sentence):
        if _FUTURE.search(clause) or _COMPARISON.search(clause):
            continue
        claims.extend(_carried(sentence, offset, clause, year))
        if _other_year(clause, year):
            continue
        found = (
            _receipts(sentence, offset, clause, of_which)
            + _forward(sentence, offset, clause)
            + _closed(sentence, offset, clause, of_which)
            + _categories(sentence, offset, clause)
            + _reviews(sentence, offset, clause, of_which)
        )
        claims.extend(found)
    if aggregate:
        claims = [_loosen(c, "句中所述可能是本地区各单位的合计") if c.exact else c for c in claims]
    return claims


def _loosen(claim: Claim, why: str) -> Claim:
    return Claim(
        claim.quantity,
        claim.value,
        claim.sentence,
        claim.start,
        claim.end,
        exact=False,
        partial=claim.partial,
        why=why,
    )


def _receipts(sentence: Sentence, offset: int, clause: str, of_which: bool) -> list[Claim]:
    out: list[Claim] = []
    for m in _NEGATED_RECEIPT.finditer(clause):
        if _NOT_APPLICATION.search(m["object"]):
            continue
        out.append(Claim("new", 0, sentence, offset + m.start(), offset + m.end()))
    m = _NO_APPLICATIONS.search(clause)
    if m and not out:
        out.append(Claim("new", 0, sentence, offset + m.start(), offset + m.end()))
    for m in _RECEIPT.finditer(clause):
        obj, after = m["object"], m["after"]
        if "申请" not in obj and not re.match(r"^[^，。；]{0,12}?申请(?!人)", after):
            continue
        if _NOT_APPLICATION.search(obj) or "信息数" in obj or "结转" in obj:
            continue
        value = number_value(m["num"])
        if value is None:
            continue
        quantity = "new" if m["verb"] in ("收到", "接到", "新收", "接收") else "accepted"
        partial, why = of_which, "“其中”之后的分项" if of_which else ""
        if _CHANNEL.search(obj):
            partial, why = True, f"限于某一渠道（“{_CHANNEL.search(obj).group()}”）"
        exact = quantity == "new" and not partial
        if quantity == "accepted":
            why = f"“{m['verb']}”可能含上年结转"
        out.append(
            Claim(
                quantity,
                value,
                sentence,
                offset + m.start(),
                offset + m.end("num") + 1,
                exact=exact,
                partial=partial,
                why=why,
            )
        )
    return out


def _carried(sentence: Sentence, offset: int, clause: str, year: int) -> list[Claim]:
    out: list[Claim] = []
    for m in _CARRIED.finditer(clause):
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


def _forward(sentence: Sentence, offset: int, clause: str) -> list[Claim]:
    out: list[Claim] = []
    for m in _FORWARD.finditer(clause):
        value = _value(m)
        if value is not None:
            out.append(
                Claim("carry_forward", value, sentence, offset + m.start(), offset + m.end())
            )
    return out


def _closed(sentence: Sentence, offset: int, clause: str, of_which: bool) -> list[Claim]:
    if "申请" not in sentence.text:
        return []
    out: list[Claim] = []
    for m in _CLOSED.finditer(clause):
        value = _value(m)
        if value is None or _NOT_APPLICATION.search(m.group()):
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
    if "申请" not in sentence.text and "办结" not in sentence.text:
        return []
    out: list[Claim] = []
    for m in _CATEGORY.finditer(clause):
        word = m["cat"] or m["cat2"]
        value = _value(m)
        if value is None:
            continue
        out.append(
            Claim(_CATEGORY_WORDS[word], value, sentence, offset + m.start(), offset + m.end())
        )
    return out


def _reviews(sentence: Sentence, offset: int, clause: str, of_which: bool) -> list[Claim]:
    about_disclosure = bool(_DISCLOSURE.search(sentence.text)) or sentence.section == "sec.4"
    why = "" if about_disclosure else "句中未说明是因政府信息公开引起的复议、诉讼"
    out: list[Claim] = []
    for pattern in (_REVIEW_ZERO, _ZERO_AFTER):
        for m in pattern.finditer(clause):
            span = m["span"]
            tail = re.match(r"[、和或及与]\s*(?:行政)?(?:复议|诉讼)", clause[m.end() :])
            span += tail.group() if tail else ""  # "未发生行政复议、行政诉讼"
            if re.search(r"\d|[一两三四五六七八九十]\s*[件起]|总计|结果|审结", span):
                continue
            for word, quantity in (("复议", "review"), ("诉讼", "suits")):
                if word in span and not any(c.quantity == quantity for c in out):
                    out.append(
                        Claim(
                            quantity,
                            0,
                            sentence,
                            offset + m.start(),
                            offset + m.end(),
                            exact=about_disclosure,
                            why=why,
                        )
                    )
    if not about_disclosure or of_which:
        return out
    for m in _REVIEW_COUNT.finditer(clause):
        value = number_value(m["num"])
        quantity = "review" if m["what"] == "行政复议" else "suits"
        if value is None or any(c.quantity == quantity for c in out):
            continue
        out.append(Claim(quantity, value, sentence, offset + m.start(), offset + m.end()))
    return out
