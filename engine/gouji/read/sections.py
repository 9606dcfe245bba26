"""The six statutory sections: found keyword-first, ordinal-second (REPORT-FORMAT.md §2).

Headings arrive with or without ordinals, with markdown ``#``, repeated, out of order, or with
sub-headings wrongly numbered as top-level. A heading is recognised by what it says; its ordinal
is then checked against its place, and everything that looks like a section heading but is not
one of the six in its place is kept as a stray heading for the rules to judge.

Crawler dumps put the whole body on one line: there, headings are found inline, but only with a
top-level ordinal and a known title, so the report's own list of its parts ("本报告包括总体情况、
主动公开政府信息情况…") is not mistaken for headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..ingest.document import Document, Paragraph, Pos
from ..model import Section, StrayHeading
from ..vocabulary import SectionSpec, sections
from .labels import normalize_label
from .notes import location

_NUMERALS = "一二三四五六七八九十"
_HEADING = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:\*\*)?\s*"
    r"(?:(?P<top>[一二三四五六七八九十]{1,2})\s*[、.．]|第(?P<part>[一二三四五六])部分[、:：]?"
    r"|(?P<sub>[（(][一二三四五六七八九十]{1,2}[）)])|(?P<arabic>\d{1,2})\s*[、.．](?!\d))?"
    r"\s*(?P<title>.+?)\s*(?:\*\*)?\s*$"
)
_MAX_HEADING = 34
_TABLE_LABELS = ("本年新收", "上年结转", "本年度办理结果", "结转下年度", "申请人情况")


@dataclass(frozen=True, slots=True)
class _Heading:
    spec: SectionSpec | None
    title: str
    ordinal: str | None
    level: str
    variant: bool
    pos: Pos
    paragraph: int
    start: int


def _match_title(title: str) -> tuple[SectionSpec, bool] | None:
    norm = normalize_label(title)
    if not norm:
        return None
    for spec in sections():
        if norm == normalize_label(spec.title):
            return spec, False
        if any(norm == normalize_label(v) for v in spec.variants):
            return spec, True
    if len(norm) > _MAX_HEADING or any(t in norm for t in _TABLE_LABELS):
        return None
    for spec in sections():
        if any(k in norm for k in spec.keywords) and _plausible(spec, norm):
            return spec, True
    return None


def _is_exact_title(title: str) -> bool:
    norm = normalize_label(title)
    return any(
        norm == normalize_label(t) for spec in sections() for t in (spec.title, *spec.variants)
    )


def _plausible(spec: SectionSpec, norm: str) -> bool:
    """Keyword hits must still read like that section's heading, not a sub-topic line."""
    if spec.key == "sec.4":
        return "诉讼" in norm
    if spec.key == "sec.5":
        return "改进" in norm or "问题" in norm
    if spec.key == "sec.2":
        return norm.endswith("情况")
    return True


def _ordinal_value(ordinal: str | None) -> int | None:
    if not ordinal:
        return None
    if ordinal.isdigit():
        return int(ordinal)
    if ordinal == "十":
        return 10
    return _NUMERALS.index(ordinal[-1]) + 1 + (10 if len(ordinal) > 1 else 0)


def _line_heading(p: Paragraph, index: int) -> _Heading | None:
    text = p.text
    if len(text) > 60 or "。" in text.rstrip("。")[:-1]:
        return None
    m = _HEADING.match(text)
    if not m:
        return None
    level = (
        "top"
        if (m["top"] or m["part"])
        else "sub"
        if m["sub"]
        else "arabic"
        if m["arabic"]
        else "none"
    )
    title = m["title"].rstrip("。：:")
    found = _match_title(title)
    if found is not None and found[1] and level == "none" and not _is_exact_title(title):
        found = None  # without an ordinal only a known title is a heading, not any keyword line
    if found is None:
        norm = normalize_label(title)
        if any(t in norm for t in _TABLE_LABELS):
            return None
        if level == "top" and len(norm) <= 20 and not re.search(r"\d", title):
            return _Heading(None, title, m["top"] or m["part"], level, False, p.pos, index, 0)
        return None
    if level in ("sub", "arabic"):
        return None
    return _Heading(found[0], title, m["top"] or m["part"], level, found[1], p.pos, index, 0)


def _inline_pattern() -> re.Pattern[str]:
    titles = sorted({t for s in sections() for t in (s.title, *s.variants)}, key=len, reverse=True)
    alts = "|".join(re.escape(t) for t in titles)
    return re.compile(rf"(?P<top>[一二三四五六])\s*[、.．]\s*(?P<title>{alts})")


