"""The prose against the tables: each count the prose states (``gouji.text.claims``,
``gouji.text.reviews``, ``gouji.text.disclosure``) compared with its cells, and statements that
contradict the tables by themselves ("所有申请均已办结" while 结转下年度 > 0).

A claim that agrees gives a passing hit (the record shows what was read and checked); one that
disagrees fails only when its sentence is unambiguous, and is a notice otherwise; one whose
cells are absent cannot be judged. 表三 and 表四 claims are compared with the 总计 column (the
prose counts all applicants), 表二 claims with their own cell.
"""

from __future__ import annotations

import re

from ..issuer import IssuerClass
from ..model import Report
from ..vocabulary import cell_name, vocabulary
from .claims import Claim, claims_of
from .disclosure import read_t2
from .hits import Hit, quote, where
from .prefilter import holds, trigger
from .sentences import sentences
from .tables import keys_of, name_of, split_quantity, table_value
from .totals import applicant_claims

_APPLICATION_QUANTITIES = (
    "new", "accepted", "carried_over", "closed", "carry_forward", "granted", "partial",
    "granted+partial", "denied", "unable", "rejected", "other",
)  # fmt: skip
_REVIEW_QUANTITIES = ("review", "suits")


def _names(report: Report, quantity: str) -> tuple[str, str]:
    """(what is counted, the cell) in Chinese, for messages."""
    if quantity.startswith("t2."):
        name = cell_name(quantity, report.edition).replace(".", "·")
        return name, name
    return name_of(quantity)


def _judge(report: Report, claim: Claim) -> Hit:
    sentence = claim.sentence
    loc = sentence.loc(claim.start)
    said = f"{where(sentence, claim.start)}{quote(sentence, claim.start, claim.end)}"
    name, cell = _names(report, claim.quantity)
    unit = "" if claim.quantity.startswith("t2.") else " 件"
    reading = f"{name} {'不超过 ' if claim.partial else ''}{claim.value}{unit}"
    if claim.why:
        reading += f"（{claim.why}）"
    key = f"{claim.quantity}@{loc.line}" if loc.line else claim.quantity
    row, column = split_quantity(claim.quantity)
    if row == "accepted":
        return _judge_accepted(report, claim, said, reading, key, loc)
    keys = keys_of(report, claim.quantity)
    common = {"key": key, "loc": loc, "refs": keys, "reading": reading}
    if (
        claim.quantity.startswith("t2.")
        and claim.quantity not in vocabulary(report.edition).cell_keys
    ):
        return Hit(
            status="not_assessable",
            message=f"{said}述及{name}，但本报告的表二（{report.edition} 年格式）没有此项，无法核对",
            **common,
        )
    # A single 表二 cell left blank states nothing; nor do 表三 applicant columns left blank
    # (many pages fill only the 总计 column).
    blank_as_zero = not claim.quantity.startswith("t2.") and column is None
    table = table_value(report, keys, blank_as_zero=blank_as_zero)
    if table is None:
        return Hit(
            status="not_assessable",
            message=f"{said}述及{name}，但{cell}缺失或未填写，无法核对",
            **common,
        )
    if _read_from_prose(report, keys):
        return Hit(
            status="not_assessable",
            message=f"{said}述及{name}；{cell}的连写数字正是按正文所述拆分读出的，不能据此核对",
            **common,
        )
    agrees = claim.value <= table if claim.partial else claim.value == table
    if agrees:
        return Hit(
            status="pass",
            message=f"{said}与{cell} {table} 一致",
            expected=str(table),
            actual=str(claim.value),
            **common,
        )
    relation = f"超过了{cell} {table}" if claim.partial else f"而{cell}为 {table}"
    doubt = f"；该句含义不确定（{claim.why}），仅作提示" if not claim.exact else ""
    return Hit(
        status="fail",
        message=f"{said}称{name} {claim.value}{unit}，{relation}，正文与表格不一致{doubt}",
        expected=str(table),
        actual=str(claim.value),
        notice=not claim.exact,
        **common,
    )


def _read_from_prose(report: Report, keys: tuple[str, ...]) -> bool:
    """Whether a cell was read by the prose's own counts (``digits.prose``): checking that
    prose against it would be circular."""
    codes = {n.id: n.code for n in report.notes}
    return any(
        codes.get(n) == "digits.prose"
        for k in keys
        if k in report.cells
        for n in report.cells[k].notes
    )


