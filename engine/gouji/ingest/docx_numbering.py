"""Automatic list numbers of a DOCX, rendered as Word shows them.

Reports written in Word often number their headings with a list ("一、", "（一）", "1.") rather
than typing the ordinal: the number is then not in the paragraph's text at all, only in
``numbering.xml``. A copy of the document as text carries the number, and the section reader
checks ordinals against their places, so the number is rendered here and put before the text.

Rendering follows Word's rules for the common cases: a counter per list (``abstractNum``) and
level, levels below reset when a level counts up, ``start`` values and ``startOverride``, level
text such as ``%1、`` or ``（%2）``, and the number formats reports use (decimal, Chinese
counting, full-width and circled digits, letters, Roman numerals). A paragraph style may carry the
numbering (``Heading 1`` numbered ``一、``), so style definitions are followed too. A bullet or a
level with no text gives no ordinal.

A numbering definition is a template applied to every paragraph of its list, so a few bytes of
it can stand for much text: a letter format repeats its letter once per 26 (item 1 000 000 is
38 462 letters), and a level text can hold its placeholder many times. A 4 KB file once rendered
1.2 GB of labels this way. Labels are bounded before they are built: a counter past
``MAX_LIST_NUMBER`` or a level text longer than ``MAX_LABEL_CHARS`` gives no label (counted in
``overlong`` for a note), so a label costs at most a few hundred characters of work.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

__all__ = ["MAX_LABEL_CHARS", "MAX_LIST_NUMBER", "Numbering"]

_CN = "〇一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)
_MAX_LEVEL = 9

MAX_LIST_NUMBER = 999
"""Largest counter value rendered. Report headings count to twenty or so (Chinese counting is
rendered up to 九十九); a list item past 999 is no heading ordinal."""

MAX_LABEL_CHARS = 32
"""Longest level text and longest rendered label: "（十二）" or "1.2.3." are a few characters."""


@dataclass(slots=True)
class _Level:
    fmt: str = "decimal"
    text: str = ""
    start: int = 1


@dataclass(slots=True)
class _List:
    abstract: str
    levels: dict[int, _Level] = field(default_factory=dict)
    overrides: dict[int, int] = field(default_factory=dict)


class Numbering:
    """Renders the list number of each numbered paragraph, in document order."""

    def __init__(self, w: str, numbering: etree._Element | None, styles: etree._Element | None):
        self._w = w
        self._lists: dict[str, _List] = {}
        self._style_num: dict[str, tuple[str, int]] = {}
        self._counters: dict[str, list[int | None]] = {}
        self._started: set[str] = set()
        self.rendered = 0
        self.overlong = 0
        """Labels not rendered because of ``MAX_LIST_NUMBER`` or ``MAX_LABEL_CHARS``."""
        if numbering is not None:
            self._read_numbering(numbering)
        if styles is not None:
            self._read_styles(styles)

    def __bool__(self) -> bool:
        return bool(self._lists)

    def _val(self, el: etree._Element | None, default: str | None = None) -> str | None:
        if el is None:
            return default
        return el.get(f"{self._w}val", default)

    def _read_numbering(self, root: etree._Element) -> None:
        w = self._w
        abstracts: dict[str, dict[int, _Level]] = {}
        for ab in root.iter(f"{w}abstractNum"):
            abstracts[ab.get(f"{w}abstractNumId", "")] = self._levels(ab)
        for num in root.iter(f"{w}num"):
            abstract = self._val(num.find(f"{w}abstractNumId"), "") or ""
            entry = _List(abstract, dict(abstracts.get(abstract, {})))
            for override in num.iter(f"{w}lvlOverride"):
                ilvl = _int(override.get(f"{w}ilvl"), 0)
                start = override.find(f"{w}startOverride")
                if start is not None:
                    entry.overrides[ilvl] = _int(self._val(start), 1)
                lvl = override.find(f"{w}lvl")
                if lvl is not None:
                    entry.levels[ilvl] = self._level(lvl)
            self._lists[num.get(f"{w}numId", "")] = entry

    def _levels(self, parent: etree._Element) -> dict[int, _Level]:
        return {
            _int(lvl.get(f"{self._w}ilvl"), 0): self._level(lvl)
            for lvl in parent.iterchildren(f"{self._w}lvl")
        }

    def _level(self, lvl: etree._Element) -> _Level:
        w = self._w
        return _Level(
            fmt=self._val(lvl.find(f"{w}numFmt"), "decimal") or "decimal",
            text=self._val(lvl.find(f"{w}lvlText"), "") or "",
            start=_int(self._val(lvl.find(f"{w}start")), 1),
        )

    def _read_styles(self, root: etree._Element) -> None:
        w = self._w
        for style in root.iter(f"{w}style"):
            num = style.find(f"{w}pPr/{w}numPr")
            if num is None:
                continue
            num_id = self._val(num.find(f"{w}numId"))
            if num_id:
                ilvl = _int(self._val(num.find(f"{w}ilvl")), 0)
                self._style_num[style.get(f"{w}styleId", "")] = (num_id, ilvl)

    def label(self, ppr: etree._Element | None) -> str:
        """The number Word shows before a paragraph with these properties ("" when none)."""
        if ppr is None or not self._lists:
            return ""
        w = self._w
        num_pr = ppr.find(f"{w}numPr")
        num_id: str | None = None
        ilvl = 0
        if num_pr is not None:
            num_id = self._val(num_pr.find(f"{w}numId"))
            ilvl = _int(self._val(num_pr.find(f"{w}ilvl")), 0)
        else:
            style = self._val(ppr.find(f"{w}pStyle"))
            if style in self._style_num:
                num_id, ilvl = self._style_num[style]
        if not num_id or num_id == "0" or num_id not in self._lists:
            return ""
        return self._count(self._lists[num_id], num_id, min(max(ilvl, 0), _MAX_LEVEL - 1))

    def _count(self, entry: _List, num_id: str, ilvl: int) -> str:
        counters = self._counters.setdefault(entry.abstract, [None] * _MAX_LEVEL)
        if num_id not in self._started:
            self._started.add(num_id)
            for level, start in entry.overrides.items():
                if 0 <= level < _MAX_LEVEL:
                    counters[level] = start - 1
        level = entry.levels.get(ilvl, _Level())
        current = counters[ilvl]
        counters[ilvl] = level.start if current is None else current + 1
        for below in range(ilvl + 1, _MAX_LEVEL):
            counters[below] = None
        if level.fmt in ("bullet", "none") or not level.text:
            return ""
        text = level.text
        if len(text) > MAX_LABEL_CHARS:
            self.overlong += 1
            return ""
        for k in range(ilvl + 1):
            placeholder = f"%{k + 1}"
            if placeholder in text:
                spec = entry.levels.get(k, _Level())
                value = counters[k]
                value = spec.start if value is None else value
                if abs(value) > MAX_LIST_NUMBER:
                    self.overlong += 1
                    return ""
                text = text.replace(placeholder, _format(value, spec.fmt))
        if len(text) > MAX_LABEL_CHARS:
            self.overlong += 1
            return ""
        self.rendered += 1
        return text


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _format(n: int, fmt: str) -> str:
    """One counter value in a Word number format; unknown formats fall back to digits."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting"):
        return _chinese(n, _CN)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return _chinese(n, _CN_LEGAL)
    if fmt in ("ideographDigital", "taiwaneseDigital"):
        return "".join(_CN[int(d)] for d in str(n))
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return _CIRCLED[n - 1] if 1 <= n <= len(_CIRCLED) else str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    return str(n)


def _chinese(n: int, digits: str) -> str:
    """Chinese counting as headings write it: 一 … 十, 十一, 二十, 二十一 … 九十九."""
    if n <= 0 or n >= 100:
        return str(n)
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    ten = "十" if digits is _CN else "拾"
    head = "" if tens == 1 and digits is _CN else digits[tens]
    return head + ten + (digits[ones] if ones else "")


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = []
    for value, symbol in _ROMAN:
        while n >= value:
            out.append(symbol)
            n -= value
    return "".join(out)
