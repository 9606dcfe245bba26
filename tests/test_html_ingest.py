"""HTML ingest: exact grids from rowspan/colspan, page metadata, site chrome and garbage.

The fixtures under ``data/html`` are generated (see the comment at the top of each file): a
faithful 2021 表三 with seed 004's values, a 表四 with its three header rows, and a whole county
government page stored as GB2312 bytes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gouji.ingest.document import Document, GridCell, Paragraph, Table
from gouji.ingest.html import from_html
from gouji.ingest.page_metadata import KEYS as METADATA_KEYS

DATA = Path(__file__).parent / "data" / "html"
T3_FILE = "t3_national_2021.html"
T4_FILE = "t4_national_2021.html"
PAGE_FILE = "county_page_gb2312.html"
SHA = "0" * 64


def parse(html: str) -> Document:
    return from_html(html, source="<test>", sha256=SHA, encoding=None)


def load(name: str, encoding: str = "utf-8") -> Document:
    text = (DATA / name).read_bytes().decode(encoding)
    return from_html(text, source=name, sha256=SHA, encoding=encoding)


def source_lines(name: str, encoding: str = "utf-8") -> list[str]:
    return (DATA / name).read_bytes().decode(encoding).splitlines()


def line_of(lines: list[str], needle: str, start: int = 0) -> int:
    """1-based number of the first source line at or after ``start`` containing ``needle``."""
    for number, line in enumerate(lines[start:], start + 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in source")


def tables(doc: Document) -> list[Table]:
    return [b for b in doc.blocks if isinstance(b, Table)]


def paragraphs(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, Paragraph)]


def cell_at(table: Table, row: int, col: int) -> GridCell:
    found = [c for c in table.rows[row] if c.pos.col == col]
    assert found, f"no cell starts at ({row}, {col})"
    return found[0]


def all_text(doc: Document) -> str:
    parts: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Table):
            parts.extend(c.text for row in block.rows for c in row)
        else:
            parts.append(block.text)
    return "\n".join(parts)


@pytest.fixture(scope="module")
def t3() -> Table:
    (table,) = tables(load(T3_FILE))
    return table


@pytest.fixture(scope="module")
def t4() -> Table:
    (table,) = tables(load(T4_FILE))
    return table


@pytest.fixture(scope="module")
def page() -> Document:
    return load(PAGE_FILE, "gb18030")


# -- 表三: the national template grid ---------------------------------------------------------


def test_t3_is_the_only_block_table_with_index_0(t3: Table) -> None:
    doc = load(T3_FILE)
    assert doc.input_kind == "html"
    assert paragraphs(doc) == ["三、收到和处理政府信息公开申请情况"]
    assert t3.layout == "html"
    assert t3.index == 0
    assert t3.pos.table == 0
    assert t3.pos.line == line_of(source_lines(T3_FILE), "<table")


def test_t3_grid_is_28_rows_by_10_columns(t3: Table) -> None:
    assert len(t3.rows) == 28
    assert max(c.pos.col for row in t3.rows for c in row) == 9
    for r, row in enumerate(t3.rows):
        cols = [c.pos.col for c in row]
        assert cols == sorted(set(cols))
        assert all(c.pos.row == r and c.pos.table == 0 for c in row)
        assert all(c.pos.line is not None and c.line is None for c in row)


def test_t3_header_rows(t3: Table) -> None:
    assert cell_at(t3, 0, 0).text.startswith("（本列数据的勾稽关系为")
    assert cell_at(t3, 0, 3).text == "申请人情况"
    assert [(c.pos.col, c.text) for c in t3.rows[1]] == [
        (3, "自然人"),
        (4, "法人或其他组织"),
        (9, "总计"),
    ]
    # "商业<br>企业": a wrapped label reads as one word
    assert [(c.pos.col, c.text) for c in t3.rows[2]] == [
        (4, "商业企业"),
        (5, "科研机构"),
        (6, "社会公益组织"),
        (7, "法律服务机构"),
        (8, "其他"),
    ]


@pytest.mark.parametrize(
    ("row", "col", "text"),
    [
        (3, 0, "一、本年新收政府信息公开申请数量"),
        (3, 3, "1"),  # t3.new.natural
        (3, 9, "1"),  # t3.new.total
        (4, 0, "二、上年结转政府信息公开申请数量"),
        (5, 1, "（一）予以公开"),
        (7, 2, "1.属于国家秘密"),
        (15, 2, "1.本机关不掌握相关政府信息"),
        (15, 3, "1"),  # t3.unable_not_held.natural
        (15, 9, "0"),  # t3.unable_not_held.total: seed 004's error, kept as printed
        (26, 1, "（七）总计"),
        (26, 3, "1"),
        (26, 9, "0"),
        (27, 0, "四、结转下年度继续办理"),
        (27, 9, "0"),
    ],
)
def test_t3_cells_of_seed_004(t3: Table, row: int, col: int, text: str) -> None:
    assert cell_at(t3, row, col).text == text


def test_t3_spanning_labels_are_emitted_once_at_top_left(t3: Table) -> None:
    results = [c for row in t3.rows for c in row if c.text == "三、本年度办理结果"]
    assert len(results) == 1
    assert (results[0].pos.row, results[0].pos.col) == (5, 0)
    # rows under the rowspan=22 label start at column 1, rows under a group label at column 2
    assert all(t3.rows[r][0].pos.col >= 1 for r in range(6, 27))
    assert t3.rows[6][0].pos.col == 1
    assert t3.rows[8][0].pos.col == 2
    groups = {r: cell_at(t3, r, 1).text for r in (7, 15, 18, 23)}
    assert groups == {
        7: "（三）不予公开",
        15: "（四）无法提供",
        18: "（五）不予处理",
        23: "（六）其他处理",
    }


def test_t3_rows_hold_only_cells_that_start_there(t3: Table) -> None:
    assert len(t3.rows[3]) == 8  # label + 7 values
    assert len(t3.rows[5]) == 9  # 三、 + （一） + 7 values
    assert len(t3.rows[7]) == 9  # （三） + 1. + 7 values
    assert len(t3.rows[8]) == 8
    assert [c.pos.col for c in t3.rows[8]] == [2, 3, 4, 5, 6, 7, 8, 9]


def test_t3_blank_zero_cells_are_emitted_with_empty_text(t3: Table) -> None:
    assert [cell_at(t3, 4, c).text for c in range(3, 10)] == ["0", "", "", "", "", "", "0"]
    assert [c.text for c in t3.rows[8][1:]] == [""] * 7
    for r in range(18, 23):
        assert cell_at(t3, r, 9).text == ""
        assert cell_at(t3, r, 3).text == "0"


def test_t3_cell_lines_point_into_the_source(t3: Table) -> None:
    lines = source_lines(T3_FILE)
    label = cell_at(t3, 3, 0)
    assert label.pos.line == line_of(lines, "一、本年新收")
    assert cell_at(t3, 3, 3).pos.line == label.pos.line + 1


# -- 表四 -------------------------------------------------------------------------------------


def test_t4_header_rows_land_on_their_grid_columns(t4: Table) -> None:
    assert [(c.pos.col, c.text) for c in t4.rows[0]] == [(0, "行政复议"), (5, "行政诉讼")]
    # 行政复议 holds columns 0-4 of row 1 through its rowspan
    assert [(c.pos.col, c.text) for c in t4.rows[1]] == [
        (5, "未经复议直接起诉"),
        (10, "复议后起诉"),
    ]
    labels = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3
    assert [(c.pos.col, c.text) for c in t4.rows[2]] == list(enumerate(labels))


def test_t4_data_row(t4: Table) -> None:
    assert len(t4.rows) == 4
    values = ["1", "0", "0", "1", "2", "0", "0", "1", "0", "1", "", "", "", "", "0"]
    assert [(c.pos.col, c.text) for c in t4.rows[3]] == list(enumerate(values))


# -- a whole saved page -------------------------------------------------------------------


def test_page_fixture_is_stored_as_gb2312() -> None:
    data = (DATA / PAGE_FILE).read_bytes()
    assert b'charset="gb2312"' in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert "额敏县额敏镇" in data.decode("gb2312")


def test_page_document_fields(page: Document) -> None:
    assert page.input_kind == "html"
    assert page.source == PAGE_FILE
    assert page.sha256 == SHA
    assert page.encoding == "gb18030"


def test_page_metadata(page: Document) -> None:
    lines = source_lines(PAGE_FILE, "gb18030")
    values = {key: value for key, (value, _) in page.metadata.items()}
    assert values == {
        "索引号": "11654221MB1534567X/2025-00003",
        "发布机构": "额敏县额敏镇人民政府",
        # the visible 发布日期 beats <meta name="PubDate" content="2025-01-20 10:31">
        "发布日期": "2025-01-19",
        "发布时间": "2025-01-19 09:30",
        "标题": "额敏县额敏镇2024年政府信息公开工作年度报告",
        "主题分类": "政务公开",
        "来源": "额敏镇",
    }
    assert set(values) <= set(METADATA_KEYS)
    assert page.metadata["索引号"][1].line == line_of(lines, "11654221MB1534567X")
    assert page.metadata["发布日期"][1].line == line_of(lines, "<td>2025-01-19</td>")
    assert page.metadata["发布时间"][1].line == line_of(lines, "发布时间：")
    assert page.metadata["标题"][1].line == line_of(lines, 'name="ArticleTitle"')


def test_page_metadata_table_is_not_a_block(page: Document) -> None:
    text = all_text(page)
    for label in ("索", "主题分类", "11654221MB1534567X", "名称", "发布时间", "浏览次数"):
        assert label not in text


def test_page_tables_and_indexes(page: Document) -> None:
    found = tables(page)
    assert [t.index for t in found] == [0, 1, 2, 3, 4, 5]
    assert [t.pos.table for t in found] == [0, 1, 2, 3, 4, 5]
    assert [len(t.rows) for t in found] == [4, 3, 4, 3, 28, 4]
    assert all(c.pos.table == t.index for t in found for row in t.rows for c in row)


def test_page_title_hint(page: Document) -> None:
    assert page.title_hint == "额敏县额敏镇2024年政府信息公开工作年度报告"


@pytest.mark.parametrize(
    "chrome",
    [
        "欢迎访问",
        "无障碍",
        "首页",
        "互动交流",
        "当前位置",
        "分享到",
        "微信",
        "打印",
        "关闭窗口",
        "相关链接",
        "额敏县2023年",
        "主办",
        "版权所有",
        "ICP",
        "网站标识码",
        "扫一扫在手机打开当前页",
        "脚本文字",
        "var tip",
        "样式文字",
        "float",
        "正文开始",
    ],
)
def test_page_site_chrome_is_not_in_any_block(page: Document, chrome: str) -> None:
    assert chrome not in all_text(page)


def test_page_block_order(page: Document) -> None:
    sequence: list[str] = []
    for block in page.blocks:
        if isinstance(block, Table):
            sequence.append(f"T{block.index}")
        elif re.match(r"[一二三四五六]、", block.text) and len(block.text) < 30:
            sequence.append(block.text[0])
    assert sequence == ["一", "二", "T0", "T1", "T2", "T3", "三", "T4", "四", "T5", "五", "六"]


def test_page_paragraphs(page: Document) -> None:
    texts = paragraphs(page)
    # <br> inside the heading ends a paragraph
    assert texts[:2] == ["额敏县额敏镇2024年政府信息公开", "工作年度报告"]
    assert texts[2].startswith("本报告根据《中华人民共和国政府信息公开条例》")
    assert "《关于印发<中华人民共和国政府信息公开工作年度报告格式>的通知》" in texts[2]
    assert texts[-2:] == ["额敏县额敏镇人民政府", "2025年1月19日"]
    i = texts.index("一是政府信息公开宣传力度不够。")
    assert texts[i + 1] == "二是工作人员水平仍需进一步提升。"


def test_page_numbers_split_across_spans_are_joined(page: Document) -> None:
    t2a, t2b, t2c, _ = tables(page)[:4]
    assert [c.text for c in t2a.rows[3]] == ["行政规范性文件", "12", "", "35"]
    assert cell_at(t2b, 2, 1).text == "523"
    assert cell_at(t2c, 2, 1).text == "18"
    # a <span> number and a line break between two CJK characters add no space
    assert "额敏镇收到1件有关依申请公开内容。" in all_text(page)


def test_page_paragraph_and_table_lines(page: Document) -> None:
    lines = source_lines(PAGE_FILE, "gb18030")
    by_text = {b.text: b.pos.line for b in page.blocks if isinstance(b, Paragraph)}
    assert by_text["六、其他需要报告的事项"] == line_of(lines, "六、其他需要报告的事项")
    assert by_text["2025年1月19日"] == line_of(lines, "2025年1月19日</p>")
    first_table = line_of(lines, '<table border="1"')
    assert tables(page)[0].pos.line == first_table
    assert all(b.pos.column is None for b in page.blocks if isinstance(b, Paragraph))


# -- garbage and malformed markup -----------------------------------------------------------


GARBAGE = [
    "",
    "   \n\t ",
    "not html at all",
    "<table><tr><td rowspan=abc>1</td>",
    "<<<>>>&&&;</</td></tr><tr>",
    "\x00\x01\x02PK\x03\x04\xff\xfe<\x80>\ud800<div>\x1b[0m",
    bytes(range(256)).decode("latin-1") * 20,
    "<?xml version='1.0' encoding='gbk'?><p>中文</p>",
    '<table><tr><td colspan="99999999999999999999" rowspan="-3">x</td></tr></table>',
    "<table>" * 500,
    "<div>" * 3000 + "深" + "</div>" * 3000,
    "<html><head><title></title><meta name='PubDate'></head></html>",
    "<br><br><hr>",
    "<!-- only a comment -->",
]


@pytest.mark.parametrize("text", GARBAGE, ids=range(len(GARBAGE)))
def test_garbage_never_raises(text: str) -> None:
    doc = parse(text)
    assert doc.input_kind == "html"
    assert isinstance(doc.blocks, list)


FRAGMENTS = [
    "<table>",
    "</table>",
    "<tr>",
    "</tr>",
    "<td>",
    "</td>",
    '<td rowspan="3">',
    '<td colspan="2">',
    '<th rowspan="x" colspan="0">',
    "<p>",
    "</p>",
    "<br>",
    "<span>",
    "</span>",
    "<div class='nav'>",
    "</div>",
    "&nbsp;",
    "政府信息公开",
    "发布日期：2024-01-19",
    "1",
    "0",
    "\n",
    "<!--",
    "-->",
    "<",
    ">",
    "&",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=5), max_size=60))
def test_random_markup_gives_consistent_grids(pieces: list[str]) -> None:
    doc = parse("".join(pieces))
    for table in tables(doc):
        for r, row in enumerate(table.rows):
            cols = [c.pos.col for c in row]
            assert cols == sorted(set(cols))
            assert all(c.pos.row == r and c.pos.table == table.index for c in row)
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            assert block.text and block.text == block.text.strip()


@pytest.mark.parametrize("text", ["", "   ", "not html at all", "中文纯文本，没有标签"])
def test_empty_or_non_html_gives_no_blocks(text: str) -> None:
    doc = parse(text)
    assert doc.blocks == []
    assert doc.metadata == {}
    assert doc.title_hint is None
    assert [n.code for n in doc.notes] in (["html.empty"], ["html.not_html"])


def test_deep_nesting_keeps_text() -> None:
    # libxml2 itself gives up beyond 256 levels; below that nothing is lost
    html = "<div>" * 250 + "<p>深<span>层</span></p>" + "</div>" * 250 + "<p>后</p>"
    assert paragraphs(parse(html)) == ["深层", "后"]


def test_malformed_spans_count_as_one() -> None:
    doc = parse(
        "<table>"
        '<tr><td rowspan="0">a</td><td colspan="abc">b</td><td colspan="2;">c</td></tr>'
        '<tr><td>d</td><td rowspan="２">e</td><td>f</td></tr>'
        "</table>"
    )
    (table,) = tables(doc)
    assert [(c.pos.col, c.text) for c in table.rows[0]] == [(0, "a"), (1, "b"), (2, "c")]
    assert [(c.pos.col, c.text) for c in table.rows[1]] == [(0, "d"), (1, "e"), (2, "f")]


def test_spans_are_capped_at_50() -> None:
    doc = parse(
        '<table><tr><td colspan="1000">wide</td><td>next</td></tr>'
        '<tr><td rowspan="100000">tall</td><td>x</td></tr><tr><td>y</td></tr></table>'
    )
    (table,) = tables(doc)
    assert cell_at(table, 0, 50).text == "next"
    assert [(c.pos.col, c.text) for c in table.rows[2]] == [(1, "y")]


# -- paragraphs -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p><span>1</span><span>2</span></p>", ["12"]),
        ("<p>共<font>1</font><b>2</b><a href='#'>3</a><em>4</em><sup>5</sup>件</p>", ["共12345件"]),
        ("<p>额敏县\n      额敏镇</p>", ["额敏县额敏镇"]),
        ("<p>a \n  b\t\tc</p>", ["a b c"]),
        ("<p>\u3000\u3000首行缩进\u200b。</p>", ["首行缩进。"]),
        ("<p>&nbsp;</p><p> </p><div><span>\n</span></div>", []),
        ("<p>第一行<br>第二行<br/><br/>第三行</p>", ["第一行", "第二行", "第三行"]),
        ("<div>前言<p>段落</p>后记</div>", ["前言", "段落", "后记"]),
        ("<ul><li>甲</li><li>乙</li></ul><h2>标题二</h2>", ["甲", "乙", "标题二"]),
    ],
)
def test_paragraph_text(html: str, expected: list[str]) -> None:
    assert paragraphs(parse(html)) == expected


def test_paragraph_lines_are_element_lines() -> None:
    doc = parse("<html><body>\n<p>一</p>\n\n<div>二<br>\n三</div>\n</body></html>")
    assert [(b.text, b.pos.line) for b in doc.blocks] == [("一", 2), ("二", 4), ("三", 4)]
    assert all(isinstance(b, Paragraph) and b.line is None for b in doc.blocks)


def test_caption_becomes_a_paragraph_before_its_table() -> None:
    doc = parse(
        "<table><caption>表三 收到和处理政府信息公开申请情况</caption>"
        "<tr><td>a</td><td>b</td></tr><tr><td>1</td><td>2</td></tr></table>"
    )
    assert isinstance(doc.blocks[0], Paragraph)
    assert doc.blocks[0].text == "表三 收到和处理政府信息公开申请情况"
    assert isinstance(doc.blocks[1], Table)
    assert "表三" not in all_text(Document("", "", "html", None, blocks=doc.blocks[1:]))


# -- layout tables ------------------------------------------------------------------------


def test_nested_tables_only_the_inner_data_table_is_a_table() -> None:
    doc = parse(
        "<table><tr><td>左侧说明</td><td><p>正文段落</p>"
        "<table><tr><td>信息内容</td><td>本年处理决定数量</td></tr>"
        "<tr><td>行政许可</td><td>7</td></tr></table>"
        "<p>表后文字</p></td></tr>"
        "<tr><td>附件：无</td><td>x</td></tr></table>"
        "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>"
    )
    kinds = [f"T{b.index}" if isinstance(b, Table) else b.text for b in doc.blocks]
    assert kinds == ["左侧说明", "正文段落", "T0", "表后文字", "附件：无", "x", "T1"]
    inner = tables(doc)[0]
    assert cell_at(inner, 1, 1).text == "7"


@pytest.mark.parametrize(
    "html",
    [
        "<table><tr><td>只有一行</td><td>两列</td></tr></table>",
        "<table><tr><td>只有一列</td></tr><tr><td>两行</td></tr></table>",
        "<table><tr><td>"
        + "长" * 400
        + "</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>",
    ],
)
def test_tables_that_are_not_data_flow_as_paragraphs(html: str) -> None:
    doc = parse(html)
    assert tables(doc) == []
    assert len(paragraphs(doc)) >= 2


# -- metadata ---------------------------------------------------------------------------------


def test_metadata_pairs_on_one_line() -> None:
    doc = parse("<p>索引号：ABC-123 发布机构：某县人民政府 发布日期：2024-01-19</p><p>正文</p>")
    assert {k: v for k, (v, _) in doc.metadata.items()} == {
        "索引号": "ABC-123",
        "发布机构": "某县人民政府",
        "发布日期": "2024-01-19",
    }
    assert paragraphs(doc) == ["正文"]


@pytest.mark.parametrize(
    ("html", "key", "value"),
    [
        ("<div>发布机构：某县人民政府&nbsp;&nbsp;浏览次数：3</div>", "发布机构", "某县人民政府"),
        ("<p>成文日期：2024年1月18日 来源：本站</p>", "成文日期", "2024年1月18日"),
        ("<p>公开日期:2024-01-19【字体：大 中 小】</p>", "公开日期", "2024-01-19"),
        (
            "<p>发文机关：某县人民政府办公室\u3000\u3000文号：某政办〔2024〕1号</p>",
            "发文机关",
            "某县人民政府办公室",
        ),
        ("<p>生成日期：2024/1/9 | 点击：8</p>", "生成日期", "2024/1/9"),
        ("<span>发布时间：2024-01-19 10:20:30</span>", "发布时间", "2024-01-19 10:20:30"),
        ("<p>索 引 号：XY-1</p>", "索引号", "XY-1"),
    ],
)
def test_metadata_value_stops_at_gap_or_next_label(html: str, key: str, value: str) -> None:
    assert parse(html).metadata[key][0] == value


def test_metadata_from_meta_tags_and_visible_precedence() -> None:
    doc = parse(
        "<html><head>"
        '<meta name="firstpublishedtime" content="2024-01-20 08:00">'
        '<meta name="ContentSource" content="某县政务公开办">'
        '<meta name="ArticleTitle" content="某县2023年政府信息公开工作年度报告">'
        "</head><body>\n<p>发布机构：某县人民政府</p><p>正文</p>\n<p>发布机构：别的单位</p></body></html>"
    )
    meta = {k: v for k, (v, _) in doc.metadata.items()}
    assert meta == {
        "发布日期": "2024-01-20 08:00",
        "发布机构": "某县人民政府",
        "标题": "某县2023年政府信息公开工作年度报告",
    }
    assert doc.metadata["发布机构"][1].line == 2


def test_metadata_table_with_key_and_value_cells() -> None:
    doc = parse(
        "<table>"
        "<tr><th>索引号</th><td>000014349/2024-00012</td><th>主题分类</th><td>其他</td></tr>"
        "<tr><th>发文机关：</th><td>国务院办公厅</td><th>成文日期：</th><td>2024年01月18日</td></tr>"
        "<tr><th>标　　题：</th><td colspan='3'>关于某事的通知</td></tr>"
        "</table><p>正文</p>"
    )
    assert tables(doc) == []
    assert paragraphs(doc) == ["正文"]
    assert {k: v for k, (v, _) in doc.metadata.items()} == {
        "索引号": "000014349/2024-00012",
        "主题分类": "其他",
        "发文机关": "国务院办公厅",
        "成文日期": "2024年01月18日",
        "标题": "关于某事的通知",
    }


@pytest.mark.parametrize(
    ("head", "hint"),
    [
        (
            "<title>某县2023年政府信息公开工作年度报告_某县人民政府_新疆</title>",
            "某县2023年政府信息公开工作年度报告",
        ),
        ("<title>某县2023年度报告 | 某县人民政府</title>", "某县2023年度报告"),
        ("<title>2023-2024年度报告－某县</title>", "2023-2024年度报告"),
        ("<title>某县人民政府 - 首页</title>", "某县人民政府 - 首页"),
        ("<title>  </title>", None),
        ("", None),
        ('<title>站点_首页</title><meta name="ArticleTitle" content="文章标题">', "文章标题"),
    ],
)
def test_title_hint(head: str, hint: str | None) -> None:
    assert parse(f"<html><head>{head}</head><body><p>x</p></body></html>").title_hint == hint


# -- chrome -----------------------------------------------------------------------------------


def test_chrome_skipped_unless_it_holds_the_report() -> None:
    doc = parse(
        '<div class="nav"><a href="#">政府信息公开</a><a href="#">首页</a></div>'
        '<div id="header"><h1>某县2023年政府信息公开工作年度报告</h1>'
        '<ul class="menu"><li>菜单项</li></ul></div>'
        '<div id="printContent"><table><tr><td>a</td><td>b</td></tr>'
        "<tr><td>1</td><td>2</td></tr></table></div>"
        '<p>参见<a class="link" href="#">某链接</a>。</p>'
        "<nav>导航</nav><footer>页脚</footer><aside>边栏</aside>"
    )
    assert paragraphs(doc) == ["某县2023年政府信息公开工作年度报告", "参见某链接。"]
    assert len(tables(doc)) == 1


def test_chrome_and_link_grid_tables_are_not_tables() -> None:
    doc = parse(
        '<table class="footer-links"><tr><td>甲</td><td>乙</td></tr>'
        "<tr><td>丙</td><td>丁</td></tr></table>"
        '<table><tr><td><a href="#">中国政府网</a></td><td><a href="#">新疆政府网</a></td></tr>'
        '<tr><td>·<a href="#">塔城地区</a></td><td><a href="#">额敏县</a></td></tr></table>'
    )
    assert tables(doc) == []
    assert paragraphs(doc) == ["中国政府网", "新疆政府网", "·塔城地区", "额敏县"]


def test_chrome_wrapper_body_class_is_not_chrome() -> None:
    doc = parse('<body class="has-sidebar nav-open"><p>正文</p></body>')
    assert paragraphs(doc) == ["正文"]


def test_metadata_is_read_inside_chrome() -> None:
    doc = parse('<div class="share-print">发布时间：2024-01-19&nbsp;&nbsp;【打印】</div>')
    assert doc.metadata["发布时间"][0] == "2024-01-19"
    assert doc.blocks == []


# -- residue ----------------------------------------------------------------------------------


RESIDUE_PAGE = "<body>\n<p>正文</p>\n<div>扫一扫在手机打开当前页</div>\n<p>扫一扫分享</p>\n<p>- 4 -</p>\n</body>"


def test_residue_paragraphs_are_dropped_with_a_note() -> None:
    doc = parse(RESIDUE_PAGE)
    assert paragraphs(doc) == ["正文", "扫一扫分享"]
    chrome, page = doc.notes  # one note per kind, at its first occurrence
    assert chrome.code == "residue.chrome"
    assert chrome.pos is not None and chrome.pos.line == 3
    assert page.code == "residue.page_marker"
    assert page.pos is not None and page.pos.line == 5


def test_the_real_residue_module_drops_page_residue() -> None:
    doc = parse("<body><p>正文</p><p>扫一扫在手机打开当前页</p><p>- 4 -</p></body>")
    assert paragraphs(doc) == ["正文"]
    assert all(n.code.startswith("residue.") for n in doc.notes)
