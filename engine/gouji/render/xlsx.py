"""``--format xlsx``: an Excel workbook for offices that review a corpus in a spreadsheet.

Three sheets: 发现 (one row per failing or unjudgeable finding), 报告 (one row per report with its
counts) and 规则 (per rule: passing instances, failures, waived, not assessable, reports
affected; every rule the run judged). Each has a
frozen, bold header row and an auto filter, and column widths from the East Asian display width
of what the column holds (a Chinese character is two columns wide).

Memory stays bounded over any number of reports: rows are spooled to temporary files as JSON
lines while the widths are measured (openpyxl's write-only mode must have widths before the
first row), and the workbook is streamed from them in write-only mode at ``close``. Only the
per-rule counters (a few dozen rules) are held. Binary: the caller hands a byte stream.
"""

from __future__ import annotations

import datetime
import io
import json
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any, ClassVar

from ..model import Report
from ..record import Finding, Record
from .common import (
    RESPONSIBILITY_ZH,
    SEVERITY_ZH,
    STATUS_ZH,
    VERDICT_ZH,
    cell_names,
    is_problem,
    xml_safe,
)
from .width import width

if TYPE_CHECKING:
    from .formats import OutputOptions

FINDINGS = (
    "报告",
    "发布主体",
    "年度",
    "结论",
    "规则",
    "实例",
    "状态",
    "严重程度",
    "标题",
    "单元格",
    "说明",
    "依据",
    "责任",
    "豁免理由",
)
REPORTS = (
    "报告",
    "发布主体",
    "年度",
    "格式",
    "规则集",
    "结论",
    "检查项",
    "通过",
    "不通过",
    "错误",
    "警告",
    "提示",
    "无法判断",
    "不适用",
    "已豁免",
    "错误信息",
    "sha256",
)
RULES = ("规则", "标题", "严重程度", "通过", "不通过", "已豁免", "无法判断", "涉及报告", "依据")
MAX_WIDTH = 60
"""Widest column, in Excel character units; longer text (messages, citations) is cut off in
view and shown whole in the cell."""


@dataclass
class _RuleCount:
    title: str
    severity: str
    cite: str
    passes: int = 0
    fails: int = 0
    waived: int = 0
    not_assessable: int = 0
    reports: int = 0


@dataclass
class _Sheet:
    """Rows of one sheet spooled to a temporary file, with the widest value per column."""

    title: str
    header: tuple[str, ...]
    rows: int = 0
    widths: list[int] = field(default_factory=list)
    spool: Any = None

    def __post_init__(self) -> None:
        self.widths = [width(h) for h in self.header]
        # Lives until the workbook is written at close(); stored() closes it.
        self.spool = tempfile.SpooledTemporaryFile(  # noqa: SIM115
            max_size=1 << 22, mode="w+", encoding="utf-8"
        )

    def append(self, values: list[Any]) -> None:
        for i, v in enumerate(values):
            if v is not None:
                self.widths[i] = max(self.widths[i], width(str(v)))
        self.spool.write(json.dumps(values, ensure_ascii=False) + "\n")
        self.rows += 1

    def stored(self):
        self.spool.seek(0)
        for line in self.spool:
            yield json.loads(line)
        self.spool.close()


