"""Layout variants of REPORT-FORMAT.md §5 with no real file in the repository.

Every document here is GENERATED for the test (written inline below), small enough to read, each
reproducing one documented shape: OCR markdown with placeholder headers and 表四 split in three,
shredded header cells, a 2019-format negative 增/减, annotated and placeholder cells, blank cells
in text grids, and rows that cannot be read and must not be guessed.
"""

from __future__ import annotations

from decimal import Decimal

import gouji

OCR_MARKDOWN = """\
# 某某县某某局2023年政府信息公开工作年度报告

## 三、收到和处理政府信息公开申请情况

| 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 数据7 | 数据8 |
|---|---|---|---|---|---|---|---|
| 一、本年新收政府信息公开申请数量 | 5 | 1 | 0 | 0 | 0 | 0 | 6 |
| 二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
| （一）予以公开 | 3 | 1 | 0 | 0 | 0 | 0 | 4 |

| 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 数据7 | 数据8 |
|---|---|---|---|---|---|---|---|
| 1.本机关不掌握相关政府信息 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
| （七）总计 | 5 | 1 | 0 | 0 | 0 | 0 | 6 |
| 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |

## 四、政府信息公开行政复议、行政诉讼情况

| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
|---|---|---|---|---|
| 1 | 0 | 0 | 1 | 2 |

| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
|---|---|---|---|---|
| 0 | 0 | 0 | 0 | 0 |

| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
|---|---|---|---|---|
| 0 | 1 | 0 | 0 | 1 |

## 五、存在的主要问题及改进情况
无
"""


def test_ocr_markdown_with_placeholder_headers_and_split_tables():
    report = gouji.parse(OCR_MARKDOWN, kind="markdown")

    def row(r: str) -> tuple:
        return tuple(report.cells[f"t3.{r}.{c}"].value for c in ("natural", "commercial", "total"))

    assert row("new") == (5, 1, 6)
    assert row("granted") == (3, 1, 4)
    assert row("unable_not_held") == (1, 0, 1)
    assert row("carry_forward") == (1, 0, 1)
    assert report.cells["t3.partial.natural"].semantic == "absent"
    t4 = [
        report.cells[f"t4.{b}.total"].value for b in ("review", "suit_direct", "suit_after_review")
    ]
    assert t4 == [2, 0, 1]
    assert report.cells["t4.suit_after_review.corrected"].value == 1


SHREDDED_T4 = """\
四、政府信息公开行政复议、行政诉讼情况

| 行政复议 | | | | | 行政诉讼 | | | | | | | | | |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
| 结果结果其他尚未 | | | | 总计 | 未经复议直接起诉 | | | | | 复议后起诉 | | | | |
| 维持 | 纠正 | 结果 | 审结 | | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
| 2 | 1 | 0 | 0 | 3 | 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 |

五、存在的主要问题及改进情况
"""


def test_shredded_header_cells_do_not_disturb_table_four():
    report = gouji.parse(SHREDDED_T4, kind="markdown")
    assert [
        report.cells[f"t4.review.{c}"].value
        for c in ("upheld", "corrected", "other", "pending", "total")
    ] == [2, 1, 0, 0, 3]
    assert report.cells["t4.suit_direct.total"].value == 1
    # The empty header cells are not blanks of the data row.
    assert all(c.semantic != "blank" for k, c in report.cells.items() if k.startswith("t4."))


FORMAT_2019 = """\
某某区人民政府2020年政府信息公开工作年度报告
二、主动公开政府信息情况
第二十条第（五）项
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政许可\t120\t-3\t4512
其他对外管理服务事项（指…）\t15\t0\t88
"""


def test_2019_delta_may_be_negative_and_annotated_labels_match():
    report = gouji.parse(FORMAT_2019)
    assert report.edition == "2019"
    assert [
        report.cells[f"t2.licensing.{c}"].value for c in ("prev_items", "delta", "decisions")
    ] == [120, -3, 4512]
    cell = report.cells["t2.other_services.decisions"]
    assert cell.value == 88
    assert report.note(cell.notes[0]).code == "label.annotated"


