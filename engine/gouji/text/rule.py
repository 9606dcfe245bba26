"""A ``check text DETECTOR`` rule, evaluated: the detector's hits become the rule's findings.

One finding per hit, under the instance ``RULE[key]`` (``TEXT.OTHER_UNIT[新源镇@21]``) with the
sentence's location; a report where the detector found nothing gets one passing finding, so a
record always shows that the rule ran. A hit marked ``notice`` fails with severity ``info``
whatever the rule's severity: an ambiguous sentence never fails a report.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from ..issuer import IssuerClass, classify
from ..model import Report
from ..passing import Outcome, Passing
from ..record import Finding
from .detectors import Detector
from .sentences import sentences

TextEvaluator = Callable[[Report, IssuerClass | None], list[Outcome]]


def text_evaluator(rule, detector: Detector) -> TextEvaluator:
    """The evaluator of ``rule`` (a compiled rule: id, title, severity, cite) over ``detector``."""

    def evaluate(report: Report, issuer: IssuerClass | None = None) -> list[Outcome]:
        hits = detector(report, issuer if issuer is not None else classify(report))
        if not hits:  # the pass's finding is built only when every instance is listed
            return [Passing(rule, rule.id, partial(_passed, rule, report))]
        common = {"rule": rule.id, "title": rule.title, "cite": rule.cite}
        findings: list[Outcome] = []
        seen: set[str] = set()
        for hit in hits:
            instance = f"{rule.id}[{hit.key}]"
            n = 2
            while instance in seen:
                instance, n = f"{rule.id}[{hit.key}#{n}]", n + 1
            seen.add(instance)
            findings.append(
                Finding(
                    **common,
                    instance=instance,
                    status=hit.status,  # type: ignore[arg-type]
                    severity="info" if hit.notice else rule.severity,
                    message=hit.message,
                    refs=hit.refs,
                    expected=hit.expected,
                    actual=hit.actual,
                    locations=(hit.loc,) if hit.loc is not None else (),
                    assumptions=(f"读作：{hit.reading}",) if hit.reading else (),
                )
            )
        return findings

    return evaluate


def _passed(rule, report: Report) -> Finding:
    return Finding(
        rule=rule.id,
        title=rule.title,
        cite=rule.cite,
        instance=rule.id,
        status="pass",
        severity=rule.severity,
        message=f"正文 {len(sentences(report))} 句中未发现此类问题",
    )
