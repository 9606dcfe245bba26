"""Residue removal (``gouji.ingest.residue``): chrome, page markers and editing leftovers go;
everything else keeps its source line number and, through ``Line.shifts``, its source column."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gouji.ingest.decode import normalize
from gouji.ingest.document import Line
from gouji.ingest.residue import clean_lines, residue_kind

DATA = Path(__file__).parent / "data"
SEED_001 = DATA / "seeds" / "001_1cfe7f294d98aa39.txt"
SEED_003 = DATA / "seeds" / "003_4d52fde21a8cca17.txt"
SEED_004 = DATA / "seeds" / "004_21d53c8a3bf28510.txt"
PINGTAN_2021 = DATA / "corpus" / "pingtan" / "czj-2021.txt"


def _source(path: Path) -> str:
    return normalize(path.read_text(encoding="utf-8"))


def _by_number(lines: list[Line]) -> dict[int, Line]:
    return {line.number: line for line in lines}


def _assert_columns_map_to_source(lines: list[Line], source: str) -> None:
    """Every character of every cleaned line is the source character its column points at."""
    source_lines = source.split("\n")
    for line in lines:
        original = source_lines[line.number - 1]
        for index, char in enumerate(line.text):
            assert original[line.source_column(index) - 1] == char, (line.number, index)


# -- whole residue lines ----------------------------------------------------------------------


def test_seed_001_web_tail_is_removed() -> None:
    source = _source(SEED_001)
    lines, notes = clean_lines(source)
    texts = [line.text for line in lines]
    assert "扫一扫在手机打开当前页" not in texts
    assert "相关链接" not in texts
    assert lines[-1].number == 68
    assert lines[-1].text == "本机关全年未发出收费通知书,未收取信息处理费。"
    assert [n.code for n in notes] == ["residue.chrome"]
    assert notes[0].pos is not None and notes[0].pos.line == 69
    assert "扫一扫在手机打开当前页 等 2 行" in notes[0].message
    assert notes[0].confidence == 1.0


def test_line_numbers_survive_dropped_lines() -> None:
    text = "一、总体情况\n扫一扫在手机打开当前页\n（一）主动公开\n- 4 -\n\t规章\t0"
    lines, _ = clean_lines(text)
    assert [(line.number, line.text) for line in lines] == [
        (1, "一、总体情况"),
        (3, "（一）主动公开"),
        (5, "\t规章\t0"),
    ]


@pytest.mark.parametrize(
    "marker",
    ["- 4 -", "— 5 —", "－ 3 －", "-4-", "第 3 页 共 6 页", "第3页", "3 / 6", "  - 12 -  "],
)
def test_page_markers_are_removed(marker: str) -> None:
    lines, notes = clean_lines(f"行政许可\n{marker}\n0")
    assert [line.number for line in lines] == [1, 3]
    assert [n.code for n in notes] == ["residue.page_marker"]
    assert residue_kind(marker) == "page_marker"


@pytest.mark.parametrize("value", ["4", "0", "6 / 3", "-4", "—", "/", "22（其中修订16件）"])
def test_table_values_are_not_page_markers(value: str) -> None:
    assert residue_kind(value) is None
    lines, notes = clean_lines(f"行政许可\n{value}\n0")
    assert [line.text for line in lines] == ["行政许可", value, "0"]
    assert notes == []


@pytest.mark.parametrize(
    "line",
    [
        "扫一扫在手机打开当前页",
        "相关链接",
        "打印本页",
        "关闭窗口",
        "【打印】",
        "【关闭】",
        "【打印】 【关闭】",
        "打印本页 | 关闭窗口",
        "字号：大 中 小",
        "【字体：大 中 小】",
        "分享到：",
        "收藏",
        "返回顶部",
        "上一篇：关于做好2024年政府信息公开工作年度报告编制工作的通知",
        "下一篇",
        "首页 > 政务公开 > 年度报告",
        "当前位置：首页 > 政务公开 > 政府信息公开年报",
        "您当前的位置",
        "政务公开 > 政府信息公开年报 > 部门年报",
        "网站地图",
        "版权所有：平潭综合实验区管理委员会",
        "平潭综合实验区管理委员会 版权所有",
        "主办单位：某某县人民政府办公室 网站标识码：1234000001 京ICP备05070602号",
        "闽公网安备 35010202000001号",
        "Copyright © 2024 All Rights Reserved",
        "[打印](javascript:window.print())",
    ],
)
def test_chrome_lines(line: str) -> None:
    assert residue_kind(line) == "chrome"
    lines, notes = clean_lines(f"六、其他需要报告的事项\n{line}\n无。")
    assert [x.number for x in lines] == [1, 3]
    assert [n.code for n in notes] == ["residue.chrome"]


def test_link_list_header() -> None:
    assert residue_kind("相关文章") == "link_list"
    _, notes = clean_lines("无。\n相关文章")
    assert [n.code for n in notes] == ["residue.link_list"]


@pytest.mark.parametrize(
    "line",
    [
        "本单位按要求打印并张贴了公开指南。",
        "打印机等设备已全部更新。",
        "主办单位召开专题会议，研究部署政务公开工作。",
        "完成网站ICP备案信息核查工作。",
        "收入>支出",
        "一、总体情况",
        "（三）不予公开",
        "第二十条第（一）项",
        "相关链接已在门户网站更新，请关注。",
    ],
)
def test_report_sentences_are_kept(line: str) -> None:
    assert residue_kind(line) is None
    lines, notes = clean_lines(line)
    assert [x.text for x in lines] == [line]
    assert notes == []


def test_one_note_per_kind_at_first_occurrence() -> None:
    text = "正文\n- 1 -\n正文\n打印本页\n- 2 -\n关闭窗口"
    _, notes = clean_lines(text)
    by_code = {n.code: n for n in notes}
    assert set(by_code) == {"residue.page_marker", "residue.chrome"}
    assert by_code["residue.page_marker"].pos.line == 2
    assert "等 2 行" in by_code["residue.page_marker"].message
    assert by_code["residue.chrome"].pos.line == 4


# -- inline residue ---------------------------------------------------------------------------


def test_seed_004_bookmark_is_cut_with_source_column() -> None:
    source = _source(SEED_004)
    source_line = source.split("\n")[4]
    assert source_line.startswith("[bookmark: _GoBack]本报告")
    lines, notes = clean_lines(source)
    line = _by_number(lines)[5]
    assert line.text.startswith("本报告根据《中华人民共和国政府信息公开条例》")
    assert line.source_column(0) == len("[bookmark: _GoBack]") + 1 == 20
    assert line.source_column(3) == 23
    _assert_columns_map_to_source([line], source)
    assert [n.code for n in notes] == ["residue.editor"]
    assert (notes[0].pos.line, notes[0].pos.column) == (5, 1)
    assert "[bookmark: _GoBack]" in notes[0].message


def test_any_bookmark_name_is_cut() -> None:
    lines, _ = clean_lines("（一）[bookmark: _Toc123456]主动公开情况")
    assert lines[0].text == "（一）主动公开情况"
    assert lines[0].source_column(3) == 3 + len("[bookmark: _Toc123456]") + 1


def test_seed_003_markdown_emphasis_is_cut_with_source_columns() -> None:
    source = _source(SEED_003)
    assert source.split("\n")[14].startswith("(三) **强化服务意识，提升公开能力。**我乡")
    lines, notes = clean_lines(source)
    line = _by_number(lines)[15]
    assert line.text.startswith("(三) 强化服务意识，提升公开能力。我乡积极贯彻落实")
    assert "*" not in line.text
    assert line.source_column(line.text.index("强")) == 7
    assert line.source_column(line.text.index("我乡")) == 23
    assert line.source_column(0) == 1
    _assert_columns_map_to_source(lines, source)
    assert notes == []  # emphasis is formatting, not worth a note


def test_underscore_emphasis_and_untouched_single_markers() -> None:
    lines, _ = clean_lines("__总体情况__\n2 * 3 = 6\n____年____月\n行政_许可")
    assert [x.text for x in lines] == ["总体情况", "2 * 3 = 6", "____年____月", "行政_许可"]


def test_emphasis_in_pipe_table_cell() -> None:
    lines, _ = clean_lines("| **总计** | 1 | 0 |")
    assert lines[0].text == "| 总计 | 1 | 0 |"
    assert lines[0].source_column(2) == 5


def test_pingtan_2021_html_comment_fragments() -> None:
    source = _source(PINGTAN_2021)
    assert "<!--[if !supportLists]-->" in source
    lines, notes = clean_lines(source)
    assert len(lines) == len(source.split("\n"))
    body = _by_number(lines)[10]
    assert "<!--" not in body.text and "-->" not in body.text
    assert "。（三）突出抓好政府采购信息公开" in body.text
    assert "。（四）突出抓好热点难点问题公开" in body.text
    _assert_columns_map_to_source(lines, source)
    [note] = notes
    assert note.code == "residue.editor"
    first = source.split("\n")[9].index("<!--[if !supportLists]-->")
    assert (note.pos.line, note.pos.column) == (10, first + 1)
    assert "等 4 处" in note.message


def test_word_conditional_comment_halves_and_pandoc_anchor() -> None:
    lines, _ = clean_lines("<!--[if gte mso 9]>（一）<![endif]-->规章[]{#_Toc1 .anchor}")
    assert lines[0].text == "（一）规章"


def test_inline_cleaning_that_leaves_chrome_drops_the_line() -> None:
    lines, notes = clean_lines("正文\n**打印本页**")
    assert [x.number for x in lines] == [1]
    assert [n.code for n in notes] == ["residue.chrome"]


# -- layout preservation ----------------------------------------------------------------------


def test_blank_lines_and_leading_tabs_are_kept_exactly() -> None:
    source = _source(SEED_004)
    lines, _ = clean_lines(source)
    source_lines = source.split("\n")
    assert len(lines) == len(source_lines)
    for line in lines:
        if line.number != 5:
            assert line.text == source_lines[line.number - 1]
            assert line.shifts == ()
    assert any(line.text == "" for line in lines)
    assert any(line.text == "\t0" for line in lines)


def test_lines_equal_plainly_constructed_lines() -> None:
    source = _source(SEED_001)
    lines, _ = clean_lines(source)
    expected = [Line(i, t) for i, t in enumerate(source.split("\n"), 1) if i not in (69, 70)]
    assert lines == expected


def test_final_newline_and_empty_text() -> None:
    assert clean_lines("") == ([], [])
    lines, _ = clean_lines("a\n\nb\n")
    assert [(x.number, x.text) for x in lines] == [(1, "a"), (2, ""), (3, "b")]
    assert [x.text for x in clean_lines("\n")[0]] == [""]


_ALPHABET = st.sampled_from(
    [
        *"ab字打印第页共总计0149 \t\n-—/*_[]<>!{}#",
        *("[bookmark: x]", "<!--c-->", "**", "__", "- 4 -", "打印本页", "<!--[if x]>"),
    ]
)
"""Pieces that make residue, near-residue and report text when strung together."""


@settings(deadline=None, max_examples=300)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_any_text_keeps_order_and_source_columns(text: str) -> None:
    lines, notes = clean_lines(text)
    numbers = [x.number for x in lines]
    assert numbers == sorted(set(numbers))
    assert all(1 <= n <= len(text.split("\n")) for n in numbers)
    _assert_columns_map_to_source(lines, text)
    assert len({n.code for n in notes}) == len(notes)
