"""Bytes → text (``gouji.ingest.decode``): encodings real reports arrive in, and normalisation."""

from __future__ import annotations

import codecs
import importlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

# ``gouji.ingest`` re-exports the ``decode`` function under the module's own name.
decoding = importlib.import_module("gouji.ingest.decode")
decode = decoding.decode
normalize = decoding.normalize

SEEDS = Path(__file__).parent / "data" / "seeds"
GB_NAMES = {"gb18030", "gbk", "gb2312"}
DECIDERS = {"bom", "utf-8", "declared", "meta", "detected"}


def _seed_paragraphs() -> str:
    """Section 一 paragraphs (三)–(五) of seed 000, real report text that GB2312 can encode.

    The legacy-encoding test bytes below are generated from this text with Python's codecs;
    no real GBK file is stored in the repository.
    """
    lines = (SEEDS / "000_734ff38be6f2e7cb.txt").read_text(encoding="utf-8").split("\n")
    return "\n".join(lines[11:15])


PARAGRAPH = _seed_paragraphs()


def _page(meta: str, body: str) -> str:
    return f"<html><head>{meta}<title>年度报告</title></head><body><p>{body}</p></body></html>"


# -- encodings --------------------------------------------------------------------------------


def test_utf8_takes_the_fast_path_without_detection(monkeypatch: pytest.MonkeyPatch) -> None:
    import charset_normalizer

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("charset-normalizer must not run on valid UTF-8")

    monkeypatch.setattr(charset_normalizer, "from_bytes", refuse)
    result = decode(PARAGRAPH.encode("utf-8"))
    assert result.text == PARAGRAPH
    assert (result.encoding, result.decided_by) == ("utf-8", "utf-8")


def test_utf8_bom_is_removed_and_wins() -> None:
    result = decode(codecs.BOM_UTF8 + PARAGRAPH.encode("utf-8"), declared="gbk")
    assert result.text == PARAGRAPH
    assert (result.encoding, result.decided_by) == ("utf-8", "bom")


def test_utf16_bom() -> None:
    result = decode(codecs.BOM_UTF16_LE + PARAGRAPH.encode("utf-16-le"))
    assert result.text == PARAGRAPH
    assert (result.encoding, result.decided_by) == ("utf-16-le", "bom")


def test_gb18030_bytes_are_detected_without_being_told() -> None:
    result = decode(PARAGRAPH.encode("gb18030"))
    assert result.text == PARAGRAPH
    assert result.encoding in GB_NAMES
    assert result.decided_by == "detected"


def test_gbk_bytes_are_detected_without_being_told() -> None:
    result = decode(PARAGRAPH.encode("gbk"))
    assert result.text == PARAGRAPH
    assert result.encoding in GB_NAMES
    assert result.decided_by == "detected"


def test_gb2312_bytes_are_detected_without_being_told() -> None:
    result = decode(PARAGRAPH.encode("gb2312"))
    assert result.text == PARAGRAPH
    assert result.encoding in GB_NAMES
    assert result.decided_by == "detected"


def test_short_gbk_heading_is_detected() -> None:
    heading = "二、主动公开政府信息情况"
    assert decode(heading.encode("gbk")).text == heading


def test_html_meta_charset_gb2312_is_honoured() -> None:
    page = _page('<meta charset="gb2312">', PARAGRAPH)
    result = decode(page.encode("gbk"), html=True)
    assert result.text == page
    assert (result.encoding, result.decided_by) == ("gb2312", "meta")


def test_html_meta_http_equiv_gbk_is_honoured() -> None:
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=GBK">'
    page = _page(meta, PARAGRAPH)
    result = decode(page.encode("gbk"), html=True)
    assert result.text == page
    assert (result.encoding, result.decided_by) == ("gbk", "meta")


def test_meta_charset_is_only_read_for_html() -> None:
    page = _page('<meta charset="gb2312">', PARAGRAPH)
    result = decode(page.encode("gbk"), html=False)
    assert result.text == page
    assert result.decided_by == "detected"


def test_meta_charset_that_contradicts_valid_utf8_loses() -> None:
    page = _page('<meta charset="gb2312">', PARAGRAPH)
    result = decode(page.encode("utf-8"), html=True)
    assert result.text == page
    assert result.decided_by == "utf-8"


@pytest.mark.parametrize("name", ["GB_2312-80", "x-gbk", "cp936", "GBK", "gb18030"])
def test_declared_encoding_is_used_and_reported_lower_case(name: str) -> None:
    result = decode(PARAGRAPH.encode("gbk"), declared=name)
    assert result.text == PARAGRAPH
    assert (result.encoding, result.decided_by) == (name.lower(), "declared")


def test_declared_encoding_does_not_override_valid_utf8() -> None:
    result = decode(PARAGRAPH.encode("utf-8"), declared="gbk")
    assert result.text == PARAGRAPH
    assert result.decided_by == "utf-8"


def test_unknown_declared_encoding_falls_through_to_detection() -> None:
    result = decode(PARAGRAPH.encode("gbk"), declared="no-such-charset")
    assert result.text == PARAGRAPH
    assert result.decided_by == "detected"


def test_declared_non_text_codec_is_ignored() -> None:
    result = decode(PARAGRAPH.encode("gbk"), declared="base64")
    assert result.text == PARAGRAPH


def test_utf8_with_one_damaged_byte_stays_utf8() -> None:
    data = PARAGRAPH.encode("utf-8")
    damaged = data[:-1]  # a download cut inside the last character
    result = decode(damaged)
    assert result.encoding == "utf-8"
    assert result.text[:-1] == PARAGRAPH[:-1]
    assert result.text.endswith("\ufffd")


def test_empty_bytes() -> None:
    assert decode(b"") == decoding.Decoded("", "utf-8", "utf-8")


@settings(deadline=None, max_examples=200)
@given(
    data=st.binary(max_size=600),
    html=st.booleans(),
    declared=st.one_of(st.none(), st.sampled_from(["gbk", "utf-8", "latin-1", "bogus", ""])),
)
def test_random_bytes_never_raise(data: bytes, html: bool, declared: str | None) -> None:
    result = decode(data, html=html, declared=declared)
    assert isinstance(result.text, str)
    assert result.encoding == result.encoding.lower()
    assert result.decided_by in DECIDERS


# -- normalisation ----------------------------------------------------------------------------


def test_crlf_and_lone_cr_become_lf() -> None:
    assert normalize("一、总体情况\r\n（一）\r主动公开\n") == "一、总体情况\n（一）\n主动公开\n"


def test_crlf_keeps_line_count() -> None:
    text = "a\r\nb\r\n\r\nc"
    assert normalize(text).split("\n") == ["a", "b", "", "c"]


def test_fullwidth_digits_and_spaces() -> None:
    assert normalize("本年新收\u3000１２３件，２０２４年") == "本年新收 123件，2024年"


def test_nbsp_and_other_spaces() -> None:
    assert normalize("予以公开\u00a05\u2002件\u202f\u205f") == "予以公开 5 件  "


def test_zero_width_characters_are_removed() -> None:
    assert normalize("\ufeff行政\u200b许可\u200c\u200d\u2060") == "行政许可"


def test_literal_nbsp_entity_becomes_space() -> None:
    assert normalize("总计&nbsp;&nbsp;3") == "总计  3"


def test_fullwidth_punctuation_is_kept() -> None:
    label = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）：１"
    assert normalize(label) == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）：1"


def test_normalize_leaves_tabs_alone() -> None:
    assert normalize("\t规章\t0\t0") == "\t规章\t0\t0"
