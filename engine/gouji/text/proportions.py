"""Percentages in the prose (``gouji.text.shares``) against 表三: the share computed from the
cells must round — or truncate, as many reports do — to the stated figure.

A share fits when the computed value lies in [stated − ½ unit, stated + 1 unit), the unit being
the last digit stated (1 for "50%", 0.01 for "42.86%"): 45.38 % fits "45.4%" (rounded) and
"45.3%" (truncated). The share is tried against each whole it may be a share of; one that fits
any passes. A share of a named whole that fits none fails; any other is a notice.
"""

from __future__ import annotations

from decimal import Decimal

from ..issuer import IssuerClass
from ..model import Report
from .hits import Hit, quote, where
from .sentences import sentences
from .shares import Share, read_shares
from .tables import CELL_NAMES, NAMES, keys_of, table_value

_WHOLES = {
    "results_total": "办理结果总计",
    "new": "本年新收",
    "new+carried": "本年新收与上年结转之和",
}


def _whole(report: Report, whole: str) -> tuple[int | None, tuple[str, ...]]:
    if whole == "new+carried":
        keys = ("t3.new.total", "t3.carried_over.total")
    else:
        keys = keys_of(report, whole)
    return table_value(report, keys), keys


def fits(stated: Decimal, decimals: int, computed: Decimal) -> bool:
    """``computed`` rounds or truncates to ``stated`` at ``decimals`` places."""
    unit = Decimal(1).scaleb(-decimals)
    return stated - unit / 2 <= computed < stated + unit


def _judge(report: Report, share: Share) -> Hit:
    sentence = share.sentence
    loc = sentence.loc(share.start)
    said = f"{where(sentence, share.start)}{quote(sentence, share.start, share.end)}"
    part = share.quantity.removeprefix("pct:")
    name = "办结率" if part == "closed" else f"{NAMES[part]}所占比例"
    numerator_keys = keys_of(report, "results_total" if part == "closed" else part)
    numerator = table_value(report, numerator_keys)
    wholes = [(w, *_whole(report, w)) for w in share.whole]
    refs = tuple(dict.fromkeys(numerator_keys + tuple(k for _, _, ks in wholes for k in ks)))
    reading = f"{name} {share.value}%（占{'或'.join(_WHOLES[w] for w in share.whole)}）"
    if share.why:
        reading += f"（{share.why}）"
    common = {"key": f"{share.quantity}@{loc.line}", "loc": loc, "refs": refs, "reading": reading}
    usable = [(w, v) for w, v, _ in wholes if v]
    if numerator is None or not usable:
        why = (
            "表中相关单元格缺失"
            if numerator is None or all(v is None for _, v, _ in wholes)
            else "表中总数为 0"
        )
        return Hit(
            status="not_assessable", message=f"{said}述及{name}，但{why}，无法核对", **common
        )
    computed = [(w, Decimal(100 * numerator) / Decimal(v)) for w, v in usable]
    shown = "；".join(f"占{_WHOLES[w]}为 {c:.2f}%" for w, c in computed)
    numerator_name = CELL_NAMES["results_total" if part == "closed" else part]
    if any(fits(share.value, share.decimals, c) for _, c in computed):
        return Hit(
            status="pass",
            message=f"{said}与表三一致（{numerator_name} {numerator}，{shown}）",
            expected=shown,
            actual=f"{share.value}%",
            **common,
        )
    doubt = f"；{share.why}，仅作提示" if not share.exact else ""
    return Hit(
        status="fail",
        message=(
            f"{said}称{name}为 {share.value}%，而按表三计算（{numerator_name} {numerator}）"
            f"{shown}，正文与表格不一致{doubt}"
        ),
        expected=shown,
        actual=f"{share.value}%",
        notice=not share.exact,
        **common,
    )


def percentages(report: Report, issuer: IssuerClass | None) -> list[Hit]:
    """The shares of 表三 quantities the prose states, against the shares computed from 表三."""
    return [
        _judge(report, share) for s in sentences(report) for share in read_shares(s, report.year)
    ]
