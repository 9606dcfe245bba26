"""The compliance record: every verdict with the cell, the rule and the article behind it.

One ``Finding`` per rule instance (per column, row or block) that did not pass. Passing instances
— some 650 of a report's 660 — are one ``PassedRule`` per rule with their count, unless every
instance was asked for (``passes="each"``, ``gouji check --show all``): then they are findings
like the others and ``passed`` is empty. A finding that rests on something the parser assumed
says so (``responsibility: extraction``), so an office can tell the report's own errors from the
reading's. The record carries enough provenance (engine version, ruleset, hashes of the rule
files) to reproduce it; identical input gives byte-identical JSON.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .issuer import IssuerClass
from .model import Location

Status = Literal["pass", "fail", "not_assessable", "not_applicable"]
Verdict = Literal["pass", "warn", "review", "fail", "not_applicable", "error"]
Severity = Literal["error", "warning", "info"]
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Finding(_Frozen):
    rule: str
    instance: str
    status: Status
    severity: Severity
    title: str
    message: str
    cite: str | None = None
    refs: tuple[str, ...] = ()
    expected: str | None = None
    actual: str | None = None
    locations: tuple[Location, ...] = ()
    responsibility: Literal["source", "extraction"] = "source"
    assumptions: tuple[str, ...] = ()
    """What the verdict assumed: blank cells counted as 0, parser notes (by id and text)."""
    waived: str | None = None
    """Why a known failure is accepted (a baseline waiver's reason); waived failures do not
    count toward the verdict."""


class PassedRule(_Frozen):
    """The passing instances of one rule, counted rather than listed: a record names every rule
    that held and how often, without a finding (and a message) for each cell it held on."""

    rule: str
    title: str
    severity: Severity
    cite: str | None = None
    instances: int = Field(description="passing instances of the rule (columns, rows, blocks)")
    extraction: int = Field(
        0,
        description="of those, instances whose cells rest on the parser's reading "
        "(responsibility: extraction)",
    )
    assumptions: tuple[str, ...] = ()
    """What the passes assumed, each once (blank cells counted as 0, parser notes)."""


class RuleFile(_Frozen):
    path: str
    sha256: str


class RulesetInfo(_Frozen):
    id: str
    version: str
    title: str
    instrument: str | None = None
    files: tuple[RuleFile, ...] = ()


class LayerUse(_Frozen):
    """A parameter layer that applied to the report, with the reference it rests on."""

    id: str
    title: str
    reference: str
    parameters: dict[str, str] = Field(default_factory=dict)


class PluginUse(_Frozen):
    """A plugin that took part in (or was disabled during) the run."""

    name: str
    origin: str
    version: str | None = None
    summary: str | None = None
    """The first line of the plugin's docstring."""
    summary_zh: str | None = None
    """The same in Chinese (the plugin's ``__doc_zh__``), for the offices that read records."""
    hooks: tuple[str, ...] = ()
    error: str | None = None


class Summary(_Frozen):
    findings: int = 0
    passed: int = 0
    failed: int = 0
    not_assessable: int = 0
    not_applicable: int = 0
    errors: int = Field(
        0, description="failed findings of severity error that rest on the report itself"
    )
    unconfirmed: int = Field(
        0,
        description="failed findings of severity error that rest on the parser's reading "
        "(responsibility: extraction): a person must check them against the source",
    )
    warnings: int = Field(0, description="failed findings of severity warning")
    infos: int = Field(0, description="failed findings of severity info")
    waived: int = Field(0, description="failed findings accepted by a baseline waiver")


class Record(_Frozen):
    source: str
    sha256: str
    issuer: str | None = None
    issuer_class: IssuerClass | None = None
    """Who issued the report: place in the 行政区划 and kind, with the evidence."""
    year: int | None = None
    edition: str
    engine: str
    ruleset: RulesetInfo | None = None
    layers: tuple[LayerUse, ...] = ()
    """The parameter layers applied, broadest first, each with the parameters it set."""
    verdict: Verdict
    """``fail`` only on an error-level failure that rests on the report itself; ``review`` when
    the only error-level failures rest on the parser's reading (a person must look)."""
    summary: Summary
    findings: tuple[Finding, ...] = ()
    """Every instance that did not pass; passing ones too when every instance was asked for."""
    passed: tuple[PassedRule, ...] = ()
    """The rules that held, one entry each with its count of passing instances not listed in
    ``findings``; ``summary.passed`` counts both."""
    plugins: tuple[PluginUse, ...] = ()
    notes: tuple[str, ...] = ()
    """The parser's notes, one line each ("N3 [digits.split] …"), for reading the findings."""
    error: str | None = None
    """Why the file could not be checked at all (unreadable), when ``verdict`` is ``error``."""

    @property
    def rules(self) -> tuple[str, ...]:
        """Every rule the record judged, each once: those with findings listed, then those
        only counted as passed."""
        return tuple(
            dict.fromkeys([*(f.rule for f in self.findings), *(p.rule for p in self.passed)])
        )


def counts(finding: Finding) -> bool:
    """Whether a failure counts against the report: unwaived, and resting on the report itself.
    A failure that rests on the parser's reading (``responsibility: extraction``) is shown for a
    person to check, but never makes a report 不合格 nor fails a run."""
    return (
        finding.status == "fail" and finding.waived is None and finding.responsibility == "source"
    )


def summarize(findings: tuple[Finding, ...], passed: tuple[PassedRule, ...] = ()) -> Summary:
    """Counts by status, rule instances counted whether listed or aggregated in ``passed``; a
    waived failure counts as ``waived``, not by its severity; an error-level failure resting on
    the parser's reading counts as ``unconfirmed``."""
    failed = [f for f in findings if f.status == "fail" and f.waived is None]
    aggregated = sum(p.instances for p in passed)
    return Summary(
        findings=len(findings) + aggregated,
        passed=sum(f.status == "pass" for f in findings) + aggregated,
        failed=len(failed),
        waived=sum(f.status == "fail" and f.waived is not None for f in findings),
        not_assessable=sum(f.status == "not_assessable" for f in findings),
        not_applicable=sum(f.status == "not_applicable" for f in findings),
        errors=sum(f.severity == "error" and counts(f) for f in failed),
        unconfirmed=sum(f.severity == "error" and not counts(f) for f in failed),
        warnings=sum(f.severity == "warning" for f in failed),
        infos=sum(f.severity == "info" for f in failed),
    )


def verdict(summary: Summary) -> Literal["pass", "warn", "review", "fail", "not_applicable"]:
    if summary.errors:
        return "fail"
    if summary.unconfirmed:
        return "review"
    if summary.warnings:
        return "warn"
    if summary.findings and summary.not_applicable == summary.findings:
        return "not_applicable"
    return "pass"
