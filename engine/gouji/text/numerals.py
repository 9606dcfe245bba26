"""Numbers as reports write them: digits, or Chinese numerals ("一件", "两件", "十二条", "一百零五")."""

from __future__ import annotations

import re

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
           "八": 8, "九": 9}  # fmt: skip
_UNITS = {"十": 10, "百": 100, "千": 1000}
CHINESE = "零〇一二两三四五六七八九十百千万"
NUMBER = rf"(?:\d+|[{CHINESE}]+)"
"""A regex fragment for one number, digits or Chinese numerals."""


def number_value(text: str) -> int | None:
    """The value of ``text`` (digits or Chinese numerals), ``None`` when it is not a number.

    Chinese numerals are read the usual way ("十二" 12, "二十" 20, "一百零五" 105, "两万" 20000);
    a string of bare digits ("一二") that is no well-formed numeral gives ``None``."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if any(ch not in CHINESE for ch in text):
        return None
    total, section, digit, last_unit = 0, 0, None, None
    for ch in text:
        if ch in _DIGITS:
            if digit is not None and _DIGITS[ch] != 0:
                return None  # two digits in a row ("一二") is no numeral
            digit = _DIGITS[ch] if _DIGITS[ch] != 0 else None
        elif ch in _UNITS:
            unit = _UNITS[ch]
            if last_unit is not None and unit >= last_unit and section:
                return None
            section += (digit if digit is not None else 1) * unit
            digit, last_unit = None, unit
        else:  # 万
            section += digit or 0
            total += (section or 1) * 10000
            section, digit, last_unit = 0, None, None
    return total + section + (digit or 0)


_ANY = re.compile(NUMBER)


def first_number(text: str) -> int | None:
    """The first number in ``text``, or ``None``."""
    m = _ANY.search(text)
    return number_value(m.group()) if m else None
