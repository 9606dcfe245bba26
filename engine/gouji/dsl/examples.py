"""A rule's examples, run as tests: the documentation that proves itself.

An example is a small report described by what differs from a clean one: every cell an explicit
0, all six sections present, nothing out of place; then the example's assignments. The rule
must reach the outcome the example states. ``gouji rules test`` and the test suite run them all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ..model import (
    Cell,
    DateEvidence,
    EditionEvidence,
    Location,
    Passage,
    Period,
    Report,
    Section,
    StrayHeading,
)
from ..vocabulary import sections, vocabulary
from . import ast
from .compile import TEXT_META, CellRef, Context, MetaRef, VarCell, concrete, resolve
from .errors import RuleError
from .rules import CompiledRule


@dataclass(frozen=True, slots=True)
class ExampleResult:
    rule: str
    expected: str
    got: str
    line: int
    path: str
    messages: tuple[str, ...]
    edition: str = "2021"

    @property
    def ok(self) -> bool:
        return self.expected == self.got


def outcome(statuses: list[str]) -> str:
    if "fail" in statuses:
        return "fail"
    if "not_assessable" in statuses:
        return "not_assessable"
    if statuses and all(s == "not_applicable" for s in statuses):
        return "not_applicable"
    return "pass"


def example_report(rule: CompiledRule, example: ast.Example, edition: str) -> Report:
    year = 2024 if edition == "2021" else 2020
    cells = {
        k: Cell(key=k, value=0, raw="0", semantic="zero", label=None, loc=Location(line=1))
        for k in vocabulary(edition).cell_keys
    }
    texts = {s.key: f"（示例）{s.title}的内容" for s in sections()}
    titles = {s.key: s.title for s in sections()}
    duplicates: list[str] = []
    meta: dict[str, int] = {}
    words: dict[str, str] = {}
    ctx = Context(rule.syntax, edition, "\n" * (example.span.line - 1) + rule.syntax.source)
    for a in example.assignments:
        if a.kind == "duplicate":
            duplicates.append(a.target)
            continue
        if isinstance(a.target, str) and a.kind == "title":
            titles[a.target] = a.value or ""
            continue
        if isinstance(a.target, str):
            if a.kind == "word" and a.value == "absent":
                texts.pop(a.target, None)
            else:
                texts[a.target] = a.value or ""
            continue
        target = resolve(a.target, ctx)
        if isinstance(target, MetaRef):
            if target.name in TEXT_META:
                words[target.name] = a.value or ""
            else:
                meta[target.name] = int(a.value) if a.kind == "number" else 0
            continue
        if isinstance(target, VarCell) or not isinstance(target, CellRef):
            raise ctx.error("示例只能给具体的单元格赋值", a.span)
        for key in concrete(target, {}):
            cells[key] = _cell(key, a)
    year = meta.get("report.year", year)
    specs = {s.key: s for s in sections()}
    title_year = meta.get("title.year", year)
    issuer = words.get("report.issuer", "示例单位")
    title = f"{issuer}{title_year}年政府信息公开工作年度报告"
    # The prose as a report lays it out: the title on line 1, then each section's heading and
    # its text one paragraph per line, so text rules read examples the way they read reports.
    prose = [Passage(text=title, loc=Location(line=1, column=1))]
    section_models = []
    for key, text in sorted(texts.items()):
        line = len(prose) + 1
        heading = f"{specs[key].ordinal}、{titles[key]}"
        prose.append(Passage(text=heading, loc=Location(line=line, column=1)))
        for paragraph in (p for p in text.split("\n") if p.strip()):
            prose.append(Passage(text=paragraph, loc=Location(line=len(prose) + 1, column=1)))
        section_models.append(
            Section(
                key=key,
                title=titles[key],
                ordinal=specs[key].ordinal,
                canonical_title=specs[key].title,
                variant=titles[key] != specs[key].title,
                start_line=line,
                end_line=len(prose),
                loc=Location(line=line, column=1),
                text=text,
            )
        )
    signed = None
    if "signed.year" in meta:
        date = dt.date(meta["signed.year"], 1, 20)
        signed = DateEvidence(date=date, raw=f"{date.year}年1月20日", source="signature")
    stray = tuple(
        StrayHeading(
            problem="duplicate",
            title=specs[key].title,
            ordinal=specs[key].ordinal,
            resembles=key,
            loc=Location(line=99),
            message=f"“{specs[key].title}”重复出现",
        )
        for key in duplicates
    )
    period = None
    if "period.end_year" in meta or "period.start_year" in meta:
        start = meta.get("period.start_year", meta.get("period.end_year", year))
        end = meta.get("period.end_year", start)
        period = Period(start=dt.date(start, 1, 1), end=dt.date(end, 12, 31), raw="（示例）")
    return Report(
        source=f"<{rule.id} 示例>",
        sha256="0" * 64,
        input_kind="example",
        title=title,
        issuer=issuer,
        signed_by=words.get("report.issuer"),
        year=year,
        period=period,
        signed=signed,
        prose=tuple(prose),
        edition=edition,  # type: ignore[arg-type]
        edition_evidence=EditionEvidence(by_year=edition, decided_by="year"),  # type: ignore[arg-type]
        sections=tuple(section_models),
        stray_headings=stray,
        cells=cells,
    )


def _cell(key: str, a: ast.Assignment) -> Cell:
    if a.kind == "number":
        value = Decimal(a.value) if "." in a.value else int(a.value)
        return Cell(
            key=key,
            value=value,
            raw=a.value,
            semantic="zero" if value == 0 else "number",
            loc=Location(line=1),
        )
    if a.kind == "text":
        return Cell(key=key, value=None, raw=a.value, semantic="text", loc=Location(line=1))
    if a.value == "blank":
        return Cell(key=key, value=None, raw="", semantic="blank", loc=Location(line=1))
    if a.value == "placeholder":
        return Cell(key=key, value=None, raw="/", semantic="placeholder", loc=Location(line=1))
    return Cell(key=key)


def run_examples(rule: CompiledRule) -> list[ExampleResult]:
    """Every example under every edition the rule applies to, except where the example names a
    cell that edition does not have (a 2021-only row in a rule shared with 2019)."""
    results = []
    for example in rule.examples:
        for edition in rule.editions:
            try:
                report = example_report(rule, example, edition)
            except RuleError:
                if edition == rule.editions[0]:
                    raise
                continue
            findings = rule.evaluate(report)
            results.append(
                ExampleResult(
                    rule=rule.id,
                    expected=example.outcome,
                    got=outcome([f.status for f in findings]),
                    line=example.span.line,
                    path=rule.path,
                    messages=tuple(f.message for f in findings if f.status != "pass")[:5],
                    edition=edition,
                )
            )
    return results
