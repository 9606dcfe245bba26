"""``--format html``: one self-contained page to read a run the way a reviewer reads a report.

A summary comes first (reports by verdict, the rules that fail most, a list of the reports),
then each report with its three statutory tables laid out like the official template — 表二 by
sub-table, 表三 rows under the 申请人情况 columns with the 办理结果 groups spanning their rows,
表四 as three blocks of five — failing cells highlighted and numbered, the findings listed
beside each table. Inline CSS only: no script, no font or image from the network, so the file
can be mailed, archived and opened offline.

The record names cells but holds no values, so this output asks for the parsed ``Report`` as
well (``needs_report``); without one it lists the findings and draws no tables. Since the
summary must come first but is known only at the end, each report's part is written to a
temporary file as it arrives and the page is assembled at ``close``: memory stays bounded by
the per-rule counters.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from html import escape
from typing import IO, TYPE_CHECKING, ClassVar

from .. import __version__
from ..model import Cell, Report
from ..record import Finding, Record
from ..vocabulary import EDITIONS, RowSpec, TableSpec, column_groups, vocabulary
from .common import STATUS_ZH, VERDICT_ZH, cell_names, is_problem, label

if TYPE_CHECKING:
    from .formats import OutputOptions

TOP_RULES = 20
MAX_LINKS = 3
"""Finding numbers shown on one cell (an absent cell is an input to many rules); all of them
are in the cell's tooltip."""
MAX_CELLS = 8
GROUP_AFTER = 3
"""Findings of one rule and kind shown before the rest fold under their count."""
"""Cells named in one finding (a column balance names 25); the rest are counted."""
TABLE_TITLES = {
    "t2": "表二 主动公开政府信息情况",
    "t3": "表三 收到和处理政府信息公开申请情况",
    "t4": "表四 政府信息公开行政复议、行政诉讼情况",
}
T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif;
margin:24px;color:#222;line-height:1.45;font-size:14px}
h1{font-size:22px}h2{font-size:17px;margin:0}h3{font-size:15px;margin:14px 0 6px}
table{border-collapse:collapse}
th,td{border:1px solid #999;padding:3px 6px}
th{background:#f2f2f2;font-weight:normal}
td.v{text-align:right;min-width:3em;font-variant-numeric:tabular-nums}
td.fail{background:#ffd6d6;outline:2px solid #c00;outline-offset:-2px;font-weight:bold}
td.waived{background:#e8e8e8;outline:2px dashed #777;outline-offset:-2px}
td.unknown{background:#fff1c2}
td.absent{color:#999}
sup a{color:#c00;text-decoration:none;font-size:10px}
.block{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start;margin-bottom:12px}
.block aside{flex:1;min-width:280px}
ol.findings{margin:0;padding-left:1.6em}
ol.findings li{margin-bottom:6px}
li.more{list-style:none}
li.more summary{cursor:pointer;color:#555}
li.fail .tag{color:#fff;background:#c00}
li.waived .tag{color:#fff;background:#777}
li.unknown .tag{background:#f3c744}
.tag{padding:0 4px;border-radius:3px;font-size:12px;margin-right:4px}
.muted{color:#666;font-size:12px}
section.report{border-top:2px solid #444;margin-top:20px;padding-top:8px}
summary{cursor:pointer}summary h2{display:inline}
.verdict{padding:1px 6px;border-radius:3px;margin-left:8px;font-size:13px}
.verdict.fail,.verdict.error{background:#c00;color:#fff}
.verdict.warn{background:#f3c744}
.verdict.review{background:#f39c44}
.verdict.pass{background:#2e7d32;color:#fff}
.verdict.not_applicable{background:#ccc}
table.list td,table.list th{font-size:13px}
"""

LEGEND = (
    "图例：红色＝不通过的单元格（上标为发现编号）；灰色虚框＝已豁免；黄色＝无法判断；"
    "∅ 缺失（原文没有）；□ 空白（原文未填写）"
)


class HtmlOutput:
    binary: ClassVar[bool] = False
    needs_report: ClassVar[bool] = True

    def __init__(self, stream: IO[str], options: OutputOptions) -> None:
        self.stream = stream
        # Both live from the first record to close(), so no with-block can hold them.
        self.body = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # noqa: SIM115
        self.index = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # noqa: SIM115
        self.count = 0
        self.verdicts: Counter[str] = Counter()
        self.rule_fails: Counter[str] = Counter()
        self.rule_reports: Counter[str] = Counter()
        self.rule_titles: dict[str, str] = {}

    def add(self, record: Record, report: Report | None = None) -> None:
        self.count += 1
        anchor = f"r{self.count}"
        self.verdicts[record.verdict] += 1
        failing = [f for f in record.findings if f.status == "fail" and f.waived is None]
        for f in failing:
            self.rule_fails[f.rule] += 1
            self.rule_titles.setdefault(f.rule, f.title)
        for rule in {f.rule for f in failing}:
            self.rule_reports[rule] += 1
        if report is not None and report.sha256 != record.sha256:
            report = None  # not the report this record judged: draw nothing rather than lie
        self.body.write(render_report(record, report, anchor))
        s = record.summary
        self.index.write(
            f'<tr><td><a href="#{anchor}">{escape(record.source)}</a></td>'
            f"<td>{escape(record.issuer or '')}</td><td>{record.year or ''}</td>"
            f'<td><span class="verdict {record.verdict}">{VERDICT_ZH[record.verdict]}</span></td>'
            f"<td>{s.failed}</td><td>{s.not_assessable}</td><td>{s.waived}</td></tr>\n"
        )

    def close(self) -> None:
        w = self.stream.write
        w('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n')
        w('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
        w(f"<title>勾稽合规检查结果（{self.count} 份报告）</title>\n<style>{CSS}</style>\n")
        w("</head>\n<body>\n<h1>政府信息公开工作年度报告合规检查结果</h1>\n")
        w(f'<p class="muted">gouji {escape(__version__)} · 共检查报告 {self.count} 份</p>\n')
        w(self._summary())
        self.index.seek(0)
        w('<h3>报告列表</h3>\n<table class="list">\n<tr><th>报告</th><th>发布主体</th>')
        w("<th>年度</th><th>结论</th><th>不通过</th><th>无法判断</th><th>已豁免</th></tr>\n")
        _copy(self.index, self.stream)
        w("</table>\n</section>\n")
        self.body.seek(0)
        _copy(self.body, self.stream)
        w("</body>\n</html>\n")
        self.index.close()
        self.body.close()

    def _summary(self) -> str:
        out = ['<section id="summary">\n<h2>总览</h2>\n<h3>按结论</h3>\n<table class="list">']
        out.append("<tr><th>结论</th><th>报告数</th></tr>")
        for verdict, n in sorted(self.verdicts.items(), key=lambda kv: (-kv[1], kv[0])):
            out.append(
                f'<tr><td><span class="verdict {verdict}">{VERDICT_ZH[verdict]}</span></td>'
                f'<td class="v">{n}</td></tr>'
            )
        out.append("</table>")
        if self.rule_fails:
            out.append(f"<h3>不通过最多的规则（前 {TOP_RULES} 条）</h3>\n<table class='list'>")
            out.append("<tr><th>规则</th><th>标题</th><th>不通过次数</th><th>涉及报告</th></tr>")
            top = sorted(self.rule_fails.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_RULES]
            for rule, n in top:
                out.append(
                    f"<tr><td><code>{escape(rule)}</code></td>"
                    f"<td>{escape(self.rule_titles[rule])}</td>"
                    f'<td class="v">{n}</td><td class="v">{self.rule_reports[rule]}</td></tr>'
                )
            out.append("</table>")
        return "\n".join(out) + "\n"


def _copy(src: IO[str], dst: IO[str]) -> None:
    for chunk in iter(lambda: src.read(1 << 16), ""):
        dst.write(chunk)


# --- one report -----------------------------------------------------------------------------


def render_report(record: Record, report: Report | None, anchor: str) -> str:
    """The ``<section>`` of one report: heading, tables with findings beside, other findings."""
    problems = [f for f in record.findings if is_problem(f)]
    numbers = {id(f): i for i, f in enumerate(problems, start=1)}
    opened = " open" if record.verdict in ("fail", "review", "warn", "error") else ""
    out = [
        f'<section class="report" id="{anchor}">',
        f"<details{opened}><summary><h2>{escape(record.source)}</h2>"
        f'<span class="verdict {record.verdict}">{VERDICT_ZH[record.verdict]}</span></summary>',
        f'<p class="muted">{escape(_meta(record))}</p>',
    ]
    if record.error:
        out.append(f'<p class="error">无法检查：{escape(record.error)}</p>')
    by_table: dict[str, list[Finding]] = {"t2": [], "t3": [], "t4": [], "": []}
    for f in problems:
        table = f.refs[0].split(".")[0] if f.refs else ""
        by_table[table if table in by_table else ""].append(f)
    drawn = False
    if report is not None and report.edition in EDITIONS and report.cells:
        drawn = True
        marks = _cell_marks(problems, numbers)
        spec = vocabulary(report.edition).tables
        draw = {"t2": _t2, "t3": _t3, "t4": _t4}
        for key in ("t2", "t3", "t4"):
            out.append(f"<h3>{TABLE_TITLES[key]}</h3>")
            out.append('<div class="block">')
            out.append(draw[key](spec[key], report, marks, anchor))
            out.append(_findings(by_table[key], numbers, anchor, record.edition, aside=True))
            out.append("</div>")
        rest = by_table[""]
    else:
        if record.verdict == "error":
            pass  # nothing was read; the error above says why
        elif record.edition not in EDITIONS:
            out.append('<p class="muted">（该报告不适用法定表格）</p>')
        elif report is None:
            out.append('<p class="muted">（未提供解析后的报告，未绘制表格）</p>')
        rest = problems
    if rest:
        out.append("<h3>其他发现</h3>" if drawn else "<h3>发现</h3>")
        out.append(_findings(rest, numbers, anchor, record.edition, aside=False))
    s = record.summary
    out.append(
        f'<p class="muted">共 {s.findings} 项检查：通过 {s.passed}，不通过 {s.failed}'
        f"（错误 {s.errors}、警告 {s.warnings}、提示 {s.infos}），无法判断 {s.not_assessable}，"
        f"不适用 {s.not_applicable}，已豁免 {s.waived}</p>"
    )
    if drawn:
        out.append(f'<p class="muted">{LEGEND}</p>')
    out.append("</details>\n</section>\n")
    return "\n".join(out)


def _meta(record: Record) -> str:
    parts = [
        record.issuer or "（发布主体未识别）",
        f"{record.year} 年度" if record.year else None,
        f"{record.edition} 版格式",
        f"规则集 {record.ruleset.id} {record.ruleset.version}" if record.ruleset else None,
        f"sha256 {record.sha256[:12]}…" if record.sha256 else None,
    ]
    return " · ".join(p for p in parts if p)


def _kind(f: Finding) -> str:
    if f.status == "not_assessable":
        return "unknown"
    return "waived" if f.waived is not None else "fail"


_RANK = {"fail": 3, "waived": 2, "unknown": 1}


def _cell_marks(
    problems: list[Finding], numbers: dict[int, int]
) -> dict[str, tuple[str, list[tuple[int, str]]]]:
    """Per cell key: the strongest kind of finding on it and the findings' numbers."""
    marks: dict[str, tuple[str, list[tuple[int, str]]]] = {}
    for f in problems:
        kind = _kind(f)
        for key in f.refs:
            old, refs = marks.get(key, ("", []))
            refs.append((numbers[id(f)], f.instance))
            marks[key] = (kind if _RANK[kind] > _RANK.get(old, 0) else old, refs)
    return marks


def _findings(
    findings: list[Finding], numbers: dict[int, int], anchor: str, edition: str, aside: bool
) -> str:
    """The numbered list of findings. A rule with more than ``GROUP_AFTER`` findings of one kind
    shows the first few; the rest fold under one line with their count (a lost 表三 row is
    seven missing cells, a lost table fifty), still numbered so the marked cells link to them."""
    if not findings:
        return '<aside><p class="muted">本表无问题。</p></aside>' if aside else ""
    groups: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        groups.setdefault((f.rule, _kind(f)), []).append(f)
    items = []
    for (rule, _), group in groups.items():
        # folding a single finding would hide it behind a line as long as itself
        cut = GROUP_AFTER if len(group) > GROUP_AFTER + 1 else len(group)
        shown, rest = group[:cut], group[cut:]
        items.extend(_item(f, numbers, anchor, edition) for f in shown)
        if not rest:
            continue
        folded = "".join(_item(f, numbers, anchor, edition) for f in rest)
        items.append(
            f'<li class="more"><details><summary>{escape(rule)} 另有 {len(rest)} 处'
            f"（共 {len(group)} 处）</summary>"
            f'<ol class="findings">{folded}</ol></details></li>'
        )
    body = '<ol class="findings">' + "".join(items) + "</ol>"
    return f"<aside>{body}</aside>" if aside else body


def _item(f: Finding, numbers: dict[int, int], anchor: str, edition: str) -> str:
    kind = _kind(f)
    tag = STATUS_ZH[f.status] if kind == "unknown" else label(f)
    lines = [
        f'<span class="tag">{tag}</span><code>{escape(f.instance)}</code> {escape(f.title)}',
        escape(f.message),
    ]
    if f.refs:
        names = cell_names(f, edition)
        shown = "、".join(names[:MAX_CELLS])
        more = f" 等 {len(names)} 处" if len(names) > MAX_CELLS else ""
        lines.append("单元格：" + escape(shown + more))
    if f.waived is not None:
        lines.append("豁免理由：" + escape(f.waived))
    if f.responsibility == "extraction":
        lines.append("注意：该结论依据解析时的推断，请核对原文")
    if f.cite:
        lines.append(f'<span class="muted">依据：{escape(f.cite)}</span>')
    return (
        f'<li id="{anchor}-f{numbers[id(f)]}" value="{numbers[id(f)]}" class="{kind}">'
        + "<br>".join(lines)
        + "</li>"
    )


# --- the three tables -----------------------------------------------------------------------


def _value(cell: Cell | None) -> tuple[str, str]:
    """A cell's text and extra class: the number as read, or a mark for what is not one."""
    if cell is None or cell.semantic == "absent":
        return "∅", "absent"
    if cell.semantic == "blank":
        return "□", "absent"
    if cell.value is not None:
        return str(cell.value), ""
    raw = cell.raw or ""
    return (raw[:8] + "…" if len(raw) > 8 else raw), ""


def _td(key: str, report: Report, marks: dict, anchor: str, colspan: int = 1) -> str:
    text, extra = _value(report.cells.get(key))
    kind, refs = marks.get(key, ("", []))
    classes = " ".join(c for c in ("v", kind, extra) if c)
    span = f' colspan="{colspan}"' if colspan > 1 else ""
    title = ""
    sup = ""
    if refs:
        title = ' title="' + escape("；".join(inst for _, inst in refs)) + '"'
        links = [f'<a href="#{anchor}-f{n}">{n}</a>' for n, _ in refs[:MAX_LINKS]]
        more = "…" if len(refs) > MAX_LINKS else ""
        sup = "<sup>" + ",".join(links) + more + "</sup>"
    return f'<td class="{classes}" data-key="{escape(key)}"{span}{title}>{escape(text)}{sup}</td>'


def _local_rows(spec: TableSpec, report: Report) -> dict[str, list[str]]:
    """Rows a plugin declared for a local template: row key → its cell keys."""
    statutory = {k for r in spec.rows for k in r.cell_keys()}
    rows: dict[str, list[str]] = {}
    for key in report.cells:
        if key.startswith(f"{spec.key}.") and key not in statutory:
            rows.setdefault(key.split(".")[1], []).append(key)
    return rows


def _t2(spec: TableSpec, report: Report, marks: dict, anchor: str) -> str:
    width = max(len(r.columns) for r in spec.rows)
    out = ['<table class="grid t2" data-table="t2">']
    caption = None
    for row in spec.rows:
        if row.caption != caption:
            caption = row.caption
            out.append(f'<tr><th colspan="{width + 1}">{escape(caption or "")}</th></tr>')
            out.append("<tr><th>信息内容</th>" + _t2_header(spec, row, width) + "</tr>")
        out.append(_t2_row(row.label, list(row.cell_keys()), report, marks, anchor, width))
    for keys in _local_rows(spec, report).values():
        label = "地方模板附加行：" + (report.cells[keys[0]].label or keys[0])
        out.append(_t2_row(label, keys, report, marks, anchor, width))
    out.append("</table>")
    return "\n".join(out)


def _t2_header(spec: TableSpec, row: RowSpec, width: int) -> str:
    cols = [spec.column_labels[c] for c in row.columns]
    cells = [f"<th>{escape(c)}</th>" for c in cols[:-1]]
    span = width - len(cols) + 1
    cells.append(
        f'<th colspan="{span}">{escape(cols[-1])}</th>'
        if span > 1
        else f"<th>{escape(cols[-1])}</th>"
    )
    return "".join(cells)


def _t2_row(label: str, keys: list[str], report: Report, marks, anchor: str, width: int) -> str:
    cells = [_td(k, report, marks, anchor) for k in keys[:-1]]
    cells.append(_td(keys[-1], report, marks, anchor, colspan=width - len(keys) + 1))
    return f"<tr><th>{escape(label)}</th>{''.join(cells)}</tr>"


def _path(spec: TableSpec, row: RowSpec) -> list[str]:
    """The row's groups, outermost first. （七）总计 sits inside 三、本年度办理结果 in the
    template although no rule sums it with its siblings, so it is drawn there."""
    group = row.group or ("results" if row.key == "results_total" else None)
    path = []
    while group is not None and group in spec.groups:
        path.insert(0, group)
        group = spec.groups[group].parent
    return path


def _t3(spec: TableSpec, report: Report, marks: dict, anchor: str) -> str:
    columns = list(spec.rows[0].columns)
    legal = column_groups().get("t3", {}).get("legal_persons", ("法人或其他组织", ()))
    legal_name, legal_cols = legal
    inner = [c for c in columns if c in legal_cols]
    out = ['<table class="grid t3" data-table="t3">']
    out.append(
        f'<tr><th colspan="3" rowspan="3">{T3_NOTE}</th>'
        f'<th colspan="{len(columns)}">申请人情况</th></tr>'
    )
    second = []
    for c in columns:
        if c in legal_cols:
            if c == inner[0]:
                second.append(f'<th colspan="{len(inner)}">{escape(legal_name)}</th>')
        else:
            second.append(f'<th rowspan="2">{escape(spec.column_labels[c])}</th>')
    out.append("<tr>" + "".join(second) + "</tr>")
    out.append(
        "<tr>" + "".join(f"<th>{escape(spec.column_labels[c])}</th>" for c in inner) + "</tr>"
    )
    paths = {row.key: _path(spec, row) for row in spec.rows}
    spans = Counter(g for p in paths.values() for g in p)
    opened: set[str] = set()
    for row in spec.rows:
        heads = []
        for group in paths[row.key]:
            if group not in opened:
                opened.add(group)
                label = spec.groups[group].label
                heads.append(f'<th rowspan="{spans[group]}">{escape(label)}</th>')
        span = 3 - len(paths[row.key])
        heads.append(
            f'<th colspan="{span}">{escape(row.label)}</th>'
            if span > 1
            else f"<th>{escape(row.label)}</th>"
        )
        cells = "".join(_td(k, report, marks, anchor) for k in row.cell_keys())
        out.append(f'<tr data-row="{escape(row.key)}">{"".join(heads)}{cells}</tr>')
    for keys in _local_rows(spec, report).values():
        label = "地方模板附加行：" + (report.cells[keys[0]].label or keys[0])
        cells = "".join(_td(k, report, marks, anchor) for k in keys)
        out.append(f'<tr><th colspan="3">{escape(label)}</th>{cells}</tr>')
    out.append("</table>")
    return "\n".join(out)


def _t4(spec: TableSpec, report: Report, marks: dict, anchor: str) -> str:
    blocks = []
    for row in spec.rows:
        top, _, sub = row.label.partition("（")
        blocks.append((top, sub.rstrip("）"), row))
    out = ['<table class="grid t4" data-table="t4">']
    first, second = [], []
    i = 0
    while i < len(blocks):
        top = blocks[i][0]
        j = i
        while j < len(blocks) and blocks[j][0] == top:
            j += 1
        group = blocks[i:j]
        ncols = sum(len(b[2].columns) for b in group)
        if all(not b[1] for b in group):
            first.append(f'<th colspan="{ncols}" rowspan="2">{escape(top)}</th>')
        else:
            first.append(f'<th colspan="{ncols}">{escape(top)}</th>')
            for _, sub, row in group:
                second.append(f'<th colspan="{len(row.columns)}">{escape(sub)}</th>')
        i = j
    out.append("<tr>" + "".join(first) + "</tr>")
    out.append("<tr>" + "".join(second) + "</tr>")
    labels = [spec.column_labels[c] for _, _, row in blocks for c in row.columns]
    out.append("<tr>" + "".join(f"<th>{escape(c)}</th>" for c in labels) + "</tr>")
    cells = [_td(k, report, marks, anchor) for _, _, row in blocks for k in row.cell_keys()]
    out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)
