"""From a record to a test outcome: pass, fail (with the findings as text), xfail (every failure
waived by the baseline) or skip (no ruleset applies).

Whether a finding counts is decided by ``gouji check``'s own ``failing()``, so an item fails
exactly when the CLI would exit 1 for the same findings and ``--fail-on``. Only a small
``Judgement`` is kept per item, not the record: a per-rule run over thousands of reports would
otherwise hold every record (hundreds of findings each) until the end of the session.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from ..baseline import Baseline, Waiver
from ..commands.check import failing
from ..record import SEVERITY_RANK, Finding, Record
from ..render.common import VERDICT_ZH, label
from ..render.terminal import for_terminal
from ..vocabulary import cell_name

Outcome = Literal["pass", "fail", "xfail", "skip"]

GROUP_AFTER = 3
"""More failures than this of one rule are shown as the first few and a count (a lost 表三 row
is seven missing cells)."""


@dataclass(frozen=True, slots=True)
class Judgement:
    outcome: Outcome
    text: str
    """The failure text, or the xfail/skip reason: pytest prints it on the terminal, so control
    characters from report text are shown as escapes (``render.terminal``)."""
    properties: tuple[tuple[str, str], ...] = ()
    """``user_properties`` of the item, which ``--junitxml`` writes as ``<property>``."""


def judge(
    record: Record, rule: str | None, fail_on: str, baseline: Baseline | None = None
) -> Judgement:
    """The outcome of one item: the whole record (``rule`` None) or the findings of one rule."""
    scope = [f for f in record.findings if rule is None or f.rule == rule]
    failed = [f for f in scope if f.status == "fail"]
    counted = [f for f in failed if _counts(record, f, fail_on)]
    open_ = [f for f in counted if f.waived is None]
    waived = [f for f in counted if f.waived is not None]
    properties = _properties(record, rule, failed)
    if open_:
        text = "\n".join(map(for_terminal, _failure_text(record, open_, waived, baseline)))
        return Judgement("fail", text, properties)
    if waived:
        return Judgement("xfail", for_terminal(_waived_reason(waived)), properties)
    if record.verdict == "not_applicable" and not scope:
        reason = record.notes[-1] if record.notes else "没有适用的规则集"
        return Judgement("skip", for_terminal(f"不适用：{reason}"), properties)
    return Judgement("pass", "", properties)


def record_rules(record: Record) -> list[str]:
    """Every rule the record judged, listed or counted as passed, each once and by id (a rule
    that held everywhere is an item like a rule that failed somewhere)."""
    return sorted(record.rules)


def _counts(record: Record, finding: Finding, fail_on: str) -> bool:
    """Whether this failure reaches ``--gouji-fail-on``, by the CLI's own rule (asked of the
    finding alone, waiver set aside: waiving is decided here, not by the threshold)."""
    alone = finding.model_copy(update={"waived": None})
    return failing(record.model_copy(update={"findings": (alone,)}), fail_on)


def header(record: Record) -> str:
    """One line about the report as ``gouji check`` gives it: issuer, year, format, ruleset,
    verdict. Not its path: pytest's own header, short summary (``FAILED path::rule - …``) and
    JUnit ``classname`` already name it, and a message that starts with it again says it twice."""
    who = " ".join(
        str(x) for x in (record.issuer, f"{record.year} 年度" if record.year else None) if x
    )
    ruleset = (
        f"规则集 {record.ruleset.id} {record.ruleset.version}" if record.ruleset else "无适用规则集"
    )
    return (
        f"{who or '（发布主体未识别）'} · {record.edition} 版格式 · {ruleset}"
        f" · 结论：{VERDICT_ZH[record.verdict]}"
    )


def _failure_text(
    record: Record, failed: list[Finding], waived: list[Finding], baseline: Baseline | None
) -> list[str]:
    lines = [header(record)]
    by_rule: dict[str, list[Finding]] = {}
    for f in sorted(failed, key=lambda f: -SEVERITY_RANK[f.severity]):
        by_rule.setdefault(f.rule, []).append(f)
    for group in by_rule.values():
        for f in group[:GROUP_AFTER] if len(group) > GROUP_AFTER else group:
            lines.extend(_finding(f, record.edition))
            lines.extend(_expired(record, f, baseline))
        if len(group) > GROUP_AFTER:
            lines.append(f"  …… {group[0].rule} 共 {len(group)} 处不通过")
            expired = {
                w for f in group[GROUP_AFTER:] for w in _expired_waivers(record, f, baseline)
            }
            lines.extend(f"      豁免已过期：{w.describe()}" for w in _ordered(expired))
    if waived:
        lines.append(f"  已豁免 {len(waived)} 项：{_waived_list(waived)}")
    return lines


def _finding(f: Finding, edition: str) -> list[str]:
    lines = [f"  {label(f)} {f.instance}  {f.title}", f"      {f.message}"]
    if f.refs:
        lines.append(f"      单元格：{_cells(f, edition)}")
    if f.responsibility == "extraction":
        lines.append("      注意：该结论依据解析时的推断，请核对原文")
    lines.extend(f"      假设：{a}" for a in f.assumptions[:3])
    if f.cite:
        lines.append(f"      依据：{f.cite}")
    return lines


def _cells(f: Finding, edition: str, shown: int = 6) -> str:
    names = []
    for i, key in enumerate(f.refs[:shown]):
        loc = f.locations[i] if i < len(f.locations) else None
        names.append(cell_name(key, edition) + (f"（{loc.describe()}）" if loc else ""))
    more = f" 等 {len(f.refs)} 处" if len(f.refs) > shown else ""
    return "、".join(names) + more


def _expired_waivers(record: Record, f: Finding, baseline: Baseline | None) -> list[Waiver]:
    """Waivers that would have covered this failure had they not expired: the reason it fails
    again, which the item must say."""
    if baseline is None:
        return []
    return [w for w in baseline.waivers if w.expired(baseline.today) and w.matches(record, f)]


def _expired(record: Record, f: Finding, baseline: Baseline | None) -> list[str]:
    return [f"      豁免已过期：{w.describe()}" for w in _expired_waivers(record, f, baseline)]


def _ordered(waivers: Iterable[Waiver]) -> list[Waiver]:
    return sorted(waivers, key=lambda w: w.line)


def _waived_reason(waived: list[Finding]) -> str:
    return "基线豁免 " + _waived_list(waived)


def _waived_list(waived: list[Finding]) -> str:
    """``T3.BALANCE[total]（原报告已发布）``; many instances of one rule with one reason are
    counted, not listed."""
    groups: dict[tuple[str, str], list[Finding]] = {}
    for f in waived:
        groups.setdefault((f.rule, f.waived or ""), []).append(f)
    parts = []
    for (rule, reason), group in groups.items():
        what = group[0].instance if len(group) == 1 else f"{rule} ×{len(group)}"
        parts.append(f"{what}（{reason}）")
    return "；".join(parts)


def _properties(
    record: Record, rule: str | None, failed: list[Finding]
) -> tuple[tuple[str, str], ...]:
    """What a JUnit consumer needs to sort failures without parsing text: the rule ids."""
    props = [
        ("gouji_report", record.source),
        ("gouji_issuer", record.issuer or ""),
        ("gouji_verdict", record.verdict),
    ]
    if record.ruleset is not None:
        props.append(("gouji_ruleset", f"{record.ruleset.id} {record.ruleset.version}"))
    if rule is not None:
        props.append(("gouji_rule", rule))
    open_ = [f for f in failed if f.waived is None]
    props.append(("gouji_failed_rules", ",".join(dict.fromkeys(f.rule for f in open_))))
    props.append(("gouji_failed", ",".join(f.instance for f in open_)))
    waived = [f.instance for f in failed if f.waived is not None]
    if waived:
        props.append(("gouji_waived", ",".join(waived)))
    return tuple(props)


def unreadable(source: str, message: str, fail_on: str) -> Judgement:
    """A file that could not be checked: an error, unless ``--gouji-fail-on never`` (as the
    CLI's exit status ignores it then) — then a skip that still says why."""
    from ..engine import Engine
    from ..errors import SourceError

    record = Engine.unreadable(source, SourceError(message))
    props = (("gouji_report", source), ("gouji_verdict", "error"), ("gouji_error", message))
    outcome: Outcome = "fail" if failing(record, fail_on) else "skip"
    return Judgement(outcome, for_terminal(message), props)
