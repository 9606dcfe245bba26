"""上海: annotations written into table cells, and the 表四 note on carried-over cases.

上海 reports are written under 《上海市政府信息公开规定》 as well as the 条例, and they annotate
their numbers where they state them: "答复政府信息公开申请34430件（含上年度转结）" (2023年上海市政府
信息公开工作年度报告, https://shanghai.gov.cn/nw12344/20240329/d7775c906c0b402a93cbebf4e979c002.html),
"被申请行政复议9件（含上一年度结转1件）" (普陀区), units such as "251000元" — and the same habit
reaches the table cells (REPORT-FORMAT.md §5 item 8), plus a note under 表四 that its counts
include cases carried over from the previous year (§3.3).

What this plugin changes, for issuers in 上海 only:
- A number read out of an annotated cell ("18（含上年度结转2件）", "251000元") is a parser
  assumption nationally (``value.annotated``/``value.unit`` notes), so findings on such cells say
  ``responsibility: extraction``. In a 上海 report the annotation is the local practice and the
  number before it is the value the report states: those findings become the report's own
  (``source``), with an assumption line naming this plugin. Findings resting on any other parser
  assumption are left as they are.

What it does not change: the 表四 note ("行政复议、行政诉讼数量含上年度结转数量") is an
annotation, not an error, and the national parser already reads 表四 the same with or without it
(tested), so there is nothing to add. No 上海 deadline different from 条例 第四十九条 is known: no
parameter layer.
"""

from __future__ import annotations

import re

from gouji.hookspecs import hookimpl
from gouji.record import Finding, Record

__doc_zh__ = "上海：写在表格单元格内的附注，以及表四关于上年结转案件的注。"

PROVINCE = "上海市"
TOLERATED = frozenset({"value.annotated", "value.unit"})
"""Parser notes that only say a number was read out of a cell holding more than a number."""
NOTE_LINE = re.compile(r"^(N\d+) \[([\w.]+)\]")
ASSUMPTION_NOTE = re.compile(r"^(N\d+) ")
LOCAL_PRACTICE = (
    "上海报告在单元格内注明附注或单位是本地惯例，其前的数值即报告所填数值（插件 shanghai）"
)


@hookimpl
def gouji_amend_record(record: Record) -> Record | None:
    issuer = record.issuer_class
    if issuer is None or issuer.province != PROVINCE:
        return None
    codes = {m[1]: m[2] for m in map(NOTE_LINE.match, record.notes) if m}
    findings = tuple(_as_source(f, codes) for f in record.findings)
    if findings == record.findings:
        return None
    return record.model_copy(update={"findings": findings})


def _as_source(finding: Finding, codes: dict[str, str]) -> Finding:
    if finding.responsibility != "extraction":
        return finding
    ids = [m[1] for m in map(ASSUMPTION_NOTE.match, finding.assumptions) if m]
    if not ids or any(codes.get(i) not in TOLERATED for i in ids):
        return finding
    return finding.model_copy(
        update={
            "responsibility": "source",
            "assumptions": (*finding.assumptions, LOCAL_PRACTICE),
        }
    )
