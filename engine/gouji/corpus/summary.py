"""What a corpus run found, in a few lines: how many reports, their verdicts, the rules most
reports fail and who issued them — the view an office needs before reading any single record.

It keeps counters only (no records), so it costs the same for 5 reports as for 100 000.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..record import SEVERITY_RANK, Record, counts
from ..render.common import SEVERITY_ZH, VERDICT_ZH

LEVELS = ("省", "市", "县", "乡镇")
UNKNOWN_LEVEL = "未识别"
TOP_RULES = 10


@dataclass(slots=True)
class _Rule:
    reports: int
    severity: str
    title: str


@dataclass(slots=True)
class RunSummary:
    """Counters over the records of a run; ``add`` each record, ``render`` at the end."""

    checked: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    levels: Counter[str] = field(default_factory=Counter)
    rules: dict[str, _Rule] = field(default_factory=dict)

    def add(self, record: Record) -> None:
        self.checked += 1
        self.verdicts[record.verdict] += 1
        level = record.issuer_class.level if record.issuer_class else None
        self.levels[level or UNKNOWN_LEVEL] += 1
        seen: set[str] = set()
        for f in record.findings:
            if not counts(f):
                continue
            rule = self.rules.get(f.rule)
            if rule is None:
                rule = self.rules[f.rule] = _Rule(0, f.severity, f.title)
            elif SEVERITY_RANK[f.severity] > SEVERITY_RANK[rule.severity]:
                rule.severity = f.severity
            if f.rule not in seen:
                seen.add(f.rule)
                rule.reports += 1

    def top_rules(self, n: int = TOP_RULES) -> list[tuple[str, int, str, str]]:
        """``(rule, reports, severity, title)`` for the rules failed (not waived) in most
        reports; ties go to the more severe rule, then by id, so the list is stable."""
        ranked = sorted(
            self.rules.items(),
            key=lambda kv: (-kv[1].reports, -SEVERITY_RANK[kv[1].severity], kv[0]),
        )
        return [(rid, r.reports, r.severity, r.title) for rid, r in ranked[:n]]

    def render(self) -> str:
        """The summary in Chinese, a few lines, for the end of a run."""
        shown = "，".join(
            f"{name} {self.verdicts[v]}" for v, name in VERDICT_ZH.items() if self.verdicts[v]
        )
        lines = [f"检查报告 {self.checked} 份：{shown or '无'}"]
        top = self.top_rules()
        if top:
            more = f"，前 {TOP_RULES} 条" if len(self.rules) > TOP_RULES else ""
            lines.append(f"未通过的规则（按涉及报告数{more}）：")
            width = max(len(rid) for rid, *_ in top)
            for rid, reports, severity, title in top:
                lines.append(f"  {reports:>6} 份  {SEVERITY_ZH[severity]}  {rid:<{width}}  {title}")
        if self.checked:
            order = [*LEVELS, UNKNOWN_LEVEL]
            extra = sorted(k for k in self.levels if k not in order)
            by_level = "，".join(
                f"{k} {self.levels[k]}" for k in [*order, *extra] if self.levels[k]
            )
            lines.append(f"发布主体层级：{by_level}")
        return "\n".join(lines)
