"""A rule's own ``message``: which placeholders it may use, and how a section rule uses it.

Users read findings, not rule files: a failure must say in words what is missing. A section
rule that matches the text with a regular expression therefore never shows the expression; it
shows the rule's ``message`` ("“{section}”未说明是否收取信息处理费") or, when the rule has none,
its title. Placeholders are checked when the rule is compiled, so a misspelt one is a rule
error with the accepted names, not a crash on the first report.
"""

from __future__ import annotations

from collections.abc import Callable
from string import Formatter

from ..model import Report
from ..record import Finding
from . import ast

CHECK_FIELDS = ("arithmetic", "left", "right", "where")
"""``check A op B``: the comparison with its numbers, each side's value, the quantified column."""
SECTION_FIELDS = ("section", "excerpt")
"""Section rules: the section's title as printed, the beginning of its text."""
_EXCERPT = 60


def message_fields(statement: ast.Statement | None) -> tuple[str, ...] | None:
    """The placeholders a message may use with this statement, or ``None`` when the statement
    builds every message itself (value constraints, text detectors) and a message is not used."""
    if isinstance(statement, ast.Comparison):
        return CHECK_FIELDS
    if isinstance(statement, ast.SectionRule):
        return SECTION_FIELDS
    return None


def unknown_fields(message: str, allowed: tuple[str, ...]) -> list[str]:
    """Placeholders in ``message`` that are not ``allowed`` (``{名称}`` with any format spec);
    a malformed brace is reported as itself."""
    try:
        names = [name for _, name, _, _ in Formatter().parse(message) if name is not None]
    except ValueError:
        return [message]
    return [n for n in names if n.split(".")[0].split("[")[0] not in allowed]


def section_messages(
    rule, statement: ast.SectionRule, evaluate: Callable[[Report], list[Finding]]
) -> Callable[[Report], list[Finding]]:
    """``evaluate`` with its failure messages said in the rule's words.

    A rule with a ``message`` fails with it; a ``matches`` rule without one fails with its title
    instead of the regular expression. Other outcomes keep their messages."""
    if rule.message is None and statement.kind != "matches":
        return evaluate

    def with_messages(report: Report) -> list[Finding]:
        findings = evaluate(report)
        if not any(f.status == "fail" for f in findings):
            return findings
        section = report.section(statement.section) if statement.section else None
        message = _message(rule, section)
        return [
            f.model_copy(update={"message": message}) if f.status == "fail" else f for f in findings
        ]

    return with_messages


def _message(rule, section) -> str:
    title = section.title if section is not None else ""
    text = (section.text.strip() if section is not None else "") or "（无内容）"
    excerpt = text[:_EXCERPT] + ("…" if len(text) > _EXCERPT else "")
    if rule.message is not None:
        return rule.message.format(section=title, excerpt=excerpt)
    return f"“{title}”部分不符合要求：{rule.title}。原文：{excerpt}"
