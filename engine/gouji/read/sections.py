"""The six statutory sections: found keyword-first, ordinal-second (REPORT-FORMAT.md §2).

Headings arrive with or without ordinals, with markdown ``#``, repeated, out of order, or with
sub-headings wrongly numbered as top-level, and real reports word them freely ("四、政府信息公开
行政法复议、行政诉讼情况", "五、存在的主要问题及明年工作计划", "六、需要说明的其他事项"). A heading is
recognised by what it says: the canonical title or a variant anywhere, a keyword under any
top-level ordinal, and a weaker cue word (vocabulary ``cues``) only under the section's own
ordinal and in the section's own place — after the sections before it, and only when no heading
names the section outright. Its ordinal is then checked against its place, and everything that
looks like a section heading but is not one of the six in its place is kept as a stray heading
for the rules to judge.

Nothing depends on where the source breaks its lines: crawler dumps and one-line HTML put the
whole body in one paragraph, so every paragraph that is not itself a heading is searched for
headings run into the text ("…000000000000000五、存在的主要问题及改进措施2023年，我局…"). There a
heading needs a top-level ordinal (a known title may follow it without the 、: "。一总体情况2020年"),
and one that is not a known title must be in its section's place, so the report's own list of its parts ("本报告包括总体情况、主动公开政府信息情况…", no
ordinals) and 表三's row labels ("四、结转下年度继续办理") are never taken for headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

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
_TABLE_LABEL = re.compile("|".join(map(re.escape, _TABLE_LABELS)))
"""Any of ``_TABLE_LABELS``, in one search (every paragraph of a report is tried)."""
_TITLE_STOP = re.compile(r"[。，,；;：:（(\s\d“\"《！？!?【]")
"""Where a heading run into its text stops at the latest (crawler dumps: "一、总体情况2024年，…")."""
_TITLE_END = re.compile(r"情况|事项|措施|计划|打算|问题|概述")
"""The words a section title ends with; "及/和/与" carries it on to the next one."""
_INLINE_ORDINAL = re.compile(r"(?<![\u3400-\u9fff])(?P<top>[一二三四五六七])\s*[、.．]\s*")


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
    """Where the heading begins in its paragraph."""
    end: int
    """Where the section's own text begins in that paragraph (after the title)."""
    placed: bool = False
    """Recognised only by a cue word under the section's own ordinal: the section only if it
    stands in that section's place and no heading names the section outright."""
    inline: bool = False
    """Found inside a longer paragraph rather than as a line of its own."""


def _match_title(title: str, ordinal: int | None = None) -> tuple[SectionSpec, bool, bool] | None:
    """(section, is a variant, recognised only by its ordinal and a cue) for a heading's title.

    The canonical title and its variants are recognised anywhere; a keyword that still reads like
    the section's heading under any ordinal; a cue only under the section's own ordinal, which the
    caller must then find in its place."""
    norm = normalize_label(title)
    if not norm:
        return None
    exact = _exact_titles().get(norm)
    if exact is not None:
        return exact[0], exact[1], False
    if len(norm) > _MAX_HEADING or _TABLE_LABEL.search(norm):
        return None
    for spec, keywords in _keyword_patterns():
        if keywords is not None and keywords.search(norm) and _plausible(spec, norm):
            return spec, True, False
    if ordinal is not None and 1 <= ordinal <= len(sections()):
        spec = sections()[ordinal - 1]
        if any(c in norm for c in spec.cues) or ordinal == 1:
            # The first part under 一、 is 总体情况 whatever its title ("一、年度工作核心成效"),
            # if it is the first heading and nothing else is titled 总体情况 (the caller checks).
            return spec, True, True
    return None


