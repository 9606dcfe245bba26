"""Title, issuer, report year, statistics period and dates, as the report states them.

Nothing here is guessed: a date that is not stated is ``None`` (the deadline rule then says
"not assessable"), and each value keeps where it was read.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..ingest.document import Document, Paragraph, Pos
from ..model import DateEvidence, Period
from .notes import location

_CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "Ｏ": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_YEAR = re.compile(r"(\d{4})\s*年")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CN_DATE = re.compile(
    r"([〇零○Ｏ一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日"
)
_ISO_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_PERIOD = re.compile(
    r"统计(?:期限|数据时间|时限|周期|时间|区间|截止时间)?[^。]{0,14}?"
    r"(?P<start>\d{4}\s*年?\s*(?:\d{1,2}\s*月)?\s*(?:\d{1,2}\s*日)?)\s*(?:起)?\s*(?:至|到|—|－|-|~)\s*"
    r"(?P<end>\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)"
)
_TITLE_WORDS = ("年度报告", "年报", "工作报告")
_LEADING_YEAR = re.compile(r"^(?:关于)?\s*\d{4}\s*(?:年度?)?")
"""A year the title repeats before the issuer ("2025湖口县大垅乡2025年度…")."""
_SIGNER_END = re.compile(
    r"(?:人民政府|办公室|办事处|委员会|管理委员会|局|厅|委|办|院|中心|乡|镇|街道|政府|公司|所|站|队|会)$"
)


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str | None
    title_pos: Pos | None
    issuer: str | None
    year: int | None
    period: Period | None
    published: DateEvidence | None
    signed: DateEvidence | None
    signed_by: str | None


def _date(y: str | int, m: str | int, d: str | int) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d))
    except (ValueError, TypeError):
        return None


def _cn_number(text: str) -> int:
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN_DIGITS[text[1]]
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _CN_DIGITS[tens] * 10 + (_CN_DIGITS[ones] if ones else 0)
    return int("".join(str(_CN_DIGITS[c]) for c in text))


def parse_date(text: str) -> tuple[dt.date, str] | None:
    """The first date written in ``text`` (Arabic, Chinese numerals or ISO), with its raw form."""
    m = _DATE.search(text)
    if m:
        d = _date(*m.groups())
        return (d, m.group()) if d else None
    m = _CN_DATE.search(text)
    if m:
        d = _date(_cn_number(m[1]), _cn_number(m[2]), _cn_number(m[3]))
        return (d, m.group()) if d else None
    m = _ISO_DATE.search(text)
    if m:
        d = _date(*m.groups())
        return (d, m.group()) if d else None
    return None


def _title(doc: Document, paragraphs: list[Paragraph]) -> tuple[str | None, Pos | None]:
    if "标题" in doc.metadata:
        value, pos = doc.metadata["标题"]
        return value, pos
    for i, p in enumerate(paragraphs[:8]):
        text = p.text.strip("#* ")
        if len(text) > 80:
            continue
        if any(w in text for w in _TITLE_WORDS):
            prev = paragraphs[i - 1].text.strip("#* ") if i else ""
            if _YEAR.match(text) and prev and len(prev) <= 30 and _SIGNER_END.search(prev):
                return prev + text, paragraphs[i - 1].pos  # issuer on its own line above
            return text, p.pos
        nxt = paragraphs[i + 1].text.strip() if i + 1 < len(paragraphs) else ""
        if "政府信息公开" in text and any(nxt.endswith(w) for w in _TITLE_WORDS) and len(nxt) < 20:
            return text + nxt, p.pos
    if doc.title_hint and any(w in doc.title_hint for w in _TITLE_WORDS):
        return doc.title_hint, None
    return None, None


def _issuer(title: str | None) -> str | None:
    """The issuer named in the title: the words before its year ("平潭综合实验区财政金融局2024年度…",
    "XX局关于2014年度…"), or, when the title starts with its year ("2019年上海市人民政府办公厅政府
    信息公开工作年度报告", "2023年度沭阳县人民政府政府信息公开工作年度报告"), the words after it up
    to 政府信息公开."""
    if not title:
        return None
    m = _YEAR.search(title)
    head = title[: m.start()] if m else title.split("政府信息公开")[0]
    head = _bare(head)
    if not head and m:
        head = _bare(title[m.end() :].removeprefix("度").split("政府信息公开")[0])
    return head or None


def _bare(name: str) -> str:
    """A name without the words around it in a title: 关于, quotation marks, a stray year."""
    name = _LEADING_YEAR.sub("", name.strip(" 　:：《》"))
    return re.sub(r"^关于|关于$", "", name).strip(" 　:：《》")


def _year(title: str | None, period: Period | None, paragraphs: list[Paragraph]) -> int | None:
    if title:
        m = _YEAR.search(title)
        if m:
            return int(m[1])
    if period is not None and period.end is not None:
        return period.end.year
    for p in paragraphs[:5]:
        m = re.search(r"(\d{4})\s*年度", p.text)
        if m:
            return int(m[1])
    return None


def _period(paragraphs: list[Paragraph]) -> Period | None:
    for p in paragraphs:
        if "统计" not in p.text:
            continue
        m = _PERIOD.search(p.text)
        if m:
            start = parse_date(m["start"])
            end = parse_date(m["end"])
            return Period(
                start=start[0] if start else None,
                end=end[0] if end else None,
                raw=m.group(),
                loc=location(p.pos),
            )
    return None


def _signature(paragraphs: list[Paragraph]) -> tuple[DateEvidence | None, str | None]:
    """The 落款: a date at the very end, with the signing unit just before it."""
    tail = paragraphs[-6:]
    for back, p in enumerate(reversed(tail)):
        text = p.text.strip()
        m = re.search(
            r"(?P<date>(?:\d{4}|[〇零○一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月\s*"
            r"[\d一二三四五六七八九十]{1,3}\s*日)\s*$",
            text,
        )
        if not m:
            continue
        parsed = parse_date(m["date"])
        if parsed is None:
            return None, None
        evidence = DateEvidence(
            date=parsed[0], raw=parsed[1], source="signature", loc=location(p.pos)
        )
        before = text[: m.start()].strip()
        signer = _signer(before)
        if signer is None and not before:
            idx = len(tail) - 1 - back
            if idx > 0:
                signer = _signer(tail[idx - 1].text.strip())
        return evidence, signer
    return None, None


def _signer(text: str) -> str | None:
    candidate = re.split(r"[。；;！!？?]\s*|\s{1,}", text)[-1] if text else ""
    if 2 <= len(candidate) <= 40 and _SIGNER_END.search(candidate) and "，" not in candidate:
        return candidate
    return None


def _published(doc: Document) -> DateEvidence | None:
    for key in ("发布日期", "公开日期", "发布时间", "成文日期"):
        if key in doc.metadata:
            value, pos = doc.metadata[key]
            parsed = parse_date(value)
            if parsed:
                return DateEvidence(date=parsed[0], raw=value, source="metadata", loc=location(pos))
    return None


def read_metadata(doc: Document) -> Metadata:
    paragraphs = [b for b in doc.blocks if isinstance(b, Paragraph)]
    title, title_pos = _title(doc, paragraphs)
    period = _period(paragraphs)
    signed, signed_by = _signature(paragraphs)
    published = _published(doc) or signed
    return Metadata(
        title=title,
        title_pos=title_pos,
        issuer=_issuer(title),
        year=_year(title, period, paragraphs),
        period=period,
        published=published,
        signed=signed,
        signed_by=signed_by,
    )
