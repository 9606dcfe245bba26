"""What a text detector returns: one hit per sentence it judged, before the rule that asked for
it gives the hit its id, title, severity and citation."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Location
from .sentences import Sentence

_QUOTE = 60


@dataclass(frozen=True, slots=True)
class Hit:
    """One judgement on one sentence.

    ``key`` makes the finding's instance id (``TEXT.OTHER_UNIT[新源镇@21]``) and stays the same
    for the same text. ``notice`` marks a failure read from a sentence whose meaning is not
    certain: the finding is then a notice (severity ``info``) whatever the rule's severity."""

    key: str
    status: str  # pass | fail | not_assessable
    message: str
    loc: Location | None = None
    refs: tuple[str, ...] = ()
    expected: str | None = None
    actual: str | None = None
    notice: bool = False
    reading: str | None = None
    """How the sentence was read ("读作：本年新收申请 1 件"), kept with the finding."""


def quote(sentence: Sentence, start: int = 0, end: int | None = None) -> str:
    """The sentence (or the part around ``start``–``end``) in quotation marks, shortened."""
    text = sentence.text
    end = len(text) if end is None else end
    if len(text) <= _QUOTE:
        return f"“{text}”"
    lo = max(0, min(start, len(text)) - 20)
    hi = min(len(text), max(end, lo + 40) + 20)
    return f"“{'…' if lo else ''}{text[lo:hi]}{'…' if hi < len(text) else ''}”"


def where(sentence: Sentence, at: int = 0) -> str:
    """``第 21 行`` (or ``第 10 行第 355 列`` for a long line), for messages."""
    loc = sentence.loc(at)
    if loc.line is None:
        return "正文"
    if loc.column and loc.column > 1 and len(sentence.text) > 0:
        return f"第 {loc.line} 行第 {loc.column} 列"
    return f"第 {loc.line} 行"