_INLINE = _inline_pattern()


def _inline_headings(p: Paragraph, index: int) -> list[_Heading]:
    out = []
    for m in _INLINE.finditer(p.text):
        found = _match_title(m["title"])
        if found is None:
            continue
        col = None
        if p.line is not None:
            col = p.line.source_column(p.offset + m.start())
        pos = Pos(line=p.pos.line, column=col, page=p.pos.page)
        out.append(_Heading(found[0], m["title"], m["top"], "top", found[1], pos, index, m.start()))
    return out


def read_sections(document: Document) -> tuple[tuple[Section, ...], tuple[StrayHeading, ...]]:
    paragraphs = [b for b in document.blocks if isinstance(b, Paragraph)]
    headings: list[_Heading] = []
    for i, p in enumerate(paragraphs):
        h = _line_heading(p, i)
        if h is not None:
            headings.append(h)
        elif len(p.text) > 200:
            headings.extend(_inline_headings(p, i))
    return _assemble(headings, paragraphs)


def _assemble(
    headings: list[_Heading], paragraphs: list[Paragraph]
) -> tuple[tuple[Section, ...], tuple[StrayHeading, ...]]:
    stray: list[StrayHeading] = []
    chosen: list[_Heading] = []
    seen: dict[str, _Heading] = {}
    highest = 0
    for h in headings:
        if h.spec is None:
            value = _ordinal_value(h.ordinal)
            problem = (
                "restarted_numbering"
                if value is not None and value < highest
                else "subheading_as_section"
            )
            stray.append(
                _stray(
                    problem,
                    h,
                    None,
                    f"“{h.ordinal}、{h.title}”使用了一级标题编号，但不是六个法定部分之一",
                )
            )
            continue
        number = int(h.spec.key.split(".")[1])
        if h.spec.key in seen:
            stray.append(
                _stray(
                    "duplicate", h, h.spec.key, f"“{h.title}”重复出现（{h.spec.key} 已在前文出现）"
                )
            )
            continue
        if number < highest:
            stray.append(
                _stray("out_of_order", h, h.spec.key, f"“{h.title}”出现在后面的部分之后，顺序错误")
            )
        value = _ordinal_value(h.ordinal)
        if value is not None and value != number:
            stray.append(
                _stray(
                    "misnumbered",
                    h,
                    h.spec.key,
                    f"“{h.title}”编号为“{h.ordinal}”，应为“{h.spec.ordinal}”",
                )
            )
        seen[h.spec.key] = h
        chosen.append(h)
        highest = max(highest, number)
    following: list[_Heading | None] = [*chosen[1:], None]
    return tuple(
        _section(h, nxt, paragraphs)
        for h, nxt in zip(chosen, following[: len(chosen)], strict=True)
    ), tuple(stray)


def _stray(problem: str, h: _Heading, resembles: str | None, message: str) -> StrayHeading:
    return StrayHeading(
        problem=problem,  # type: ignore[arg-type]
        title=h.title,
        ordinal=h.ordinal,
        resembles=resembles,
        loc=location(h.pos),
        message=message,
    )


def _section(h: _Heading, nxt: _Heading | None, paragraphs: list[Paragraph]) -> Section:
    assert h.spec is not None
    end_par = nxt.paragraph if nxt is not None else len(paragraphs)
    texts: list[str] = []
    if nxt is not None and nxt.paragraph == h.paragraph:
        texts.append(paragraphs[h.paragraph].text[h.start + len(h.title) : nxt.start])
    else:
        head = paragraphs[h.paragraph].text
        if h.start or len(head) > 200:
            texts.append(head[h.start + len(h.title) + 2 :])
        texts.extend(p.text for p in paragraphs[h.paragraph + 1 : end_par])
        if nxt is not None and nxt.start:
            texts.append(paragraphs[nxt.paragraph].text[: nxt.start])
    start_line = h.pos.line or 0
    if nxt is not None and nxt.pos.line is not None:
        end_line = max(
            start_line, nxt.pos.line - (0 if nxt.paragraph == h.paragraph or nxt.start else 1)
        )
    else:
        last = paragraphs[-1].pos.line if paragraphs else None
        end_line = max(start_line, last or start_line)
    return Section(
        key=h.spec.key,
        title=h.title,
        ordinal=h.ordinal,
        canonical_title=h.spec.title,
        variant=h.variant,
        start_line=start_line,
        end_line=end_line,
        loc=location(h.pos) or location(Pos()),
        text="\n".join(t.strip() for t in texts if t.strip()),
    )
