"""Bytes → ``str`` for report sources, and the character normalisation every input gets.

Reports arrive as UTF-8 text, as saved web pages in GBK/GB2312 (REPORT-FORMAT.md §5 item 4) and
now and then with a wrong or missing declaration. Most inputs are UTF-8, so that is tried first and
costs one strict decode; only when it fails do declarations, ``<meta>`` tags and detection come
in. Detection is never trusted blindly: a result that does not look like Chinese report text
(controls, stray Latin letters, mostly rare characters — the marks of mojibake) loses to a
strict GB18030 decode, and when nothing decodes cleanly the least damaged decoding is kept, so
``decode`` never raises.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, replace

__all__ = ["Decoded", "decode", "normalize"]


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text, the encoding name to report, and which rule decided it.

    ``decided_by`` is one of ``bom``, ``utf-8``, ``declared``, ``meta`` or ``detected``.
    ``encoding`` is the lower-case name as declared or detected (``gbk`` stays ``gbk`` even
    though GB18030 did the decoding), so notes can quote what the source claimed.
    ``ignored`` says, when detection decided, which declaration was not used and why
    (``网页声明的编码“idna”不是可用的文本编码``), so the note does not claim there was none.
    """

    text: str
    encoding: str
    decided_by: str
    ignored: str | None = None


_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF8, "utf-8", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)

_GB_FAMILY = frozenset(
    {
        "gb2312",
        "gbk",
        "gb18030",
        "xgbk",
        "cp936",
        "ms936",
        "windows936",
        "936",
        "gb231280",
        "gb23121980",
        "euccn",
        "xeuccn",
        "eucgb2312cn",
        "csgb2312",
        "csgbk",
        "chinese",
        "csiso58gb231280",
        "isoir58",
    }
)
"""Every name the GB encodings go by, punctuation removed. GB18030 is a superset of all of them,
and pages labelled gb2312 routinely contain GBK-only characters, so all decode as GB18030."""

_NOT_CHARSETS = frozenset(
    {
        "idna",
        "punycode",
        "utf-7",
        "unicode-escape",
        "raw-unicode-escape",
        "undefined",
        "charmap",
        "mbcs",
        "oem",
    }
)
"""Python codecs that call themselves text encodings but are no character set a file is written
in: domain-name and escape transforms, UTF-7 (which browsers refuse, as it hides markup), the
codec that refuses everything and Windows' "current code page" aliases. A page declaring one
of them (``<meta charset="idna">``) made decoding raise; now the declaration is ignored."""

_PROBE = bytes(range(0x20, 0x7F)).replace(b"\\", b"") + b"\xa1\xa1\xff\x00"
"""Bytes every real character set decodes leniently without raising (ASCII, a GB pair, bytes
that are invalid in most)."""

_META_WINDOW = 4096
_META_CHARSET = re.compile(
    rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)"""
    rb"""|<\?xml\b[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:\-]+)""",
    re.IGNORECASE,
)

_SAMPLE = 20_000
"""Characters inspected when judging whether a decoding is plausible; enough to see mojibake."""

_PLAUSIBLE_ODDNESS = 0.15
"""Real reports have about 1–3 % characters outside GB2312 level 1; mojibake has most of them."""

_NEAR_UTF8_RATIO = 50
"""A UTF-8 file with a cut or damaged character still has far more good multi-byte characters
than bad bytes; GBK bytes read as UTF-8 are almost all bad."""

_ASCII_TEXT = re.compile(r"[\t\n\f\r\x20-\x7e]+")
_ORDINARY_NON_ASCII: re.Pattern[str] | None = None


def decode(data: bytes, *, html: bool = False, declared: str | None = None) -> Decoded:
    """Decode a report source. Never raises; empty input gives ``""`` as UTF-8.

    Order: BOM, strict UTF-8, ``declared``, the page's own ``<meta>`` charset (``html`` only),
    then detection. A declaration from the caller is trusted whenever it decodes strictly; one
    from the page itself must also give plausible text, because saved pages often keep a
    template's charset after being re-encoded.
    """
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return Decoded(data[len(bom) :].decode(codec, errors="replace"), name, "bom")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", "utf-8")
    except UnicodeDecodeError:
        pass
    fallbacks: list[Decoded] = []
    ignored: str | None = None
    if declared and declared.strip():
        found = _try_named(data, declared, "declared", fallbacks, check=False)
        if found is not None:
            return found
        ignored = _why_ignored("声明的编码", declared)
    if html:
        meta = _meta_charset(data)
        if meta:
            found = _try_named(data, meta, "meta", fallbacks, check=True)
            if found is not None:
                return found
            ignored = ignored or _why_ignored("网页声明的编码", meta)
    result = _near_utf8(data) or _detect(data, fallbacks)
    if ignored and result.decided_by == "detected":
        return replace(result, ignored=ignored)
    return result


def _why_ignored(what: str, name: str) -> str:
    """Why a declaration was not used: it names no character set, or not the file's."""
    label = name.strip()
    if _codec_for(label) is None:
        return f"{what}“{label}”不是可用的文本编码"
    return f"{what}“{label}”与文件内容不符"