@cache
def _exact_titles() -> dict[str, tuple[SectionSpec, bool]]:
    """Each section's title and variants, normalized → (section, is a variant).

    A heading candidate is looked up here once instead of being compared with every title of
    every section (thousands of comparisons for a long PDF text layer). Where two sections'
    titles normalize alike, the first one in section order wins, as it did in the comparisons."""
    titles: dict[str, tuple[SectionSpec, bool]] = {}
    for spec in sections():
        titles.setdefault(normalize_label(spec.title), (spec, False))
        for v in spec.variants:
            titles.setdefault(normalize_label(v), (spec, True))
    return titles


@cache
def _keyword_patterns() -> tuple[tuple[SectionSpec, re.Pattern[str] | None], ...]:
    """Each section with one pattern finding any of its keywords (``None``: it has none), so a
    heading candidate is searched once per section rather than once per keyword."""
    return tuple(
        (spec, re.compile("|".join(map(re.escape, spec.keywords))) if spec.keywords else None)
        for spec in sections()
    )


def _is_exact_title(title: str) -> bool:
    return normalize_label(title) in _exact_titles()


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
    ordinal = m["top"] or m["part"]
    value = _ordinal_value(ordinal) if level == "top" else None
    # "六、其他需要报告的事项：本年度未收取信息处理费。", "五、存在的主要问题及改进情况（一）存在
    # 问题：…": the title ends where its text begins.
    title = re.split(r"[：:。；;]", m["title"], maxsplit=1)[0].rstrip()
    run_in = _run_in_title(m["title"])
    shorter = run_in is not None and len(run_in) < len(title) and not _is_exact_title(title)
    if shorter and _match_title(run_in, value) is not None:
        title = run_in
    end = m.start("title") + len(title) if len(title) < len(m["title"]) else len(text)
    found = _match_title(title, value)
    if found is not None and found[1] and level == "none" and not _is_exact_title(title):
        found = None  # without an ordinal only a known title is a heading, not any keyword line
    if found is None:
        norm = normalize_label(title)
        if any(t in norm for t in _TABLE_LABELS):
            return None
        if level == "top" and _stray_shaped(title):
            return _Heading(None, title, ordinal, level, False, p.pos, index, 0, end)
        return None
    if level in ("sub", "arabic"):
        return None
    spec, variant, placed = found
    return _Heading(spec, title, ordinal, level, variant, p.pos, index, 0, end, placed)


def _stray_shaped(title: str) -> bool:
    """A short top-level title without figures: worth reporting when it is none of the six."""
    return len(normalize_label(title)) <= 20 and not re.search(r"\d", title)


def _inline_pattern(separated: bool = True) -> re.Pattern[str]:
    titles = sorted({t for s in sections() for t in (s.title, *s.variants)}, key=len, reverse=True)
    alts = "|".join(re.escape(t) for t in titles)
    if separated:
        return re.compile(rf"(?P<top>[一二三四五六])\s*[、.．]\s*(?P<title>{alts})")
    # "。一总体情况2020年，…" (金井片区管理局 2020): no 、 after the ordinal — a known title only,
    # and not inside a word.
    return re.compile(rf"(?<![\u3400-\u9fff])(?P<top>[一二三四五六])(?P<title>{alts})")


_INLINE = _inline_pattern()
_INLINE_BARE = _inline_pattern(separated=False)


def _run_in_title(text: str) -> str | None:
    """The title at the start of ``text`` when the heading runs into its section's text: up to
    the first title-ending word (情况、事项、措施…), carried on over "及/和/与" to the next one, and
    never past punctuation or a figure."""
    window = _TITLE_STOP.split(text[:_MAX_HEADING], maxsplit=1)[0]
    end = None
    for m in _TITLE_END.finditer(window):
        if end is None or (m.start() > end and window[end] in "及和与暨、"):
            end = m.end()
        else:
            break
    return window[:end] if end else None


