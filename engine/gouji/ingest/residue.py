"""Web-page chrome, editing-tool leftovers and page markers, removed before anything is read.

Reports copied out of web pages, DOCX and PDF carry text that is not the report
(REPORT-FORMAT.md §5 items 4, 5 and 9): a share/print bar and "相关链接" after the last section,
breadcrumbs and footers, "- 4 -" page markers between table rows, ``[bookmark: _GoBack]`` and
``**bold**`` from DOCX-to-markdown tools, ``<!--[if !supportLists]-->`` from Word-made HTML. Left
in, they become phantom paragraphs, phantom table values ("4" from "- 4 -") or break label
matching. Removal keeps every surviving line's source number, and inline removals are recorded as
shifts so a finding can still point at the source column.

Recognition is deliberately narrow: a line is residue only when the *whole* line is a known
chrome phrase, page marker or footer, so a report sentence that mentions 打印 or 收藏 stays.

This runs on every report, so the text is not matched line by line: two fast scans over the whole
text find the few lines that could be residue, and only those get the full pattern. The per-line
Python work left is building the ``Line`` objects.
"""

from __future__ import annotations

import re
from itertools import repeat

from .document import IngestNote, Line, Pos

__all__ = ["clean_lines", "residue_kind"]

# -- whole-line residue -----------------------------------------------------------------------

_OPEN = r"[【\[［〔]?"
_CLOSE = r"[】\]］〕]?(?:\((?:javascript|https?:|/|#|\.)[^\n]{0,200}?\))?"
"""A chrome phrase may sit in brackets or be the label of a markdown link (``[打印](javascript:…)``)."""

_CHROME_TOKEN = (
    r"(?:手机)?扫一扫(?:在手机上?(?:打开|浏览|查看|阅读)(?:当前|本)?页面?)?"
    r"|相关链接[:：]?"
    r"|(?:打印|关闭|收藏|保存)(?:本页|此页|本文|窗口|页面|文章)?"
    r"|加入收藏|返回顶部|回到顶部|返回首页|返回列表"
    r"|网站地图|联系我们|关于我们|网站声明|隐私声明|免责声明|无障碍(?:浏览|阅读)?|适老化(?:模式)?|长者模式"
    r"|(?:字号|字体)[ \t]*[:：]?[ \t]*[【\[]?[ \t]*大[ \t]*[】\]]?[ \t]*[【\[]?[ \t]*中[ \t]*[】\]]?[ \t]*[【\[]?[ \t]*小[ \t]*[】\]]?"
    r"|分享到[ \t]*[:：]?(?:[ \t]*(?:微信|朋友圈|微博|新浪微博|腾讯微博|QQ空间|QQ|人人网|豆瓣)){0,8}"
)
_ONE_CHROME = rf"{_OPEN}[ \t]*(?:{_CHROME_TOKEN})[ \t]*{_CLOSE}"

_CHROME = rf"{_ONE_CHROME}(?:[ \t|｜/·•、]*{_ONE_CHROME}){{0,9}}"
"""One to ten chrome phrases on a line ("【打印】 【关闭】", "打印本页 | 关闭窗口")."""

_PREV_NEXT = r"(?:上一篇|下一篇|上一条|下一条|上一页|下一页)[ \t]*(?:[:：][^\n]{0,100})?"
_WHERE = r"(?:您|当前|现在|目前|所在)(?:您|当前|现在|目前|所在|的){0,3}位置[ \t]*(?:[:：][^\n]{0,120}|(?=首页)[^\n]{0,120})?"
_HOME_CRUMB = r"(?:网站)?首页[ \t]*(?:>>?|＞|»|›|→)[^\n]{0,120}"
_CRUMB_PART = r"[^\n<>＞»›。，；]"
_CRUMBS = rf"{_CRUMB_PART}{{1,30}}(?:[ \t]*(?:>>?|＞|»|›)[ \t]*{_CRUMB_PART}{{1,40}}){{2,6}}"
"""Breadcrumbs without 首页 need three segments: "a > b" alone could be arithmetic."""

_LINK_LIST = (
    rf"{_OPEN}(?:相关(?:文章|阅读|新闻|稿件|信息|报道|附件)|推荐阅读|热点推荐|延伸阅读|友情链接)"
    rf"[ \t]*[:：]?{_CLOSE}"
)

