"""Publication deadlines (条例 第四十九条): the report for year Y is due by a date in Y+1.

The due date is a parameter per issuer kind (``deadline.部门``, ``deadline.人民政府``), set by the
default layer and overridable by province/prefecture/county layers; the finding cites the layer
that decided it.
"""

from __future__ import annotations

import datetime as dt

from .issuer import IssuerClass
from .model import Report
from .parameters import Resolved
from .record import Finding

RULE = "PUB.DEADLINE"
TITLE = "年度报告须在规定期限内发布"


def deadline_finding(report: Report, parameters: Resolved, issuer: IssuerClass | None) -> Finding:
    kind = issuer.kind if issuer else None
    name = f"deadline.{kind}" if kind else None
    due_text = parameters.get(name) if name else None
    layer = next(
        (lay for lay in parameters.chain if lay.id == parameters.origin.get(name or "")), None
    )
    cite = (
        f"{layer.reference}（参数层：{layer.title}）" if layer else "《政府信息公开条例》第四十九条"
    )

    def result(status: str, message: str, **extra) -> Finding:
        return Finding(
            rule=RULE,
            instance=RULE,
            status=status,
            severity="error",
            title=TITLE,
            message=message,
            cite=cite,
            **extra,
        )

    if report.year is None:
        return result("not_assessable", "报告年度不明，无法判断发布期限")
    if due_text is None:
        return result("not_assessable", "发布主体类别不明，无法确定适用的发布期限")
    if report.published is None:
        return result(
            "not_assessable", "报告未注明发布日期（落款或页面发布日期），无法判断是否按时发布"
        )
    month, day = (int(x) for x in str(due_text).split("-"))
    due = dt.date(report.year + 1, month, day)
    published = report.published
    where = "页面发布日期" if published.source == "metadata" else "落款日期"
    shown = f"{where} {published.date.isoformat()}"
    locations = (published.loc,) if published.loc else ()
    if published.date <= due:
        return result(
            "pass",
            f"{shown}，不晚于{kind}的期限 {due.isoformat()}",
            expected=due.isoformat(),
            actual=published.date.isoformat(),
            locations=locations,
        )
    late = (published.date - due).days
    return result(
        "fail",
        f"{shown}，晚于{kind}的期限 {due.isoformat()}（迟 {late} 天）",
        expected=due.isoformat(),
        actual=published.date.isoformat(),
        locations=locations,
    )
