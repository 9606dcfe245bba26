"""What a table cell's text means: a number, an explicit 0, blank, a placeholder, or text.

The distinction is the point (REPORT-FORMAT.md §4): blank is not 0, "/" is not 0, and
"22（其中修订16件）" is 22 with an annotation the rules may want to know about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from ..model import Semantic, Value

PLACEHOLDERS = frozenset(
    {"/", "／", "-", "－", "—", "——", "--", "–", "无", "不适用", "N/A", "n/a", "NA", "*", "×", "空"}
)

_NUMBER = re.compile(
    r"""^\s*
    (?P<sign>[+\-－−]?)\s*
    (?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)
    \s*(?P<unit>万元|元|笔|件|个|条|项|次|%)?\s*$""",
    re.VERBOSE,
)
_LEADING_NUMBER = re.compile(r"^\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<rest>\S.*)$")


@dataclass(frozen=True, slots=True)
class ParsedValue:
    semantic: Semantic
    value: Value
    unit: str | None = None
    annotation: str | None = None


BLANK = ParsedValue("blank", None)


_UNIT = re.compile(r"(?:万元|元|笔|件|个|条|项|次|%)$")


def split_unit(text: str) -> tuple[str, str | None]:
    """``"984361元"`` → (``"984361"``, ``"元"``)."""
    m = _UNIT.search(text)
    return (text[: m.start()], m.group()) if m else (text, None)


MAX_CELL_DIGITS = 12
"""Digits one cell can hold (999 999 999 999: more than any count or amount in 元 a report
states). A run longer than its row's cells can hold is refused before splits are counted."""

MAX_RUN = 15 * MAX_CELL_DIGITS
"""The longest digit run read as a table's: the widest row (表四, 15 cells) of the longest
cells. Longer runs stay in the text around them."""

MAX_NUMERAL = 30
"""Characters of a numeral read as a number. A cell, a digit run or a prose count longer than
this is no figure a report states (and Python refuses ``int()`` past 4 300 digits): it is
text, never converted."""


def to_number(digits: str) -> int | Decimal:
    """``"12"`` → 12, ``"0.50"`` → Decimal("0.50"), ``"-3"`` → -3, ``"2笔"`` → 2; thousands
    separators and a trailing unit are dropped. Raises ``InvalidOperation`` past
    ``MAX_NUMERAL`` characters."""
    digits = split_unit(digits.replace(",", ""))[0].replace("－", "-").replace("−", "-")
    if len(digits) > MAX_NUMERAL:
        raise InvalidOperation(f"numeral of {len(digits)} characters")
    if "." in digits:
        return Decimal(digits)
    return int(digits)


@lru_cache(maxsize=65536)
def parse_value(raw: str) -> ParsedValue:
    """Classify one cell's text. Never raises. Memoised: cell texts repeat ("0", "1" …)."""
    text = raw.strip()
    if not text:
        return BLANK
    if text in PLACEHOLDERS:
        return ParsedValue("placeholder", None)
    m = _NUMBER.match(text)
    if m:
        try:
            number = to_number(m["num"])
        except InvalidOperation:  # longer than MAX_NUMERAL
            return ParsedValue("text", None)
        if m["sign"] and m["sign"] != "+":
            number = -number
        return ParsedValue("zero" if number == 0 else "number", number, unit=m["unit"])
    m = _LEADING_NUMBER.match(text)
    if m and m["rest"][0] in "（(，,；;" and len(m["num"]) <= MAX_NUMERAL:
        return ParsedValue("text", to_number(m["num"]), annotation=m["rest"])
    return ParsedValue("text", None)


def looks_like_value(text: str) -> bool:
    """Whether a grid cell holds a value (or a blank) rather than a label.

    Item numbers such as ``"2.重复申请"`` start with a digit but are labels.
    """
    parsed = parse_value(text)
    if parsed.semantic != "text":
        return True
    return parsed.value is not None