def _try_named(
    data: bytes, name: str, decided_by: str, fallbacks: list[Decoded], *, check: bool
) -> Decoded | None:
    """Decode with a named encoding; a lenient decode is kept as a fallback when strict fails."""
    codec = _codec_for(name)
    if codec is None:
        return None
    label = name.strip().lower()
    text = _decode_or_none(data, codec)
    if text is not None:
        found = Decoded(text, label, decided_by)
        if not check or _plausible(text):
            return found
        fallbacks.append(found)
        return None
    lenient = _decode_or_none(data, codec, errors="replace")
    if lenient is not None:
        fallbacks.append(Decoded(lenient, label, decided_by))
    return None


def _codec_for(name: str) -> str | None:
    """The Python codec that decodes the character set ``name``, or ``None`` for unknown names
    and for codecs that are no character set (``_NOT_CHARSETS``, transforms like base64 or
    rot13, anything a lenient decode of ``_PROBE`` makes raise)."""
    key = re.sub(r"[\s_\-.:]", "", name.lower())
    if key in _GB_FAMILY:
        return "gb18030"
    try:
        info = codecs.lookup(name.strip())
    except (LookupError, ValueError, TypeError):
        return None
    if not getattr(info, "_is_text_encoding", True):
        return None  # base64, rot13 …: bytes-to-bytes or str-to-str transforms
    if info.name in _NOT_CHARSETS or _decode_or_none(_PROBE, info.name, errors="replace") is None:
        return None
    return info.name


def _decode_or_none(data: bytes, codec: str, errors: str = "strict") -> str | None:
    """``data`` decoded, or ``None`` when the codec raises — whatever it raises: a codec that
    is no character set can fail in its own ways."""
    try:
        text = data.decode(codec, errors=errors)
    except MemoryError:
        raise
    except Exception:
        return None
    return text if isinstance(text, str) else None


def _meta_charset(data: bytes) -> str | None:
    """The charset a page declares for itself near its top."""
    m = _META_CHARSET.search(data, 0, _META_WINDOW)
    if m is None:
        return None
    raw = m.group(1) or m.group(2)
    return raw.decode("ascii", errors="replace")


def _near_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few damaged bytes (a truncated download, one bad copy) is still UTF-8;
    handing it to detection would turn the whole file into mojibake over one byte."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = _non_ascii_count(text) - bad
    if good >= _NEAR_UTF8_RATIO * bad:
        return Decoded(text, "utf-8", "detected")
    return None


def _non_ascii_count(text: str) -> int:
    return len(text) - len(text.encode("ascii", errors="ignore"))