def _judge_accepted(report: Report, claim: Claim, said: str, reading: str, key: str, loc) -> Hit:
    """受理 is 新收, or 新收 + 上年结转: right under either reading is right."""
    _, column = split_quantity(claim.quantity)
    new_keys = keys_of(report, f"new:{column}" if column else "new")
    carried_keys = keys_of(report, f"carried_over:{column}" if column else "carried_over")
    new = table_value(report, new_keys, blank_as_zero=column is None)
    carried = table_value(report, carried_keys, blank_as_zero=column is None)
    refs = (*new_keys, *carried_keys)
    where_ = f"·{name_of(claim.quantity)[1].rsplit('·', 1)[1]}" if column else "·总计"
    if new is None:
        return Hit(
            key=key,
            status="not_assessable",
            message=f"{said}述及受理申请，但表三 本年新收{where_}缺失或未填写，无法核对",
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
            message=f"{said}与表三（本年新收，或本年新收加上年结转）{where_} {shown} 一致",
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
            f"{said}称受理申请 {claim.value} 件，表三本年新收{where_}为 {new}"
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
    return [c for read in claims_of(report) for c in read if c.quantity in quantities]


def applications(report: Report, issuer: IssuerClass | None) -> list[Hit]:
    """The application counts the prose states against 表三, and its split by applicant
    against 表三's 自然人 and 法人或其他组织 columns."""
    claims = _claims(report, _APPLICATION_QUANTITIES)
    year = report.year
    for sentence, read in zip(sentences(report), claims_of(report), strict=True):
        claims += applicant_claims(sentence, year, read)
    claims.sort(key=lambda c: (c.sentence.index, c.start))
    return [_judge(report, c) for c in claims]


def review_litigation(report: Report, issuer: IssuerClass | None) -> list[Hit]:
    """The 行政复议 and 行政诉讼 counts the prose states against 表四."""
    return [_judge(report, c) for c in _claims(report, _REVIEW_QUANTITIES)]


def active_disclosure(report: Report, issuer: IssuerClass | None) -> list[Hit]:
    """The 表二 counts the prose states (documents issued, repealed, in force; decisions)."""
    return [
        _judge(report, c)
        for s in sentences(report)
        for c in read_t2(s, report.year, report.edition)
    ]


_ALL_CLOSED = re.compile(
    r"(?:所有|全部|均已|均|都已|全部已)\s*(?:的)?\s*(?:申请)?\s*(?P<done>已经?|均已|均)?\s*"
    r"(?P<timely>按时|按期|及时|依法|在法定期限内|在规定时限内)?\s*"
    r"(?:办结|办理完毕|答复完毕|办理完成|处理完毕)"
)
_CLOSED_WORDS = trigger("办结", "完毕", "办理完成")
"""What ``_ALL_CLOSED`` needs (办理完毕、答复完毕、处理完毕 hold 完毕)."""
_TIMELY = re.compile(r"按时|按期|依法|在法定期限内|在规定时限内|及时")
"""Timeliness: "均在法定期限内答复" says every answer was on time, not that every application
was closed — unless the sentence also says they are closed already ("均已按时办结")."""


def all_closed(report: Report, issuer: IssuerClass | None) -> list[Hit]:
    """ "所有申请均已办结" (or 全部办结 …) while 结转下年度 > 0: the text contradicts itself and
    the table. Statements about timeliness ("均在法定期限内答复") say nothing of completeness
    and are not read."""
    forward = table_value(report, ("t3.carry_forward.total",))
    hits: list[Hit] = []
    for sentence in sentences(report):
        if "申请" not in sentence.text or not holds(_CLOSED_WORDS, sentence.text):
            continue
        for offset, clause in sentence.clauses():
            m = _ALL_CLOSED.search(clause)
            if m is None or re.search(r"将|确保|力争", clause):
                continue
            if _TIMELY.search(clause) and "已" not in m.group():
                continue
            at = offset + m.start()
            loc = sentence.loc(at)
            said = f"{where(sentence, at)}{quote(sentence, at, offset + m.end())}"
            common = {
                "key": f"@{loc.line}" if loc.line else "all",
                "loc": loc,
                "refs": ("t3.carry_forward.total",),
            }
            if forward is None:
                hits.append(
                    Hit(
                        status="not_assessable",
                        message=f"{said}称申请均已办结，但表三 结转下年度·总计缺失，无法核对",
                        **common,
                    )
                )
            elif forward > 0:
                hits.append(
                    Hit(
                        status="fail",
                        message=f"{said}称申请均已办结，而表三 结转下年度·总计为 {forward}，自相矛盾",
                        expected="0",
                        actual=str(forward),
                        reading="所有申请均已办结（结转下年度应为 0）",
                        **common,
                    )
                )
            else:
                hits.append(
                    Hit(
                        status="pass",
                        message=f"{said}与表三 结转下年度·总计 0 一致",
                        reading="所有申请均已办结（结转下年度应为 0）",
                        **common,
                    )
                )
            break
    return hits