_DASHES = r"[-－—–‐‑﹣~～]"
_PAGE_DASHED = rf"{_DASHES}{{1,3}}[ \t]*\d{{1,4}}[ \t]*{_DASHES}{{1,3}}"
_PAGE_OF = (
    r"第[ \t]*\d{1,4}[ \t]*页(?:[ \t]*[,，/／]?[ \t]*共[ \t]*\d{1,4}[ \t]*页)?"
    r"|共[ \t]*\d{1,4}[ \t]*页[ \t]*[,，/／]?[ \t]*第[ \t]*\d{1,4}[ \t]*页"
    r"|[Pp]age[ \t]*\d{1,4}(?:[ \t]*of[ \t]*\d{1,4})?"
)
_PAGE_RATIO = r"(?P<ratio_page>\d{1,4})[ \t]*[/／][ \t]*(?P<ratio_total>\d{1,4})"
"""Only a page when 1 <= page <= total; "3 / 6" alone on a line is a PDF footer, not a value."""

_BODY = (
    rf"(?P<chrome>{_CHROME})"
    rf"|(?P<chrome_nav>{_PREV_NEXT}|{_WHERE}|{_HOME_CRUMB}|{_CRUMBS})"
    rf"|(?P<link_list>{_LINK_LIST})"
    rf"|(?P<page_marker>{_PAGE_DASHED}|{_PAGE_OF})"
    rf"|(?P<page_ratio>{_PAGE_RATIO})"
)

_ONE = re.compile(_BODY)

_FOOTER_MARK = re.compile(
    r"ICP[备证][ \t]*(?:\d|号)|公网安备[ \t]*\d|网站标识码|网站识别码|版权所有|[Cc]opyright|COPYRIGHT|©"
)
_FOOTER_START = re.compile(
    r"(?:(?:主办|承办|协办)(?:单位)?|(?:维护|运维|建设)单位|技术支持)[ \t]*[:：]"
)
"""Footers are the one residue allowed to be long (sites put several items on one line), so
they are recognised by a mark no report sentence carries ("京ICP备05070602号", not "ICP备案")
rather than by their whole shape, and a line with a full stop is never one."""

_ONE_LINE_MAX = 600
"""Nothing longer can be residue; keeps ``residue_kind`` cheap on long paragraphs."""

_SHORT = 80
"""Chrome phrases and page markers are short; a longer line can only be a footer, a breadcrumb
or a previous/next link."""
_NAV_MAX = 250
_NAV_HINT = re.compile(r">|＞|»|›|→|位置|上一|下一")

_KIND_OF_GROUP = {
    "chrome": "chrome",
    "chrome_nav": "chrome",
    "link_list": "link_list",
    "page_marker": "page_marker",
    "page_ratio": "page_marker",
}


def residue_kind(text: str) -> str | None:
    """The residue kind of one whole line (``chrome``, ``page_marker``, ``link_list``) or None.

    Only whole lines count: a sentence that merely contains a chrome word is report text.
    """
    stripped = text.strip()
    size = len(stripped)
    if not size or size > _ONE_LINE_MAX or "\n" in stripped:
        return None
    if size <= _SHORT or (size <= _NAV_MAX and _NAV_HINT.search(stripped)):
        m = _ONE.fullmatch(stripped)
        kind = _kind(m) if m else None
        if kind:
            return kind
    if "。" not in stripped and (_FOOTER_MARK.search(stripped) or _FOOTER_START.match(stripped)):
        return "chrome"
    return None


def _kind(m: re.Match[str]) -> str | None:
    group = m.lastgroup
    if group == "page_ratio" and not _is_page_ratio(m):
        return None
    return _KIND_OF_GROUP.get(group) if group else None


def _is_page_ratio(m: re.Match[str]) -> bool:
    page, total = int(m.group("ratio_page")), int(m.group("ratio_total"))
    return 1 <= page <= total


# -- inline residue ---------------------------------------------------------------------------

_EDITOR = re.compile(
    r"\[bookmark:[^\]\n]*\]"  # DOCX bookmarks kept by docx-to-text tools
    r"|\[\]\{#[^}\n]*\}"  # pandoc anchors: []{#_Toc123 .anchor}
    r"|<!--\[if[^\]\n]*\]>|<!\[endif\]-->"  # halves of Word's conditional comments
    r"|<!--.*?-->"  # whole comments that survived an HTML-to-text copy
)
_EMPHASIS = re.compile(
    r"\*\*(?<!\*\*\*)(?=[^*\s])[^\n]*?(?<=[^*\s])\*\*(?!\*)"
    r"|__(?<!\w__)(?=[^_\s])[^\n]*?(?<=[^_\s])__(?!\w)"
)
"""Paired markdown emphasis only; single ``*`` and ``____`` fill-in blanks are left alone, and
``__`` inside a word is not emphasis (CommonMark). Each branch starts with its literal marker
(the look-behinds come after it) so the regex engine can skip ahead to candidates."""

