"""Compiled rules: loaded from files once, then applied to any number of reports.

A rule is compiled once per edition it applies to (names resolve differently in the 2019 and
2021 tables). Applicability (edition, report years) is decided per report; a rule that does not
apply gives one ``not_applicable`` finding saying why, so a record always shows every rule.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import GoujiError
from ..issuer import IssuerClass, classify
from ..model import Report
from ..passing import Outcome, Passing, PassingMany
from ..record import Finding
from ..text.detectors import DETECTORS
from ..text.rule import text_evaluator
from . import ast
from .compile import Context, domain_of
from .errors import RuleError
from .evaluate import Evaluator, compile_comparison, compile_require, compile_section
from .messages import message_fields, section_messages, unknown_fields
from .names import suggest
from .parse_cache import parse_cached

ALL_EDITIONS = ("2021", "2019")


@dataclass(slots=True)
class CompiledRule:
    id: str
    title: str
    severity: str
    cite: str
    message: str | None
    applies: dict[str, tuple[str, ...]]
    editions: tuple[str, ...]
    path: str
    line: int
    source: str
    examples: tuple[ast.Example, ...]
    syntax: ast.Rule
    evaluators: dict[str, Evaluator] = field(default_factory=dict)

    def not_applicable_because(
        self, report: Report, issuer: IssuerClass | None = None
    ) -> tuple[str, str] | None:
        """(status, reason) when the rule does not apply, or cannot tell whether it does."""
        if report.edition not in self.editions:
            return (
                "not_applicable",
                f"本规则适用于 {'、'.join(self.editions)} 版格式，本报告为 {report.edition}",
            )
        years = self.applies.get("years")
        if years and report.year is not None and not any(_in_range(report.year, y) for y in years):
            return (
                "not_applicable",
                f"本规则适用于 {'、'.join(years)} 年度，本报告为 {report.year} 年度",
            )
        for key, word in (("level", "级别"), ("kind", "类别"), ("province", "省份")):
            wanted = self.applies.get(key)
            if not wanted:
                continue
            issuer = issuer or classify(report)
            actual = getattr(issuer, key)
            if actual is None:
                return (
                    "not_assessable",
                    f"无法判断发布主体的{word}，本规则只适用于{'、'.join(wanted)}",
                )
            if not any(
                actual == w or actual.startswith(w) for w in wanted
            ):  # 新疆 ⊂ 新疆维吾尔自治区
                return "not_applicable", f"本规则适用于{'、'.join(wanted)}，发布主体为{actual}"
        return None

    def evaluate(self, report: Report, issuer: IssuerClass | None = None) -> list[Outcome]:
        """Every instance's outcome: a ``Finding``, or a ``Passing`` that builds one on demand
        (``gouji.passing``)."""
        reason = self.not_applicable_because(report, issuer)
        if reason:
            status, message = reason
            return [
                Finding(
                    rule=self.id,
                    instance=self.id,
                    status=status,
                    severity=self.severity,
                    title=self.title,
                    message=message,
                    cite=self.cite,
                )
            ]
        if isinstance(self.syntax.statement, ast.TextCheck):
            return self.evaluators[report.edition](report, issuer)  # type: ignore[call-arg]
        return self.evaluators[report.edition](report)

    def findings(self, report: Report, issuer: IssuerClass | None = None) -> list[Finding]:
        """Every instance as a ``Finding``, passes built in full (messages, cells): for rule
        tests and tools that show one rule's every verdict."""
        out: list[Finding] = []
        for o in self.evaluate(report, issuer):
            if isinstance(o, PassingMany):
                out.extend(o.build())
            else:
                out.append(o.finding() if isinstance(o, Passing) else o)
        return out


def _in_range(year: int, spec: str) -> bool:
    if ".." in spec:
        start, _, end = spec.partition("..")
        return int(start) <= year <= int(end)
    return year == int(spec)


