"""What the prose states about 行政复议 and 行政诉讼 (表四): "行政复议 N 件", "行政诉讼案件 N 件",
"未发生行政复议、行政诉讼" (also "未发生因…被申请行政复议、提起行政诉讼", "无行政诉讼").

A count is exact only when the sentence says it concerns 政府信息公开 (or stands in section 四):
many units report all their 复议 and 诉讼, so otherwise a mismatch is a notice. Counts after 其中
are results of a total ("其中结果维持 5 件") and are not read.
"""

from __future__ import annotations

import re

from .claims import NUM, Claim, value_of
from .numerals import NUMBER
from .sentences import Sentence

_REVIEW_ZERO = re.compile(
    r"(?<!尚)(?:未|没有|无)(?!经|审结)(?P<span>[^，。；]{0,24}?(?:行政复议|行政诉讼|复议|诉讼))"
)
_ZERO_AFTER = re.compile(
    r"(?P<span>(?:行政复议|行政诉讼)[^，。；\d]{0,14}?)(?:均|都)?(?:为|是)\s*(?:0|零)\s*(?:件|起)?"
)
_TAIL = re.compile(r"\s*[、和或及与]?\s*(?:被|提起|被提起|申请|被申请)?\s*(?:行政)?(?:复议|诉讼)")
_COUNT = re.compile(
    rf"(?P<what>行政复议|行政诉讼)(?:案件|申请)?\s*(?:共)?\s*{NUM}"
    rf"|(?<![\d其中])(?P<num2>{NUMBER})\s*件\s*(?:的)?(?P<what2>行政复议|行政诉讼)"
)
_CAUSE = re.compile(r"因(?P<cause>[^，。；]{1,16}?)(?:引起|引发|导致|而|被)")
_DISCLOSURE_CAUSE = re.compile(r"信息公开|依申请|公开申请|申请")
_DISCLOSURE = re.compile(r"信息公开|依申请|公开申请")
_COUNTED = re.compile(r"\d|[一两三四五六七八九十]\s*[件起]|总计|结果|审结")


def read_reviews(
    sentence: Sentence, offset: int, clause: str, of_which: bool, counted: bool
) -> list[Claim]:
    """The clause's 复议 and 诉讼 claims; counts only when ``counted`` (``claims.COUNT_WORDS``:
    a clause without a number and a unit has none), zeros always."""
    about_disclosure = bool(_DISCLOSURE.search(sentence.text)) or sentence.section == "sec.4"
    why = "" if about_disclosure else "句中未说明是因政府信息公开引起的复议、诉讼"
    out: list[Claim] = []
    for pattern in (_REVIEW_ZERO, _ZERO_AFTER):
        for m in pattern.finditer(clause):
            span = m["span"]
            tail = _TAIL.match(clause[m.end() :])
            span += tail.group() if tail else ""  # "未发生行政复议、提起行政诉讼"
            if _COUNTED.search(span):
                continue
            cause = _CAUSE.search(span)
            narrowed = cause is not None and not _DISCLOSURE_CAUSE.search(cause["cause"])
            exact, because = about_disclosure and not narrowed, why
            if narrowed:  # "未因答复程序不正当引起行政复议": only one cause is denied
                because = f"只否认了“{cause['cause']}”引起的复议、诉讼"
            for word, quantity in (("复议", "review"), ("诉讼", "suits")):
                if word in span and not any(c.quantity == quantity for c in out):
                    end = offset + m.end() + (tail.end() if tail else 0)
                    out.append(
                        Claim(quantity, 0, sentence, offset + m.start(), end, exact, False, because)
                    )
    if of_which or not counted:
        return out
    for m in _COUNT.finditer(clause):
        value = value_of(m)
        quantity = "review" if (m["what"] or m["what2"]) == "行政复议" else "suits"
        if value is None or any(c.quantity == quantity for c in out):
            continue
        out.append(
            Claim(
                quantity,
                value,
                sentence,
                offset + m.start(),
                offset + m.end(),
                about_disclosure,
                False,
                why,
            )
        )
    return out