_MARKER = 2
"""Length of ``**`` and ``__``."""

# -- lines ------------------------------------------------------------------------------------

_FIRST_CHARS = "扫手相打关收保加返回网联隐免无适长字分上下您当现目所首推热延友第共主承协维运技建Pp"
_LINE_START_HINT = re.compile(rf"\n[ \t]*[【\[［〔{_FIRST_CHARS}\-－—–‐‑﹣~～]")
"""A residue line can only start with one of these (after blanks): one scan, which the regex
engine runs newline to newline, finds the few lines that do. Trying the full pattern at every
line start costs ten times more."""

_ANYWHERE: tuple[tuple[str, str], ...] = (
    (">", ">"),
    ("＞", "＞"),
    ("»", "»"),
    ("›", "›"),
    ("→", "→"),
    ("/", "/"),
    ("／", "／"),
    ("©", "©"),
    ("版", "版权所有"),
    ("I", "ICP"),
    ("o", "opyright"),
    ("O", "OPYRIGHT"),
    ("备", "公网安备"),
)
"""(gate, needle): breadcrumbs, footers and "3 / 6" can start with anything but contain a
needle. Looking for one character costs a tenth of looking for a word (and a regex character
class ten times more again), so each word is only searched when its first character occurs."""

_INLINE: tuple[tuple[str, str], ...] = (("[", "["), ("<", "<!"), ("*", "**"), ("_", "__"))
"""(gate, marker) where inline residue can start."""


def clean_lines(text: str) -> tuple[list[Line], list[IngestNote]]:
    """Split normalised text into source-numbered lines, without residue.

    Whole residue lines are dropped without renumbering the rest; inline residue is cut out and
    recorded in ``Line.shifts``. Blank lines and leading tabs are kept: table layouts use them.
    A final newline does not make an extra empty line. One note is returned per residue kind.
    """
    raw = text.split("\n")
    if raw[-1] == "":
        raw.pop()
    if not raw:
        return [], []
    positions, inline_starts = _hints(text)
    dropped: dict[int, tuple[str, str]] = {}  # line index -> (kind, stripped text)
    patched: dict[int, Line] = {}
    editor: list[tuple[int, int, str]] = []  # (line index, source column index, fragment)
    for index, spans in _inline_spans(text, inline_starts).items():
        if index >= len(raw):
            continue
        cleaned, shifts = _cut(raw[index], spans)
        kind = residue_kind(cleaned)
        if kind:
            dropped[index] = (kind, cleaned.strip())
            continue
        patched[index] = Line(index + 1, cleaned, shifts)
        editor.extend((index, start, fragment) for start, _, fragment in spans if fragment)
    for index in _lines_at(text, positions, len(raw)):
        if index in patched or index in dropped:
            continue  # judged above on its cleaned text
        kind = residue_kind(raw[index])
        if kind:
            dropped[index] = (kind, raw[index].strip())

    return _build_lines(raw, dropped, patched), _notes(dropped, editor)


def _hints(text: str) -> tuple[list[int], list[tuple[int, str]]]:
    """Offsets that put their line under suspicion (line 0 always is), and the offsets where
    inline residue may start, with the marker found there; both ascending."""
    positions = [0]
    positions.extend(m.start() + 1 for m in _LINE_START_HINT.finditer(text))
    for gate, needle in _ANYWHERE:
        if gate in text:
            positions.extend(_find_all(text, needle))
    positions.sort()
    inline_starts = [
        (pos, marker) for gate, marker in _INLINE if gate in text for pos in _find_all(text, marker)
    ]
    inline_starts.sort()
    return positions, inline_starts


def _find_all(text: str, needle: str) -> list[int]:
    """Offsets of non-overlapping occurrences, left to right."""
    found: list[int] = []
    step = len(needle)
    pos = text.find(needle)
    while pos >= 0:
        found.append(pos)
        pos = text.find(needle, pos + step)
    return found


