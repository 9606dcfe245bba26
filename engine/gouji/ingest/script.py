"""Traditional characters → simplified, so a report saved from a 繁體 page reads like any other.

Many government portals have a 简/繁 switch that rewrites each page character by character; a
crawler that follows it saves the report in traditional characters, and then no label of the
template matches and the report would look like no report at all. The text is therefore
converted back with OpenCC's ``t2s`` (the standard converter, character and phrase tables)
before anything reads it, and a note says so: the cells are the report's own numbers, but every
quoted label is the converted one.

Detection must cost next to nothing on the ordinary, simplified report: one regular-expression
pass counts characters that exist only in traditional script among the report's commonest words
(開 報 國 關 …); only when they outnumber their simplified forms is the converter loaded at all.
"""

from __future__ import annotations

import re
from functools import cache

from .document import IngestNote

__all__ = ["to_simplified"]

_TRADITIONAL = "開報國發機關請處務縣區會與為爲時數據統計條號權議復訴訟審辦結轉總項規範費責網設門頁標準應況對當體錄檢業們這種舉動進給單間廣電視說問題讓還經濟員"
_SIMPLIFIED = "开报国发机关请处务县区会与为为时数据统计条号权议复诉讼审办结转总项规范费责网设门页标准应况对当体录检业们这种举动进给单间广电视说问题让还经济员"
"""The same words in both scripts, position by position. Every traditional form here is one that
simplified text never uses, so a simplified report quoting nothing traditional counts zero."""

_TRADITIONAL_CHARS = re.compile(f"[{_TRADITIONAL}]")
_SIMPLIFIED_CHARS = re.compile(f"[{_SIMPLIFIED}]")

_MIN_EVIDENCE = 8
"""Fewer traditional characters than this is a quotation or a stray character, not a script."""


def is_traditional(text: str) -> bool:
    """Whether ``text`` is written in traditional characters (most of its common words are)."""
    traditional = len(_TRADITIONAL_CHARS.findall(text))
    if traditional < _MIN_EVIDENCE:
        return False
    return traditional > len(_SIMPLIFIED_CHARS.findall(text))


def to_simplified(text: str) -> tuple[str, list[IngestNote]]:
    """``text`` in simplified characters, and the note that says it was converted (if it was).

    OpenCC maps characters (and a few phrases) one for one, so lines and columns stay where
    they were in the source.
    """
    if not is_traditional(text):
        return text, []
    converted = _converter().convert(text)
    note = IngestNote(
        "document.traditional",
        "文件使用繁体字，已按 OpenCC 繁简对照（t2s）转换为简体字后读取；引用的标签为转换后的文字",
        confidence=0.95,
    )
    return converted, [note]


@cache
def _converter():
    """Loaded on first use: simplified reports, nearly all of them, never need it."""
    import opencc

    return opencc.OpenCC("t2s.json")
