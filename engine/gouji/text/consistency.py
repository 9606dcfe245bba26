"""The prose against the tables: each claim (``gouji.text.claims``) compared with its cells, and
statements that contradict the tables by themselves ("所有申请均已办结" while 结转下年度 > 0).

A claim that agrees gives a passing hit (the record shows what was read and checked); one that
disagrees fails only when its sentence is unambiguous, and is a notice otherwise; one whose
cells are absent cannot be judged. Cells are the 总计 column (the prose counts all applicants).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..issuer import IssuerClass
from ..model import Report
from .claims import Claim, read_claims
from .hits import Hit, quote, where
from .sentences import sentences

_APPLICATION_QUANTITIES = (
    "new",
    "accepted",
    "carried_over",
    "closed",
    "carry_forward",
    "granted",
    "partial",
    "denied",
    "unable",
    "rejected",
)
_REVIEW_QUANTITIES = ("review", "suits")
_ROWS = {
    "new": ("new",),
    "carried_over": ("carried_over",),
    "closed": ("results_total",),
    "carry_forward": ("carry_forward",),
    "granted": ("granted",),
    "partial": ("partial",),
    "denied": ("denied_",),
    "unable": ("unable_",),
    "rejected": ("rejected_",),
}
_NAMES = {
    "new": "本年新收申请",
    "accepted": "受理申请",
    "carried_over": "上年结转申请",
    "closed": "办结（答复）申请",
    "carry_forward": "结转下年度申请",
    "granted": "予以公开",
    "partial": "部分公开",
    "denied": "不予公开",
    "unable": "无法提供",
    "rejected": "不予处理",
    "review": "行政复议",
    "suits": "行政诉讼",
}
_CELL_NAMES = {
    "new": "表三 本年新收·总计",
    "carried_over": "表三 上年结转·总计",
    "closed": "表三 办理结果总计·总计",
    "carry_forward": "表三 结转下年度·总计",
    "granted": "表三 予以公开·总计",
    "partial": "表三 部分公开·总计",
    "denied": "表三 不予公开各项·总计之和",
    "unable": "表三 无法提供各项·总计之和",
    "rejected": "表三 不予处理各项·总计之和",
    "review": "表四 行政复议·总计",
    "suits": "表四 行政诉讼（直接起诉与复议后起诉）·总计之和",
}


def _keys(report: Report, quantity: str) -> tuple[str, ...]:
    if quantity == "review":
        return ("t4.review.total",)
    if quantity == "suits":
        return ("t4.suit_direct.total", "t4.suit_after_review.total")
    keys = []
    for row in _ROWS[quantity]:
        if row.endswith("_"):
            keys += sorted(
                k for k in report.cells if k.startswith(f"t3.{row}") and k.endswith(".total")
            )
        else:
            keys.append(f"t3.{row}.total")
    return tuple(keys)


def _table_value(report: Report, keys: Iterable[str]) -> int | None:
    """The sum of the cells (blank or placeholder as 0), or ``None`` when one is missing."""
    total, missing = 0, []
    for key in keys:
        cell = report.cells.get(key)
        if (
            cell is None
            or cell.semantic == "absent"
            or (cell.value is None and cell.semantic not in ("blank", "placeholder"))
        ):
            missing.append(key)
        elif cell.value is not None:
            total += int(cell.value)
    return None if missing else total


def _judge(report: Report, claim: Claim) -> Hit:
    sentence = claim.sentence
    loc = sentence.loc(claim.start)
    said = f"{where(sentence, claim.start)}{quote(sentence, claim.start, claim.end)}"
    reading = f"{_NAMES[claim.quantity]} {'不超过 ' if claim.partial else ''}{claim.value} 件"
    if claim.why:
        reading += f"（{claim.why}）"
    key = f"{claim.quantity}@{loc.line}" if loc.line else claim.quantity
    if claim.quantity == "accepted":
        return _judge_accepted(report, claim, said, reading, key, loc)
    keys = _keys(report, claim.quantity)
    table = _table_value(report, keys)
    cell_name = _CELL_NAMES[claim.quantity]
    if table is None:
        return Hit(
            key=key,
            status="not_assessable",
            message=f"{said}述及{_NAMES[claim.quantity]}，但{cell_name}缺失，无法核对",
            loc=loc,
            refs=keys,
            reading=reading,
        )
    agrees = claim.value <= table if claim.partial else claim.value == table
    common = {"key": key, "loc": loc, "refs": keys, "reading": reading}
    if agrees:
        return Hit(
            status="pass",
            message=f"{said}与{cell_name} {table} 一致",
            expected=str(table),
            actual=str(claim.value),
            **common,
        )
    relation = f"超过了{cell_name} {table}" if claim.partial else f"而{cell_name}为 {table}"
    doubt = f"；该句含义不确定（{claim.why}），仅作提示" if not claim.exact else ""
    return Hit(
        status="fail",
        message=f"{said}称{_NAMES[claim.quantity]} {claim.value} 件，{relation}，正文与表格不一致{doubt}",
        expected=str(table),
        actual=str(claim.value),
        notice=not claim.exact,
        **common,
    )


def _judge_accepted(report: Report, claim: Claim, said: str, reading: str, key: str, loc) -> Hit:
    """受理 is 新收, or 新收 + 上年结转: right under either reading is right."""
    new = _table_value(report, ("t3.new.total",))
    carried = _table_value(report, ("t3.carried_over.total",))
    refs = ("t3.new.total", "t3.carried_over.total")
    if new is None:
        return Hit(
            key=key,
            status="not_assessable",
            message=f"{said}述及受理申请，但表三 本年新收·总计缺失，无法核对",
            loc=loc,
            refs=refs,
            reading=reading,
        )
    readings = {new} | ({new + carried} if carried is not None else set())
    shown = "、".join(str(v) for v in sorted(readings))
    if claim.value in readings:
        return Hit(
            key=key,
            status="pass",
            message=f"{said}与表三（本年新收，或本年新收加上年结转）{shown} 一致",
            loc=loc,
            refs=refs,
            expected=shown,
            actual=str(claim.value),
            reading=reading,
        )
    return Hit(
        key=key,
        status="fail",
        message=(
            f"{said}称受理申请 {claim.value} 件，表三本年新收为 {new}"
            + (f"、加上年结转为 {new + carried}" if carried is not None else "")
            + "，都不相符；“受理”口径不一，仅作提示"
        ),
        loc=loc,
        refs=refs,
        expected=shown,
        actual=str(claim.value),
        notice=True,
        reading=reading,
    )


def _claims(report: Report, quantities: tuple[str, ...]) -> list[Claim]:
    return [
        c
        for s in sentences(report)
        for c in read_claims(s, report.year)
        if c.quantity in quantities
    ]


def applications(report: Report, issuer: IssuerClass | None) -> list[Hit]:
    """The application counts the prose states against 表三."""
    return [_judge(report, c) for c in _claims(report, _APPLICATION_QUANTITIES)]


def review_litigation(report: Report, issuer: IssuerClass | None) -> list[Hit]:
    """The 行政复议 and 行政诉讼 counts the prose states against 表四."""
    return [_judge(report, c) for c in _claims(report, _REVIEW_QUANTITIES)]


_ALL_CLOSED = re.compile(
    r"(?:所有|全部|均已|均|都已|全部已)\s*(?:的)?\s*(?:申请)?\s*(?:已经?|均已|均)?\s*"
    r"(?:办结|办理完毕|答复完毕|办理完成|处理完毕)"
)
_TIMELY = re.compile(r"按时|按期|依法|在法定期限内|在规定时限内|及时")


def all_closed(report: Report, issuer: IssuerClass | None) -> list[Hit]:
    """ "所有申请均已办结" (or 全部办结 …) while 结转下年度 > 0: the text contradicts itself and
    the table. Statements about timeliness ("均在法定期限内答复") say nothing of completeness
    and are not read."""
    forward = _table_value(report, ("t3.carry_forward.total",))
    hits: list[Hit] = []
    for sentence in sentences(report):
        if "申请" not in sentence.text:
            continue
        for offset, clause in sentence.clauses():
            m = _ALL_CLOSED.search(clause)
            if m is None or _TIMELY.search(clause) or re.search(r"将|确保|力争", clause):
                continue
            at = offset + m.start()
            loc = sentence.loc(at)
            said = f"{where(sentence, at)}{quote(sentence, at, offset + m.end())}"
            key = f"@{loc.line}" if loc.line else "all"
            if forward is None:
                hits.append(
                    Hit(
                        key=key,
                        status="not_assessable",
                        message=f"{said}称申请均已办结，但表三 结转下年度·总计缺失，无法核对",
                        loc=loc,
                        refs=("t3.carry_forward.total",),
                    )
                )
            elif forward > 0:
                hits.append(
                    Hit(
                        key=key,
                        status="fail",
                        message=f"{said}称申请均已办结，而表三 结转下年度·总计为 {forward}，自相矛盾",
                        loc=loc,
                        refs=("t3.carry_forward.total",),
                        expected="0",
                        actual=str(forward),
                        reading="所有申请均已办结（结转下年度应为 0）",
                    )
                )
            else:
                hits.append(
                    Hit(
                        key=key,
                        status="pass",
                        message=f"{said}与表三 结转下年度·总计 0 一致",
                        loc=loc,
                        refs=("t3.carry_forward.total",),
                        reading="所有申请均已办结（结转下年度应为 0）",
                    )
                )
            break
    return hits