def _lines_at(text: str, positions: list[int], count: int) -> list[int]:
    """Line indexes of ascending offsets, unique, within the first ``count`` lines."""
    lines: list[int] = []
    line = 0
    last = 0
    for pos in positions:
        line += text.count("\n", last, pos)
        last = pos
        if line < count and (not lines or lines[-1] != line):
            lines.append(line)
    return lines


def _inline_spans(
    text: str, starts: list[tuple[int, str]]
) -> dict[int, list[tuple[int, int, str]]]:
    """Spans to cut per line index, as line-relative (start, end, fragment).

    The patterns are only tried where the hint scan saw their first characters, which spares a
    second pass over the text. ``fragment`` is empty for emphasis markers: they are formatting
    rather than leftovers, so they are cut but not reported.
    """
    found: list[tuple[int, int, str]] = []
    editor_end = emphasis_end = -1
    for pos, marker in starts:
        if marker in ("[", "<!"):
            if pos < editor_end:
                continue
            m = _EDITOR.match(text, pos)
            if m:
                found.append((pos, m.end(), m.group()))
                editor_end = m.end()
        elif pos >= emphasis_end:
            m = _EMPHASIS.match(text, pos)
            if m:
                found.append((pos, pos + _MARKER, ""))
                found.append((m.end() - _MARKER, m.end(), ""))
                emphasis_end = m.end()
    if not found:
        return {}
    found.sort()
    by_line: dict[int, list[tuple[int, int, str]]] = {}
    line = 0
    last = 0
    for start, end, fragment in found:
        line += text.count("\n", last, start)
        last = start
        offset = text.rfind("\n", 0, start) + 1
        by_line.setdefault(line, []).append((start - offset, end - offset, fragment))
    return by_line


def _cut(line: str, spans: list[tuple[int, int, str]]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Remove spans (overlaps merged) and say, per cut, how far the rest moved left."""
    pieces: list[str] = []
    shifts: list[tuple[int, int]] = []
    removed = 0
    kept = 0
    pos = 0
    for start, end, _ in spans:
        start = max(start, pos)
        if end <= start:
            continue
        pieces.append(line[pos:start])
        kept += start - pos
        removed += end - start
        if shifts and shifts[-1][0] == kept:
            shifts[-1] = (kept, removed)
        else:
            shifts.append((kept, removed))
        pos = end
    pieces.append(line[pos:])
    return "".join(pieces), tuple(shifts)


def _make_lines(raw: list[str]) -> list[Line]:
    """``[Line(i + 1, text) for i, text in enumerate(raw)]``, with the loop in C."""
    count = len(raw)
    return list(map(Line, range(1, count + 1), raw, repeat((), count)))


def _build_lines(
    raw: list[str], dropped: dict[int, tuple[str, str]], patched: dict[int, Line]
) -> list[Line]:
    lines = _make_lines(raw)
    for index, line in patched.items():
        lines[index] = line
    for index in sorted(dropped, reverse=True):
        del lines[index]
    return lines


# -- notes ------------------------------------------------------------------------------------

_MESSAGES = {
    "chrome": "已移除网页残留内容",
    "link_list": "已移除网页相关链接栏目",
    "page_marker": "已移除页码标记",
}
_QUOTE_MAX = 40


def _notes(
    dropped: dict[int, tuple[str, str]],
    editor: list[tuple[int, int, str]],
) -> list[IngestNote]:
    notes: list[IngestNote] = []
    seen: dict[str, list[tuple[int, str]]] = {}
    for index in sorted(dropped):
        kind, text = dropped[index]
        seen.setdefault(kind, []).append((index, text))
    for kind, hits in seen.items():
        index, text = hits[0]
        message = f"{_MESSAGES[kind]}（{_quote(text, len(hits), '行')}）"
        notes.append(IngestNote(f"residue.{kind}", message, Pos(line=index + 1, column=1)))
    if editor:
        index, column, fragment = min(editor)
        message = f"已移除编辑软件残留标记（{_quote(fragment, len(editor), '处')}）"
        notes.append(IngestNote("residue.editor", message, Pos(line=index + 1, column=column + 1)))
    notes.sort(key=lambda n: n.pos.line if n.pos and n.pos.line else 0)
    return notes


def _quote(text: str, count: int, unit: str) -> str:
    quoted = text if len(text) <= _QUOTE_MAX else text[:_QUOTE_MAX] + "…"
    return quoted if count == 1 else f"{quoted} 等 {count} {unit}"
