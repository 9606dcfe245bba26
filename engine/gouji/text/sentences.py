"""The report's prose as sentences, each knowing where it starts in the source and which
section it belongs to.

Paragraphs come from ``Report.prose``. A PDF text layer wraps lines in the middle of a sentence
("…申请 3119 件，答" / "复 3050 件…"), so a paragraph that does not end a sentence is joined to
the next one; a short line without punctuation ("（一）主动公开政府信息方面", the title) stands
alone. Sentences end at 。！？ (and at such paragraph ends); clauses inside them at ，；：.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..memo import per_report
from ..model import Location, Passage, Report

_END = "。！？!?"
_CLOSERS = "”’」』）)"
_HEADING_START = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,2}[、.．]|\d{1,2}[、.．](?!\d))"
)
_BOUNDARY = re.compile(
    rf"(?P<end>[{_END}]+[{_CLOSERS}]*)|(?<![第条])(?=[（(][一二三四五六七八九十]{{1,2}}[）)](?!项))"
)
"""Where a sentence ends: after 。！？, and before an inline sub-heading "（二）" (crawler dumps run
the headings into the text), but not inside "第二十条第（一）项"."""
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

    def place(line: int | None, column: int | None) -> str | None:
        if line is None:
            return None
        key = None
        for (sline, scol), skey in starts:
            if (sline, scol) <= (line, column or 0):
                key = skey
        return key

    return place


def _split(report: Report) -> tuple[Sentence, ...]:
    place = _section_of(report)
    sentences: list[Sentence] = []
    buf: list[str] = []
    marks: list[tuple[int, int | None, int | None]] = []

    def flush() -> None:
        text = "".join(buf)
        if text.strip():
            lead = len(text) - len(text.lstrip())
            first = next((m for m in reversed(marks) if m[0] <= lead), marks[0])
            shifted = [(max(0, i - lead), ln, col) for i, ln, col in marks if i >= lead]
            if not shifted or shifted[0][0] != 0:
                line, col = first[1], first[2]
                col = (col or 1) + (lead - first[0]) if line else None
                shifted.insert(0, (0, line, col))
            sentences.append(
                Sentence(
                    text=text.strip(),
                    section=place(shifted[0][1], shifted[0][2]),
                    marks=tuple(shifted),
                    index=len(sentences),
                )
            )
        buf.clear()
        marks.clear()

    previous: Passage | None = None
    for passage in report.prose:
        text = passage.text
        if previous is not None and (
            _standalone(previous.text.strip())
            or previous.text.rstrip()[-1:] in _END + "；;：:"
            or _HEADING_START.match(text)
            or _standalone(text.strip())
        ):
            flush()
        offset = 0
        for m in _BOUNDARY.finditer(text):
            cut = m.end() if m.group("end") else m.start()
            if cut <= offset:
                continue
            _append(buf, marks, text[offset:cut], passage, offset)
            flush()
            offset = cut
        if offset < len(text):
            _append(buf, marks, text[offset:], passage, offset)
        previous = passage
    flush()
    return tuple(sentences)


def _append(buf: list[str], marks: list, piece: str, passage: Passage, offset: int) -> None:
    at = sum(len(b) for b in buf)
    column = (passage.loc.column or 1) + offset if passage.loc.line is not None else None
    marks.append((at, passage.loc.line, column))
    buf.append(piece)


def sentences(report: Report) -> tuple[Sentence, ...]:
    """The report's sentences, in order. Every text rule reads them, so the split is made once
    per report (``gouji.memo``)."""
    return per_report(report, "sentences", _split)
