"""湖北: the provincial annotations of the 2019 format and its extra 表二 row.

For report years 2019 and 2020 (the 2019 format, 国办公开办函〔2019〕60号), 湖北 units filled a
template issued with 《湖北省人民政府办公厅关于做好2020年政府信息公开年度报告编制和发布工作的通知》
that differs from the national one in two ways (REPORT-FORMAT.md §1, §5 item 8):

- 表二 第二十条第（一）项 has a row the national format lacks, after 规范性文件:
  "其他主动公开文件（含以本单位或本单位办公室名义正式签发的、除规范性文件以外的主动公开文件，…）"
  with the same three columns (本年新制作数量, 本年新公开数量, 对外公开总数量). Unknown to the parser
  its numbers are dropped (or, in run-together layouts, can be taken for a neighbour's); declared
  here they are read as ``t2.other_public_docs.*`` with a note naming this plugin. No rule
  counts them: they are not part of the statutory grid, and nothing is known that constrains them.
- Row labels carry the notice's explanations in brackets ("规章（设区的市、自治州人民政府应提供
  相关数据）", "其他对外管理服务事项（指…以及公共服务事项）"). The national parser recognises them by
  stripping the brackets, which it records as an assumption; declared here as the template's own
  labels they are read as certainly as the national ones (a ``label.local`` note, nothing assumed),
  so a finding on those cells is the report's responsibility, not the reading's.

Evidence: the 2020 report of 武汉市生态环境局, which cites the notice; the original page was not
found, only a Traditional-Chinese mirror (newton.com.tw, "武漢市生態環境局2020年政府信息公開工作
年度報告"), whose 表二 is transcribed in ``tests/data/provinces/``. The labels below are that
report's, converted back to simplified characters. The notice itself was not found, so nothing
about a 湖北 deadline is known: 条例 第四十九条's national defaults apply (no parameter layer).
"""

from __future__ import annotations

from gouji.hookspecs import hookimpl
from gouji.vocabulary import LocalRow

__doc_zh__ = "湖北：2019 年格式的省定行标签注释，以及表二附加的一行。"

NOTICE = "《湖北省人民政府办公厅关于做好2020年政府信息公开年度报告编制和发布工作的通知》"
EVIDENCE = f"{NOTICE}（据武汉市生态环境局2020年政府信息公开工作年度报告）"

OTHER_PUBLIC_DOCS = LocalRow(
    table="t2",
    key="other_public_docs",
    label=(
        "其他主动公开文件（含以本单位或本单位办公室名义正式签发的、除规范性文件以外的主动公开文件，"
        "可参考本单位政府信息公开平台“其他主动公开文件”栏目数据）"
    ),
    aliases=("其他主动公开文件",),
    follows="normative_docs",
    columns=("made", "published", "total_public"),
    editions=("2019",),
    name="其他主动公开文件",
    reference=EVIDENCE,
)

TEMPLATE_LABELS: dict[str, list[str]] = {
    "t2.regulations": ["规章（设区的市、自治州人民政府应提供相关数据）"],
    "t2.normative_docs": [
        "规范性文件（行政机关制定发布的决定、公告、通告、意见、通知，以及标题采用“规定”“办法”"
        "“细则”“规范”“规程”“规则”等字样的公文，一般情况下属于规范性文件）"
    ],
    "t2.other_services": [
        "其他对外管理服务事项（指行政许可证以外的政务服务事项，含行政确认、行政奖励、行政裁决、"
        "行政给付、行政处罚、行政强制、行政检查、行政征收和其他类，以及公共服务事项）"
    ],
}
"""The 湖北 template's bracketed row labels of 表二, as the 武汉市生态环境局 report prints them."""


@hookimpl
def gouji_extra_rows(edition: str) -> list[LocalRow]:
    return [OTHER_PUBLIC_DOCS] if edition == "2019" else []


@hookimpl
def gouji_label_aliases(edition: str) -> dict[str, list[str]]:
    return TEMPLATE_LABELS if edition == "2019" else {}