class XlsxOutput:
    binary: ClassVar[bool] = True
    needs_report: ClassVar[bool] = False

    def __init__(self, stream: IO[bytes], options: OutputOptions) -> None:
        self.stream, self.options = stream, options
        self.findings = _Sheet("发现", FINDINGS)
        self.reports = _Sheet("报告", REPORTS)
        self.rules: dict[str, _RuleCount] = {}

    def add(self, record: Record, report: Report | None = None) -> None:
        s = record.summary
        ruleset = f"{record.ruleset.id} {record.ruleset.version}" if record.ruleset else None
        self.reports.append(
            [
                record.source,
                record.issuer,
                record.year,
                record.edition,
                ruleset,
                VERDICT_ZH[record.verdict],
                s.findings,
                s.passed,
                s.failed,
                s.errors,
                s.warnings,
                s.infos,
                s.not_assessable,
                s.not_applicable,
                s.waived,
                record.error,
                record.sha256 or None,
            ]
        )
        affected: set[str] = set()
        for p in record.passed:
            self._count(p.rule, p.title, p.severity, p.cite).passes += p.instances
        for f in record.findings:
            if f.status == "pass":
                self._count(f.rule, f.title, f.severity, f.cite).passes += 1
            if not (is_problem(f) or self.options.show_all):
                continue
            self.findings.append(_finding_row(record, f))
            if not is_problem(f):
                continue
            count = self._count(f.rule, f.title, f.severity, f.cite)
            if f.status == "not_assessable":
                count.not_assessable += 1
            elif f.waived is not None:
                count.waived += 1
            else:
                count.fails += 1
                affected.add(f.rule)
        for rule in affected:
            self.rules[rule].reports += 1

    def _count(self, rule: str, title: str, severity: str, cite: str | None) -> _RuleCount:
        return self.rules.setdefault(rule, _RuleCount(title, severity, cite or ""))

    def close(self) -> None:
        from openpyxl import Workbook

        rules = _Sheet("规则", RULES)
        for rule, c in sorted(self.rules.items(), key=lambda kv: (-kv[1].fails, kv[0])):
            rules.append(
                [
                    rule,
                    c.title,
                    SEVERITY_ZH[c.severity],
                    c.passes,
                    c.fails,
                    c.waived,
                    c.not_assessable,
                    c.reports,
                    c.cite,
                ]
            )
        book = Workbook(write_only=True)
        for sheet in (self.findings, self.reports, rules):
            _write(book, sheet)
        book.properties.created = book.properties.modified = _FIXED_TIME
        buffer = io.BytesIO()
        book.save(buffer)
        self.stream.write(_stable_zip(buffer.getvalue()))


_FIXED_TIME = datetime.datetime(2000, 1, 1)
"""The workbook's creation and modification time: identical input gives identical bytes (as
every other format), so an xlsx can be diffed, cached and committed."""


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _stable_zip(data: bytes) -> bytes:
    """The same archive with every entry's timestamp fixed, and the workbook's modification
    time (openpyxl stamps both with the time of saving, whatever the properties say)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            content = source.read(info)
            if info.filename == "docProps/core.xml":
                content = _MODIFIED.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", content)
            target.writestr(entry, content)
    return out.getvalue()


def _finding_row(record: Record, f: Finding) -> list[Any]:
    return [
        record.source,
        record.issuer,
        record.year,
        VERDICT_ZH[record.verdict],
        f.rule,
        f.instance,
        STATUS_ZH[f.status],
        SEVERITY_ZH[f.severity],
        f.title,
        "、".join(cell_names(f, record.edition)) or None,
        f.message,
        f.cite,
        RESPONSIBILITY_ZH[f.responsibility],
        f.waived,
    ]


def _write(book, sheet: _Sheet) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws = book.create_sheet(sheet.title)
    for i, w in enumerate(sheet.widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(MAX_WIDTH, w + 2)
    ws.freeze_panes = "A2"
    last = get_column_letter(len(sheet.header))
    ws.auto_filter.ref = f"A1:{last}{sheet.rows + 1}"
    bold = Font(bold=True)
    header = []
    for name in sheet.header:
        cell = WriteOnlyCell(ws, value=name)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    for values in sheet.stored():
        ws.append([_cell(ws, v, WriteOnlyCell) for v in values])


def _cell(ws, value: Any, cell_type) -> Any:
    """A value as a cell; text is always text (openpyxl would take ``=…`` for a formula, and
    report text must never run as one) and loses characters XML cannot hold."""
    if not isinstance(value, str):
        return value
    cell = cell_type(ws, value=xml_safe(value))
    cell.data_type = "s"
    return cell
