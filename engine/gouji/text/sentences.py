"""The report's prose as sentences, each knowing where it starts in the source and which
section it belongs to.

Paragraphs come from ``Report.prose``. A PDF text layer wraps lines in the middle of a sentence
("…申请 3119 件，答" / "复 3050 件…"), so a paragraph that does not end a sentence is joined to
the next one; a short line without punctuation ("（一）主动公开政府信息方面", the title) stands
alone. Sentences end at 。！？ (and at such paragraph ends); clauses inside them at ，；：.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ..memo import per_report
from ..model import Location, Passage, Report

_END = "。！？!?"
_CLOSERS = "”’」』）)"
_ENDED = frozenset(_END + "；;：:")
"""A paragraph ending in one of these is not continued by the next."""
_HEADING_START = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,2}[、.．]|\d{1,2}[、.．](?!\d))"
)
_BOUNDARY = re.compile(
    rf"[{_END}（(](?:(?<=[{_END}])[{_END}]*[{_CLOSERS}]*"
    rf"|(?<=[（(])(?<![第条].)(?=[一二三四五六七八九十]{{1,2}}[）)](?!项)))"
)
"""Where a sentence ends: after 。！？ (and any closing quotes), and before an inline sub-heading
"（二）" (crawler dumps run the headings into the text), but not inside "第二十条第（一）项". The
pattern starts with one character class so that the engine skips straight to the candidates
(a leading alternation is tried at every character): the split runs over all of the prose."""
_CLAUSE_END = re.compile(r"[，,；;：:]")
_PUNCTUATION = re.compile(r"[，,。；;！？!?]")
_STANDALONE = 40
"""A paragraph this short without any punctuation is a heading, a title or a 落款 line."""


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of prose. ``marks`` are (index in ``text``, line, column) where a source
    paragraph begins, so any character can be traced back to its line and column."""

    text: str
    section: str | None
    """``sec.1`` … ``sec.6``, or ``None`` before the first section (title, preamble)."""
    marks: tuple[tuple[int, int | None, int | None], ...]
    index: int

    def loc(self, at: int = 0) -> Location:
        """The source location of character ``at`` of the sentence."""
        start, line, column = self.marks[0]
        for mark in self.marks:
            if mark[0] <= at:
                start, line, column = mark
        return Location(line=line, column=(column or 1) + (at - start) if line else None)

    def clauses(self) -> list[tuple[int, str]]:
        """The clauses (split at ，,；;：:) as (offset, text)."""
        out, start = [], 0
        for m in _CLAUSE_END.finditer(self.text):
            out.append((start, self.text[start : m.start()]))
            start = m.end()
        out.append((start, self.text[start:]))
        return [(o, c) for o, c in out if c.strip()]


def _standalone(text: str) -> bool:
    return len(text) <= _STANDALONE and not _PUNCTUATION.search(text)


def _section_of(report: Report):
    """A function placing a (line, column) in the section whose heading precedes it."""
    starts = sorted(
        ((s.loc.line or s.start_line, s.loc.column or 0), s.key) for s in report.sections
    )
    positions = [position for position, _ in starts]
    keys = [key for _, key in starts]

    def place(line: int | None, column: int | None) -> str | None:
        if line is None:
            return None
        at = bisect_right(positions, (line, column or 0))
        return keys[at - 1] if at else None

    return place


def _split(report: Report) -> tuple[Sentence, ...]:
    place = _section_of(report)
    sentences: list[Sentence] = []
    buf: list[str] = []
    marks: list[tuple[int, int | None, int | None]] = []
    size = 0  # characters in ``buf``: where the next piece starts in the sentence being gathered

    def flush() -> None:
        nonlocal size
        text = "".join(buf)
        stripped = text.strip()
        if stripped:
            lead = len(text) - len(text.lstrip())
            if lead:  # the sentence starts past its first mark: shift the marks onto it
                first = next((m for m in reversed(marks) if m[0] <= lead), marks[0])
                shifted = [(max(0, i - lead), ln, col) for i, ln, col in marks if i >= lead]
                if not shifted or shifted[0][0] != 0:
                    line, col = first[1], first[2]
                    col = (col or 1) + (lead - first[0]) if line else None
                    shifted.insert(0, (0, line, col))
            else:
                shifted = marks
            _, line, column = shifted[0]
            sentences.append(
                Sentence(
                    text=stripped,
                    section=place(line, column),
                    marks=tuple(shifted),
                    index=len(sentences),
                )
            )
        buf.clear()
        marks.clear()
        size = 0

    def append(piece: str, passage: Passage, offset: int) -> None:
        nonlocal size
        line = passage.loc.line
        column = (passage.loc.column or 1) + offset if line is not None else None
        marks.append((size, line, column))
        buf.append(piece)
        size += len(piece)

    alone_before = False
    """The previous paragraph stands alone (``_standalone``)."""
    ended_before = False
    """The previous paragraph ends a sentence or a clause list (。！？；：)."""
    for index, passage in enumerate(report.prose):
        text = passage.text
        alone = _standalone(text.strip())
        if index and (alone_before or ended_before or alone or _HEADING_START.match(text)):
            flush()
        offset = 0
        for m in _BOUNDARY.finditer(text):
            cut = m.end() if text[m.start()] in _END else m.start()
            if cut <= offset:
                continue
            append(text[offset:cut], passage, offset)
            flush()
            offset = cut
        if offset < len(text):
            append(text[offset:], passage, offset)
        alone_before = alone
        ended_before = text.rstrip()[-1:] in _ENDED
    flush()
    return tuple(sentences)


def sentences(report: Report) -> tuple[Sentence, ...]:
    """The report's sentences, in order. Every text rule reads them, so the split is made once
    per report (``gouji.memo``)."""
    return per_report(report, "sentences", _split)
