"""``gouji parse --format text``: the three tables as a person would check them.

The grids follow the template's shape (表二 by sub-table, 表三 rows × applicant columns, 表四 one
block per line) with Chinese labels, and every cell that is not a plain number is marked, so a
reader sees at once what was absent, left blank or read under an assumption.
"""

from __future__ import annotations

from ..model import Cell, Report
from ..vocabulary import TableSpec, vocabulary
from .width import clip, pad, width

LABEL_WIDTH = 32
LEGEND = "图例：∅ 缺失（原文没有）　□ 空白（原文未填写）　「」 占位符或文字　* 依据解析假设读取（见注记）"


def _mark(cell: Cell, confident: dict[str, float]) -> str:
    if cell.semantic == "absent":
        text = "∅"
    elif cell.semantic == "blank":
        text = "□"
    elif cell.semantic == "placeholder" or (cell.semantic == "text" and cell.value is None):
        text = f"「{clip(cell.raw or '', 6)}」"
    else:
        text = str(cell.value)
        if cell.semantic == "text":
            text += "「…」"
    if any(confident.get(n, 1.0) < 1.0 for n in cell.notes):
        text += "*"
    return text


def _row(label: str, values: list[str], cell: int) -> str:
    return (
        "  "
        + pad(clip(label, LABEL_WIDTH), LABEL_WIDTH)
        + "".join(pad(v, cell, right=True) for v in values)
    )


def _header(columns: list[str], cell: int, label: str = "") -> str:
    return (
        "  "
        + pad(clip(label, LABEL_WIDTH), LABEL_WIDTH)
        + "".join(pad(clip(c, cell - 1), cell, right=True) for c in columns)
    )


def _t2(spec: TableSpec, report: Report, confident: dict[str, float]) -> list[str]:
    lines = [f"{spec.name} 主动公开政府信息情况"]
    caption = None
    for row in spec.rows:
        if row.caption != caption:
            caption = row.caption
            lines.append(_header([spec.column_labels[c] for c in row.columns], 16, caption or ""))
        lines.append(
            _row(row.label, [_mark(report.cells[k], confident) for k in row.cell_keys()], 16)
        )
    return lines + _local_rows(spec, report, confident, 16)


def _local_rows(
    spec: TableSpec, report: Report, confident: dict[str, float], cell: int
) -> list[str]:
    """Rows a plugin declared for a local template, below the statutory grid they extend."""
    statutory = {k for r in spec.rows for k in r.cell_keys()}
    rows: dict[str, list[Cell]] = {}
    for key, c in report.cells.items():
        if key.startswith(f"{spec.key}.") and key not in statutory:
            rows.setdefault(key.split(".")[1], []).append(c)
    lines = []
    for cells in rows.values():
        columns = [spec.column_labels.get(c.key.split(".")[2], c.key) for c in cells]
        lines.append(_header(columns, cell, "地方模板附加行"))
        lines.append(_row(cells[0].label or "", [_mark(c, confident) for c in cells], cell))
    return lines


def _t3(spec: TableSpec, report: Report, confident: dict[str, float]) -> list[str]:
    columns = [spec.column_labels[c] for c in spec.rows[0].columns]
    lines = [f"{spec.name} 收到和处理政府信息公开申请情况", _header(columns, 13)]
    for row in spec.rows:
        lines.append(
            _row(row.label, [_mark(report.cells[k], confident) for k in row.cell_keys()], 13)
        )
    return lines + _local_rows(spec, report, confident, 13)


def _t4(spec: TableSpec, report: Report, confident: dict[str, float]) -> list[str]:
    columns = [spec.column_labels[c] for c in spec.rows[0].columns]
    lines = [f"{spec.name} 政府信息公开行政复议、行政诉讼情况", _header(columns, 10)]
    for row in spec.rows:
        lines.append(
            _row(row.label, [_mark(report.cells[k], confident) for k in row.cell_keys()], 10)
        )
    return lines


def render(report: Report) -> str:
    out = [f"== {report.source}", *_summary(report), ""]
    if report.edition == "legacy" or not report.cells:
        out.append("（该报告不适用法定表格）")
    else:
        confident = {n.id: n.confidence for n in report.notes}
        vocab = vocabulary(report.edition)
        for key, draw in (("t2", _t2), ("t3", _t3), ("t4", _t4)):
            out.extend(draw(vocab.tables[key], report, confident))
            out.append("")
        out.append(LEGEND)
    out.append("")
    out.extend(_sections(report))
    out.append("")
    out.extend(_notes(report))
    return "\n".join(out)


def _summary(report: Report) -> list[str]:
    ev = report.edition_evidence
    decided = {"tables": "表格用语", "year": "报告年度", "default": "默认"}[ev.decided_by]
    published = (
        f"{report.published.date.isoformat()}（{'页面元数据' if report.published.source == 'metadata' else '落款'}）"
        if report.published
        else "未注明"
    )
    period = report.period.raw if report.period else "未注明"
    lines = [
        f"标题：{report.title or '未找到'}",
        f"发布主体：{report.issuer or '未识别'}"
        + (f"（落款：{report.signed_by}）" if report.signed_by else ""),
        f"报告年度：{report.year or '未识别'}　格式：{report.edition} 版（依据{decided}）",
        f"发布日期：{published}　统计期限：{period}",
    ]
    if not report.is_report:
        lines.append("注意：该文件看起来不是政府信息公开工作年度报告")
    return lines


def _sections(report: Report) -> list[str]:
    lines = ["六个部分："]
    found = {s.key: s for s in report.sections}
    from ..vocabulary import sections as specs

    for spec in specs():
        s = found.get(spec.key)
        if s is None:
            lines.append(f"  {spec.key} {spec.ordinal}、{spec.title}：未找到")
        else:
            where = (
                f"行 {s.start_line}"
                if s.start_line == s.end_line
                else f"行 {s.start_line}–{s.end_line}"
            )
            variant = "（变体标题）" if s.variant else ""
            lines.append(
                f"  {s.key} {s.ordinal or ''}{'、' if s.ordinal else ''}{s.title}{variant}　{where}"
            )
    for h in report.stray_headings:
        lines.append(f"  ! {h.message}（{h.loc.describe()}）")
    return lines


def _notes(report: Report) -> list[str]:
    if not report.notes:
        return ["注记：无"]
    lines = [f"注记（{len(report.notes)}）："]
    for n in report.notes:
        where = f"（{n.loc.describe()}）" if n.loc else ""
        lines.append(f"  {n.id} [{n.code}] {n.message}{where} 置信度 {n.confidence:.2f}")
    return lines


__all__ = ["render", "width"]
