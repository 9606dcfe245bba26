"""Counts the prose states outright, as evidence for a 表二 row whose digits split several ways.

A crawler dump prints "行政规范性文件15621": 15|6|21, 1|56|21, 156|2|1… The report's own text
often says which ("2024年，我局废止规范性文件6件，制定规范性文件15件"). Only sentences that name
the act (制发、制定、印发、出台 / 废止 / 现行有效) and count documents in 件 or 份 are taken:
"规范性文件类信息15条" counts information items, not documents, and is never evidence.

The evidence only chooses between readings of digits the table itself prints; it never supplies
a number the table lacks. A cell read this way rests on the prose (a ``digits.prose`` note), so
a rule comparing that prose with the table says nothing about it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .align import Alignment, number_of

_NUMBER = r"(?P<n>\d{1,5})\s*(?:件|份)"
_DOCS = r"(?:(?:行政)?规范性文件|规章)(?!类)"
_ACTS = {
    "issued": r"(?:新)?(?:制发|制定|印发|出台|发布)了?",
    "repealed": r"(?:废止|宣布失效|确认失效)了?",
    "in_force": r"现行有效的?",
}


@dataclass(frozen=True, slots=True)
class ProseCount:
    """One count the prose states for a 表二 cell, and the words that state it."""

    key: str
    value: int
    quote: str


def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for column, act in _ACTS.items():
        # "制发行政规范性文件9件", "制定规范性文件共15件", "现行有效规范性文件21件"
        out.append(
            (column, re.compile(rf"{act}(?P<what>{_DOCS})(?:共|合计|总计)?[为计]?\s*{_NUMBER}"))
        )
    return out


_PATTERNS = _patterns()


def prose_counts(texts: Sequence[str]) -> dict[str, list[ProseCount]]:
    """Every count of 规范性文件 or 规章 made, repealed or in force that the prose states, by
    canonical 表二 key (``t2.normative_docs.issued``)."""
    found: dict[str, list[ProseCount]] = {}
    for text in texts:
        for column, pattern in _PATTERNS:
            for m in pattern.finditer(text):
                row = "regulations" if m["what"] == "规章" else "normative_docs"
                key = f"t2.{row}.{column}"
                start = max(0, m.start() - 8)
                quote = text[start : m.end()].strip()
                found.setdefault(key, []).append(ProseCount(key, int(m["n"]), quote))
    return found


def choose_by_prose(
    result: Alignment, keys: Sequence[str], stated: dict[str, list[ProseCount]]
) -> None:
    """Read the row in place when exactly one of its readings agrees with every count the
    prose states for its cells (a count stated twice with two values is no evidence)."""
    evidence = {
        i: counts
        for i, key in enumerate(keys)
        if (counts := stated.get(key)) and len({c.value for c in counts}) == 1
    }
    if not evidence:
        return
    fitting = {
        tuple(number_of(s) for s in slots): slots
        for slots in result.candidates
        if all(number_of(slots[i]) == counts[0].value for i, counts in evidence.items())
    }
    if len(fitting) != 1:
        return
    (slots,) = fitting.values()
    quotes = "；".join(f"“{counts[0].quote}”" for counts in evidence.values())
    shown = "、".join(s.text for s in slots)
    base = (result.message or "").replace("，未读取", "")
    result.slots = slots
    result.code = "digits.prose"
    result.message = f"{base}；按正文所述（{quotes}）确定为 {shown}"
    result.confidence = 0.6
    result.candidates = ()