def _compile(rule: ast.Rule, source: str) -> CompiledRule:
    def error(message: str, span: ast.Span, hint: str | None = None) -> RuleError:
        return RuleError(
            message,
            path=rule.path,
            line=span.line,
            column=span.column,
            width=len(rule.id),
            source=source,
            rule=rule.id,
            hint=hint,
        )

    if not rule.title:
        raise error("规则缺少 title（中文标题）", rule.span, '在 rule 下一行写 title "…"')
    if not rule.cite:
        raise error(
            "规则缺少 cite（所依据的法规或文件条款）",
            rule.span,
            '例如 cite "国办公开办函〔2021〕30号 表三 注"',
        )
    fields = message_fields(rule.statement)
    if rule.message is not None and fields is not None:
        misspelt = unknown_fields(rule.message, fields)
        if misspelt:
            raise error(
                f"message 中的“{'、'.join(misspelt)}”无法替换",
                rule.span,
                "可用：" + "、".join("{" + f + "}" for f in fields),
            )
    editions = rule.applies.get("edition", ALL_EDITIONS)
    unknown = [e for e in editions if e not in ALL_EDITIONS]
    if unknown:
        raise error(f"未知的格式版本 {'、'.join(unknown)}（可用 2021、2019）", rule.span)
    compiled = CompiledRule(
        id=rule.id,
        title=rule.title,
        severity=rule.severity,
        cite=rule.cite,
        message=rule.message,
        applies=rule.applies,
        editions=tuple(editions),
        path=rule.path,
        line=rule.span.line,
        source=rule.source,
        examples=rule.examples,
        syntax=rule,
    )
    for edition in editions:
        ctx = Context(rule, edition, source)
        for q in rule.quantifiers:
            if q.var in ctx.domains:
                raise ctx.error(f"变量“{q.var}”重复定义", q.span)
            ctx.domains[q.var] = domain_of(q, ctx)
        compiled.evaluators[edition] = _statement(compiled, rule.statement, ctx)
    return compiled


def _statement(rule: CompiledRule, node, ctx: Context) -> Evaluator:
    if isinstance(node, ast.Comparison):
        return compile_comparison(rule, node, ctx)
    if isinstance(node, ast.RequireValue):
        return compile_require(rule, node, ctx)
    if isinstance(node, ast.TextCheck):
        detector = DETECTORS.get(node.detector)
        if detector is None:
            raise ctx.error(
                f"未知的文本检查“{node.detector}”",
                node.span,
                suggest(node.detector, list(DETECTORS), "check text "),
            )
        return text_evaluator(rule, detector)  # type: ignore[return-value]
    return section_messages(rule, node, compile_section(rule, node, ctx))


@dataclass(frozen=True, slots=True)
class RuleSource:
    path: str
    sha256: str
    rules: tuple[CompiledRule, ...]


def compile_text(text: str, path: str) -> list[CompiledRule]:
    """Compile rule text held in memory (examples, tests): parsed afresh, never cached."""
    from .parser import parse_rules  # Lark is imported only when something is parsed

    return [_compile(rule, text) for rule in parse_rules(text, path)]


def load_file(path: Path, shown_as: str | None = None) -> RuleSource:
    shown = shown_as or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GoujiError(f"{shown}: 无法读取规则文件（{exc.strerror or exc}）") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise GoujiError(f"{shown}: 规则文件须为 UTF-8 编码") from None
    # A rule file's tree comes from the on-disk cache when this text was parsed before.
    rules = tuple(_compile(rule, text) for rule in parse_cached(text, shown))
    return RuleSource(shown, hashlib.sha256(data).hexdigest(), rules)


def check_unique(sources: list[RuleSource]) -> None:
    """Rule ids are stable names: one id, one rule, across every file of a ruleset."""
    seen: dict[str, CompiledRule] = {}
    for src in sources:
        for rule in src.rules:
            if rule.id in seen:
                first = seen[rule.id]
                text = rule.syntax.source
                raise RuleError(
                    f"规则编号 {rule.id} 重复",
                    path=rule.path,
                    line=rule.line,
                    column=rule.syntax.span.column,
                    width=len(rule.id),
                    source="\n" * (rule.line - 1) + text,
                    rule=rule.id,
                    hint=f"已在 {first.path}:{first.line} 定义；每条规则的编号必须唯一",
                )
            seen[rule.id] = rule
