"""``gouji check`` as text: per report, what fails, in context, then a summary.

Failing findings come first, most severe first, each with the arithmetic, the cells by Chinese
name with their place in the source, and the article behind the rule. Findings that could not be
judged are grouped by rule (with ``--show all`` every finding is listed).
"""

from __future__ import annotations

from collections import Counter

from ..record import SEVERITY_RANK, Finding, Record
from ..vocabulary import cell_name
from .common import STATUS_ZH, VERDICT_ZH, label


def _cells(f: Finding, edition: str) -> str:
    shown = []
    for i, key in enumerate(f.refs[:6]):
        where = ""
        if i < len(f.locations) and f.locations[i] is not None:
            where = f"（{f.locations[i].describe()}）"
        shown.append(cell_name(key, edition) + where)
    more = f" 等 {len(f.refs)} 处" if len(f.refs) > 6 else ""
    return "、".join(shown) + more


GROUP_AFTER = 3
"""More failures than this of one rule are shown as one block (a lost row is 7 missing cells)."""


def _grouped(group: list[Finding], edition: str) -> list[str]:
    first = group[0]
    lines = [f"  {label(first)} {first.rule} ×{len(group)}  {first.title}"]
    for f in group[:GROUP_AFTER]:
        lines.append(f"      {f.message}")
    lines.append(f"      …… 共 {len(group)} 处（--format json 查看全部）")
    if any(f.responsibility == "extraction" for f in group):
        lines.append("      注意：部分结论依据解析时的推断，请核对原文")
    if first.waived is not None:
        lines.append(f"      豁免理由：{first.waived}")
    if first.cite:
        lines.append(f"      依据：{first.cite}")
    return lines


def _finding(f: Finding, edition: str) -> list[str]:
    head = f"  {label(f)} {f.instance}  {f.title}"
    lines = [head, f"      {f.message}"]
    if f.waived is not None:
        lines.append(f"      豁免理由：{f.waived}")
    if f.refs:
        lines.append(f"      单元格：{_cells(f, edition)}")
    if f.responsibility == "extraction":
        lines.append("      注意：该结论依据解析时的推断，请核对原文")
    for a in f.assumptions[:3]:
        lines.append(f"      假设：{a}")
    if f.cite:
        lines.append(f"      依据：{f.cite}")
    return lines


def render_record(record: Record, show_all: bool = False) -> list[str]:
    ruleset = (
        f"规则集 {record.ruleset.id} {record.ruleset.version}" if record.ruleset else "无适用规则集"
    )
    who = " ".join(
        str(x) for x in (record.issuer, f"{record.year} 年度" if record.year else None) if x
    )
    out = [
        f"== {record.source}",
        f"{who or '（发布主体未识别）'} · {record.edition} 版格式 · {ruleset} · 结论：{VERDICT_ZH[record.verdict]}",
    ]
    if record.error:
        out.append(f"  错误 {record.error}")
        return out
    failed = sorted(
        (f for f in record.findings if f.status == "fail"),
        key=lambda f: (
            f.waived is not None,
            f.responsibility == "extraction" and f.severity == "error",
            -SEVERITY_RANK[f.severity],
        ),
    )
    by_rule: dict[tuple[str, str], list[Finding]] = {}
    for f in failed:
        by_rule.setdefault((f.rule, label(f)), []).append(f)
    for group in by_rule.values():
        if len(group) <= GROUP_AFTER:
            for f in group:
                out.extend(_finding(f, record.edition))
        else:
            out.extend(_grouped(group, record.edition))
    unknown = [f for f in record.findings if f.status == "not_assessable"]
    if show_all:
        for f in record.findings:
            if f.status != "fail":
                out.append(f"  {STATUS_ZH[f.status]} {f.instance}  {f.message}")
        for p in record.passed:
            out.append(f"  {STATUS_ZH['pass']} {p.rule} ×{p.instances}  {p.title}")
    elif unknown:
        by_rule = Counter(f.rule for f in unknown)
        parts = [f"{rule} ×{n}" if n > 1 else rule for rule, n in by_rule.items()]
        out.append(f"  无法判断 {len(unknown)} 项：{'、'.join(parts)}（--show all 查看原因）")
    s = record.summary
    out.append(
        f"  共 {s.findings} 项检查：通过 {s.passed}，不通过 {s.failed}"
        f"（错误 {s.errors}、"
        + (f"待核对 {s.unconfirmed}、" if s.unconfirmed else "")
        + f"警告 {s.warnings}、提示 {s.infos}），无法判断 {s.not_assessable}，不适用 {s.not_applicable}"
        + (f"，已豁免 {s.waived}" if s.waived else "")
    )
    for note in record.notes if show_all else ():
        out.append(f"  解析注记 {note}")
    return out


def render(records: list[Record], show_all: bool = False) -> str:
    out: list[str] = []
    for record in records:
        out.extend(render_record(record, show_all))
        out.append("")
    out.append(run_summary(Counter(r.verdict for r in records)))
    return "\n".join(out)


def run_summary(verdicts: dict[str, int]) -> str:
    """The last line of a run: how many reports, by verdict."""
    shown = "，".join(f"{VERDICT_ZH[v]} {n}" for v, n in sorted(verdicts.items()))
    return f"检查报告 {sum(verdicts.values())} 份：{shown or '无'}"