def _first_title(text: str) -> str | None:
    """A short title run into its text after 一、 ("一、年度工作核心成效（一）主动公开…"): up to the
    first punctuation or figure. Only the first part can be recognised by its place alone."""
    window = _TITLE_STOP.split(text[:_MAX_HEADING], maxsplit=1)[0]
    return window if 2 <= len(window) <= _FIRST_TITLE else None


_FIRST_TITLE = 16


def _inline_headings(p: Paragraph, index: int) -> list[_Heading]:
    """Headings inside a paragraph (crawler dumps, one-line HTML): a known title after any of the
    six ordinals, or a title that names the section under its own ordinal (kept only if it stands
    in the section's place). The report's list of its parts has no ordinals and is never read."""
    found: dict[int, _Heading] = {}

    def add(start: int, top: str, title: str, title_at: int) -> None:
        match = _match_title(title, _ordinal_value(top))
        if match is None or start in found:
            return
        spec, variant, placed = match
        if not _is_exact_title(title):
            # A keyword or cue inside running text: the section its ordinal names, in place, or
            # for a keyword one ordinal off ("六、下一步改进举措七、其他需说明事项…").
            number = int(spec.key.split(".")[1])
            if spec.key != f"sec.{_ordinal_value(top)}" and (
                placed or abs(number - (_ordinal_value(top) or 0)) != 1
            ):
                return
            placed = True
        col = p.line.source_column(p.offset + start) if p.line is not None else None
        pos = Pos(line=p.pos.line, column=col, page=p.pos.page)
        end = title_at + len(title)
        found[start] = _Heading(
            spec, title, top, "top", variant, pos, index, start, end, placed, inline=True
        )

    for pattern in (_INLINE, _INLINE_BARE):
        for m in pattern.finditer(p.text):
            add(m.start(), m["top"], m["title"], m.start("title"))
    for m in _INLINE_ORDINAL.finditer(p.text):
        title = _run_in_title(p.text[m.end() :])
        if title is None and m["top"] == "一":
            title = _first_title(p.text[m.end() :])
        if title:
            add(m.start(), m["top"], title, m.end())
    return [found[k] for k in sorted(found)]


def read_sections(document: Document) -> tuple[tuple[Section, ...], tuple[StrayHeading, ...]]:
    """The six sections and the stray headings. A paragraph is a heading line, or is searched
    for headings run into its text, so nothing depends on where the source breaks its lines."""
    paragraphs = [b for b in document.blocks if isinstance(b, Paragraph)]
    headings: list[_Heading] = []
    for i, p in enumerate(paragraphs):
        h = _line_heading(p, i)
        if h is not None:
            headings.append(h)
        else:
            headings.extend(_inline_headings(p, i))
    return _assemble(headings, paragraphs)


def _assemble(
    headings: list[_Heading], paragraphs: list[Paragraph]
) -> tuple[tuple[Section, ...], tuple[StrayHeading, ...]]:
    stray: list[StrayHeading] = []
    chosen: list[_Heading] = []
    seen: dict[str, _Heading] = {}
    named = {h.spec.key for h in headings if h.spec is not None and not h.placed}
    highest = 0
    for h in headings:
        if h.spec is not None and h.placed:
            number = int(h.spec.key.split(".")[1])
            if h.spec.key in named or h.spec.key in seen or number <= highest:
                # Not in the section's place, or the section is named elsewhere: a cue word
                # under a top-level ordinal is then a sub-heading, or ordinary text.
                if h.inline or not _stray_shaped(h.title):
                    continue
                h = replace(h, spec=None, placed=False)
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
    head = paragraphs[h.paragraph].text
    texts: list[str] = []
    if nxt is not None and nxt.paragraph == h.paragraph:
        texts.append(head[h.end : nxt.start])
    else:
        texts.append(head[h.end :])
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
        text="\n".join(t for t in map(_trimmed, texts) if t),
    )


def _trimmed(text: str) -> str:
    """A piece of section text without the colon a run-in title leaves ("事项：本年度…")."""
    return text.strip().lstrip("：:").strip()
