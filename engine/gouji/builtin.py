"""gouji's own behaviour, registered through the same hooks as any plugin.

Registered first, so every plugin's implementation of a ``firstresult`` hook takes precedence.
"""

from __future__ import annotations

from .deadline import deadline_finding
from .hookspecs import hookimpl
from .issuer import IssuerClass, classify
from .model import Report
from .parameters import Resolved


@hookimpl
def gouji_classify_issuer(report: Report) -> IssuerClass | None:
    """Level and kind from the issuer's name (see ``gouji.issuer``)."""
    return classify(report)


@hookimpl
def gouji_findings(report: Report, ruleset: str, parameters: Resolved, issuer: IssuerClass | None):
    """PUB.DEADLINE: published by the deadline for the issuer's kind (条例 第四十九条, or a
    local layer). No stated publication date is ``not_assessable``, never a guess."""
    return [deadline_finding(report, parameters, issuer)]
