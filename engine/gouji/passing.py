"""Passing rule instances, kept as plain data until someone asks to see each one.

A report has some 660 rule instances and about 650 of them pass. Building a validated
``Finding`` with a formatted message for each pass cost more than evaluating the rules, and made
every record ~330 KB of "符合要求". An evaluator returns a ``Passing`` instead: the rule, the
instance, what the pass assumed, and how to build the full finding. ``Tally`` then either counts
them per rule (``PassedRule``) or, when every instance is asked for, builds their findings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal, Protocol

from pydantic import TypeAdapter

from .record import Finding, PassedRule

Passes = Literal["aggregate", "each"]
"""``aggregate``: one ``PassedRule`` per rule (the default); ``each``: a finding per instance."""


class RuleInfo(Protocol):
    """What a pass needs of its rule: a compiled rule, or anything shaped like one."""

    id: str
    title: str
    severity: str
    cite: str | None


@dataclass(slots=True)
class Passing:
    """One rule instance that held. ``build`` makes its ``Finding`` (message included) only
    when a record lists every instance.

    Read-only by convention, not frozen: a report makes a few hundred of these and hands each
    straight to the tally, and a frozen dataclass's ``__init__`` (``object.__setattr__`` per
    field) was a twentieth of the whole check."""

    rule: RuleInfo
    instance: str
    build: Callable[[], Finding]
    assumptions: tuple[str, ...] = ()
    extraction: bool = False
    """The cells rest on the parser's reading (the finding's responsibility is extraction)."""

    status: Literal["pass"] = "pass"

    def finding(self) -> Finding:
        return self.build()


@dataclass(slots=True)
class PassingMany:
    """Many instances of one rule that held on cells read under the same parser notes (a value
    rule over 200 cells, most with none). One object for all of them; ``build`` makes their
    findings, in order, only when a record lists every instance. Read-only by convention, as
    ``Passing``."""

    rule: RuleInfo
    instances: int
    build: Callable[[], list[Finding]]
    assumptions: tuple[str, ...] = ()
    extraction: bool = False
    """The cells rest on the parser's reading: every one of the instances does."""

    status: Literal["pass"] = "pass"


Outcome = Finding | Passing | PassingMany
"""What an evaluator returns for one rule instance (or, ``PassingMany``, for several)."""


@dataclass(frozen=True, slots=True)
class _Info:
    """The rule of a passing ``Finding``, as a ``RuleInfo``."""

    id: str
    title: str
    severity: str
    cite: str | None

    @classmethod
    def of(cls, finding: Finding) -> _Info:
        return cls(finding.rule, finding.title, finding.severity, finding.cite)


class _Group:
    __slots__ = ("assumptions", "cite", "extraction", "instances", "last", "severity", "title")

    def __init__(self, title: str, severity: str, cite: str | None) -> None:
        self.title, self.severity, self.cite = title, severity, cite
        self.instances = 0
        self.extraction = 0
        self.assumptions: dict[str, None] = {}
        self.last: tuple[str, ...] = ()
        """The assumptions merged last: passes on the same parser notes share one tuple, so a
        rule's passes on a noted row are merged once."""


class Tally:
    """The outcomes of one report's rules, in rule order: non-passes as findings, passes counted
    per rule (``aggregate``) or built as findings too (``each``)."""

    def __init__(self, passes: Passes = "aggregate") -> None:
        if passes not in ("aggregate", "each"):
            raise ValueError(f"passes must be 'aggregate' or 'each', not {passes!r}")
        self.each = passes == "each"
        self._findings: list[Finding] = []
        self._groups: dict[str, _Group] = {}

    def extend(self, outcomes: Iterable[Outcome]) -> None:
        each = self.each
        for outcome in outcomes:
            if outcome.status != "pass":
                self._findings.append(outcome)  # type: ignore[arg-type]  # only findings fail
            elif isinstance(outcome, PassingMany):
                if each:
                    self._findings.extend(outcome.build())
                else:
                    self._count(outcome.rule, outcome.instances, outcome.extraction, outcome)
            elif isinstance(outcome, Passing):
                if each:
                    self._findings.append(outcome.build())
                else:
                    self._count(outcome.rule, 1, outcome.extraction, outcome)
            elif each:
                self._findings.append(outcome)
            else:  # a passing Finding, e.g. from a plugin's gouji_findings
                extraction = outcome.responsibility == "extraction"
                self._count(_Info.of(outcome), 1, extraction, outcome)

    def _count(
        self,
        rule: RuleInfo,
        instances: int,
        extraction: bool,
        passed: Passing | PassingMany | Finding,
    ) -> None:
        group = self._groups.get(rule.id)
        if group is None:
            group = self._groups[rule.id] = _Group(rule.title, rule.severity, rule.cite)
        group.instances += instances
        if extraction:
            group.extraction += instances
        assumptions = passed.assumptions
        if assumptions and assumptions is not group.last:
            group.assumptions.update(dict.fromkeys(assumptions))
            group.last = assumptions

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(self._findings)

    @property
    def passed(self) -> tuple[PassedRule, ...]:
        keys = [
            (rule, g.title, g.severity, g.cite, g.instances, g.extraction, tuple(g.assumptions))
            for rule, g in self._groups.items()
        ]
        known = [_KNOWN.get(key) for key in keys]
        new = [key for key, rule in zip(keys, known, strict=True) if rule is None]
        if new:
            made = iter(
                _PASSED.validate_python([dict(zip(_FIELDS, key, strict=True)) for key in new])
            )
            if len(_KNOWN) + len(new) > _KNOWN_LIMIT:
                _KNOWN.clear()
            for i, rule in enumerate(known):
                if rule is None:
                    known[i] = _KNOWN[keys[i]] = next(made)
        return tuple(known)  # type: ignore[arg-type]  # every None was filled


_PASSED = TypeAdapter(tuple[PassedRule, ...])
"""Every new passed rule of a record validated in one call: half the time of one model at a
time."""
_FIELDS = ("rule", "title", "severity", "cite", "instances", "extraction", "assumptions")
_KNOWN: dict[tuple, PassedRule] = {}
"""Passed rules already made, by their fields. A ``PassedRule`` is frozen, so records share
them: across a corpus most rules hold on the same number of instances in report after report
(the tables have one shape per edition), and only passes resting on parser notes differ."""
_KNOWN_LIMIT = 4096
"""Past this many, the kept rules are dropped and made again as they come."""
