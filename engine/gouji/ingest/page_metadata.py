"""Page metadata (索引号, 发布机构, 发布日期 …): the keys, and ``键：值`` pairs read from text.

Government sites print a metadata block above the article, crawlers write the same keys as
header lines, and copied pages keep them as text. Both the HTML and the text ingest read them
here, so the keys — and above all the publication date the deadline rules depend on — are
recognised the same way whatever the input kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

KEYS: tuple[str, ...] = (
    "索引号",
    "发布机构",
    "发文机关",
    "发布日期",
    "公开日期",
    "发布时间",
    "成文日期",
    "生成日期",
    "标题",
    "文号",
    "发文字号",
    "栏目",
    "原文链接",
    "来源",
    "信息来源",
    "主题分类",
)
"""Keys ``Document.metadata`` may hold."""

DATE_KEYS = frozenset({"发布日期", "公开日期", "发布时间", "成文日期", "生成日期"})
VALUE_MAX = 100

_KEY_ALT = "|".join(
    r"\s*".join(re.escape(ch) for ch in key) for key in sorted(KEYS, key=len, reverse=True)
)
PAIR = re.compile(rf"({_KEY_ALT})\s*[：:]")
"""A key (characters may be spaced: "索 引 号") followed by a colon."""
KEY_CELL = re.compile(rf"({_KEY_ALT})[：:]?")
_SPACE = re.compile(r"\s+")
_VALUE_STOP = re.compile(r"\s{2,}|\s(?=[\u4e00-\u9fff]{2,8}\s*[：:])|[【\[]")
_VALUE_TRIM = " \t|｜,，;；/、"
_DATE = re.compile(
    r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
    r"(?:\s*\d{1,2}\s*[:：时]\s*\d{1,2}(?:\s*[:：分]\s*\d{1,2}\s*秒?)?)?"
)


def pairs(text: str) -> Iterator[tuple[str, str, int]]:
    """``(key, value, index of the value in text)`` for each ``键：值``; several per line are
    allowed, a value ends at the next key, a visible gap or the next ``label：``."""
    found = list(PAIR.finditer(text))
    for i, m in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(text)
        key = _SPACE.sub("", m.group(1))
        raw = text[m.end() : end]
        value = clip_value(raw, key)
        if value:
            # not found when clip_value collapsed a tab or a run of spaces inside the value
            at = text.find(value, m.end())
            yield key, value, at if at >= 0 else m.end() + len(raw) - len(raw.lstrip())


def clip_value(raw: str, key: str) -> str:
    """Cut a value at a visible gap or the next ``label：`` so a line of several fields splits;
    a date keeps only the date and time. Over-long "values" are prose, not metadata: ``""``."""
    value = raw.strip()
    stop = _VALUE_STOP.search(value, 1)
    if stop:
        value = value[: stop.start()]
    value = value.strip(_VALUE_TRIM)
    if key in DATE_KEYS:
        date = _DATE.match(value)
        if date:
            value = date.group(0).strip()
    value = _SPACE.sub(" ", value)
    return value if len(value) <= VALUE_MAX else ""