CELL_CONTENTS = """\
二、主动公开政府信息情况
第二十条第（一）项
信息内容\t本年制发件数\t本年废止件数\t现行有效件数
规章\t/\t—\t无
行政规范性文件\t22（其中修订16件）\t1\t见附件
第二十条第（八）项
信息内容\t本年收费金额（单位：万元）
行政事业性收费\t12.50
"""


def test_placeholders_are_not_zero():
    report = gouji.parse(CELL_CONTENTS)
    for col, raw in (("issued", "/"), ("repealed", "—"), ("in_force", "无")):
        cell = report.cells[f"t2.regulations.{col}"]
        assert (cell.semantic, cell.value, cell.raw) == ("placeholder", None, raw)


def test_text_with_a_number_keeps_the_number_and_says_so():
    report = gouji.parse(CELL_CONTENTS)
    cell = report.cells["t2.normative_docs.issued"]
    assert (cell.semantic, cell.value) == ("text", 22)
    assert report.note(cell.notes[0]).code == "value.annotated"


def test_text_cell_right_of_a_label_is_the_cells_content():
    report = gouji.parse(CELL_CONTENTS)
    cell = report.cells["t2.normative_docs.in_force"]
    assert (cell.semantic, cell.value, cell.raw) == ("text", None, "见附件")
    assert report.cells["t2.normative_docs.repealed"].value == 1


def test_money_keeps_its_decimals_exactly():
    cell = gouji.parse(CELL_CONTENTS).cells["t2.fees.amount"]
    assert cell.value == Decimal("12.50") and isinstance(cell.value, Decimal)
    assert cell.semantic == "number"


BLANKS_IN_TSV = """\
三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量\t\t2\t0\t0\t0\t0\t0\t2\t
二、上年结转政府信息公开申请数量\t\t1\t\t\t\t\t\t1\t
（七）总计\t\t3\t0\t0\t0\t0\t0\t3\t
四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t0\t
"""


def test_blank_cells_in_a_text_grid_are_placed_by_the_other_rows():
    report = gouji.parse(BLANKS_IN_TSV)
    cells = [
        report.cells[f"t3.carried_over.{c}"] for c in ("natural", "commercial", "legal", "total")
    ]
    assert [c.semantic for c in cells] == ["number", "blank", "blank", "number"]
    assert [c.value for c in cells] == [1, None, None, 1]
    note = report.note(cells[1].notes[0])
    assert note.code == "cells.aligned" and note.confidence < 1


def test_a_row_that_cannot_be_placed_stays_unread():
    text = "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 3 0 0 1\n"
    report = gouji.parse(text)
    cells = [report.cells[f"t3.new.{c}"] for c in ("natural", "commercial", "total")]
    assert all(c.value is None for c in cells)
    note = report.note(cells[0].notes[0])
    assert note.code == "digits.ambiguous"
    assert note.confidence < 0.5


def test_a_surplus_of_values_is_never_windowed_into_a_row():
    text = (
        "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 "
        + " ".join(["0"] * 30)
        + "\n"
    )
    report = gouji.parse(text)
    cell = report.cells["t3.new.natural"]
    assert cell.value is None
    assert report.note(cell.notes[0]).code == "cells.unresolved"


def test_a_digit_run_split_by_column_count_alone_assumes_nothing():
    text = "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 12 0 0 0 0 012\n"
    report = gouji.parse(text)
    note = report.note(report.cells["t3.new.total"].notes[-1])
    assert (note.code, note.assumes_identities) == ("digits.split", ())
    assert report.cells["t3.new.total"].value == 12


def test_digits_split_by_an_identity_record_the_assumption():
    # "1 0 30 12 12 28" splits into seven numbers four ways; only 1 0 3 0 12 12 | 28 adds up.
    text = "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 1 0 30 12 12 28\n"
    report = gouji.parse(text)
    cols = ("natural", "commercial", "research", "nonprofit", "legal", "other_org", "total")
    assert [report.cells[f"t3.new.{c}"].value for c in cols] == [1, 0, 3, 0, 12, 12, 28]
    note = report.note(report.cells["t3.new.total"].notes[-1])
    assert note.code == "digits.split_by_identity"
    assert note.assumes_identities == ("T3.ROW_TOTAL[new]",)
    assert "4 种拆分" in note.message