def _detect(data: bytes, fallbacks: list[Decoded]) -> Decoded:
    """Detection, checked for plausibility; then strict GB18030; then the least damaged text."""
    detected = _charset_normalizer(data)
    if detected is not None:
        name, codec = detected
        text = _decode_or_none(data, codec)
        if text is not None:
            found = Decoded(text, name, "detected")
            if _plausible(text):
                return found
            fallbacks.append(found)
    text = _decode_or_none(data, "gb18030")
    if text is not None:
        found = Decoded(text, "gb18030", "detected")
        if _plausible(text):
            return found
        fallbacks.append(found)
    fallbacks.append(Decoded(data.decode("gb18030", errors="replace"), "gb18030", "detected"))
    fallbacks.append(Decoded(data.decode("utf-8", errors="replace"), "utf-8", "detected"))
    return min(fallbacks, key=lambda d: _oddness(d.text))


def _charset_normalizer(data: bytes) -> tuple[str, str] | None:
    """The detector's guess as (reported name, codec). Imported here because it costs tens of
    milliseconds to import and UTF-8 inputs never need it."""
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # a detector bug must not make a readable file unreadable
        return None
    if best is None or not best.encoding:
        return None
    name = best.encoding.lower().replace("_", "-")
    codec = _codec_for(best.encoding)
    return (name, codec) if codec else None


def _plausible(text: str) -> bool:
    return _oddness(text) <= _PLAUSIBLE_ODDNESS


def _oddness(text: str) -> float:
    """Share of non-ASCII characters (and controls) that report text would hardly contain.

    Mojibake shows itself either as Latin letters and controls (GBK read as a single-byte
    code page) or as rare CJK characters (GBK read as Big5, UTF-8 read as GBK); real report
    text is almost all common characters, which GB2312 level 1 covers.
    """
    sample = text[:_SAMPLE]
    rest = _ASCII_TEXT.sub("", sample)
    if not rest:
        return 0.0
    odd = _ordinary_non_ascii().sub("", rest)
    return len(odd) / len(rest)


def _ordinary_non_ascii() -> re.Pattern[str]:
    """Built on first use: the 3755 GB2312 level-1 characters plus the punctuation, symbols
    and full-width forms reports use. Only non-UTF-8 inputs ever need it."""
    global _ORDINARY_NON_ASCII
    if _ORDINARY_NON_ASCII is None:
        level1 = bytes(
            b for lead in range(0xB0, 0xD8) for trail in range(0xA1, 0xFF) for b in (lead, trail)
        )
        chars = level1.decode("gb2312", errors="ignore")
        ranges = (
            "\u00a0\u00a7\u00a9\u00ae\u00b0\u00b1\u00b7\u00d7\u00f7"
            "\u2010-\u2027\u2030-\u203b"
            "\u2100-\u218f\u2190-\u23ff\u2460-\u24ff\u2500-\u27bf"
            "\u3000-\u303f\u3200-\u32ff\ufe30-\ufe4f\uff00-\uffef"
        )
        _ORDINARY_NON_ASCII = re.compile(f"[{ranges}{re.escape(chars)}]+")
    return _ORDINARY_NON_ASCII


_NORMALIZED: dict[str, str] = {
    "&nbsp;": " ",
    "\r": "\n",
    **{chr(0xFF10 + d): str(d) for d in range(10)},
    **dict.fromkeys(
        map(chr, (0x3000, 0x00A0, *range(0x2002, 0x200B), 0x202F, 0x205F)),
        " ",
    ),
    **dict.fromkeys(map(chr, (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)), ""),
}
"""What ``normalize`` replaces. No replacement contains a key, so the order does not matter."""


def normalize(text: str) -> str:
    """Make equal things equal before anything matches labels or numbers.

    Full-width digits and the many space characters are typing accidents, not meaning; zero-width
    characters split labels invisibly; a literal ``&nbsp;`` is what a careless HTML-to-text copy
    leaves. Full-width punctuation is left alone: （一） and ， are how labels are written.

    Each character is looked for and replaced only when present. ``str.translate`` would be the
    obvious tool, but on non-ASCII text it looks every character up in the table one by one
    (about 2.4 ms for a 30 000-character report, against 0.1 ms for these searches).
    """
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    for old, new in _NORMALIZED.items():
        if old in text:
            text = text.replace(old, new)
    return text
