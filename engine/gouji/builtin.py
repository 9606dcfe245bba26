"""gouji's own behaviour, registered through the same hooks as any plugin.

Every implementation here is ``trylast``, and this module is registered after every plugin
(``gouji.plugins``): any plugin's implementation runs before it, so a plugin's
``gouji_classify_issuer`` answer (a ``firstresult`` hook) wins over the built-in one, and a
plugin's wrapper sees the built-in results with the others.
"""

from __future__ import annotations

from .deadline import deadline_finding
from .hookspecs import hookimpl
from .issuer import IssuerClass, classify
from .model import Report
from .parameters import Resolved

__doc_zh__ = "gouji 的内置行为：发布主体分类与发布期限检查，与插件经由同样的钩子注册。"


@hookimpl(trylast=True)
def gouji_classify_issuer(report: Report) -> IssuerClass | None:
    """Level and kind from the issuer's name (see ``gouji.issuer``)."""
    return classify(report)


@hookimpl(trylast=True)
def gouji_findings(report: Report, ruleset: str, parameters: Resolved, issuer: IssuerClass | None):
    """PUB.DEADLINE: published by the deadline for the issuer's kind (条例 第四十九条, or a
    local layer). No stated publication date is ``not_assessable``, never a guess."""
    return [deadline_finding(report, parameters, issuer)]
