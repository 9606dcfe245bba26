"""Percentages the prose states about applications: "办结率100%", "予以公开及部分公开的42件，占
42.86%", "不予公开占7.3%".

A percentage is read only when it is a share of a 表三 quantity:

- 办结率、办复率、答复率 → the applications closed (办理结果总计) as a share of those to be handled.
  Not 按期办结率 / 按时 / 及时 (timeliness), and not in a sentence about hotline requests,
  letters, messages or proposals (12345 办结率, 县长信箱办结率);
- "<result> [N 件] 占 X%" for a result of 表三 (予以公开, 部分公开, 予以公开及部分公开, 不予公开,
  无法提供, 不予处理, 其他处理/其他情况) in a sentence about applications — not shares of
  channels (网络申请占…), of information items (主动公开的政府信息占…) or of anything else.

What it is a share *of* decides whether it can fail. The sentence may name the whole: "所有答复件
中", "共办理 N 件，其中…", "占办结总数的" — then the share is compared with that cell alone and a
mismatch fails. Otherwise (the common case) the whole is 办理结果总计, 本年新收, or 新收 + 上年结转,
and a share that fits none of them is a notice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .claims import AGGREGATE, COMPARISON, FUTURE, other_year
from .prefilter import holds, trigger
from .sentences import Sentence

PERCENT = r"(?P<pct>\d+(?:\.\d+)?)\s*[%％]"
_PERCENT_SIGN = trigger("%", "％")
"""What every share needs (``PERCENT``)."""
_RATE = re.compile(rf"(?<![按时期及])(?P<word>办结率|办复率|答复率)[^，。；\d]{{0,4}}?{PERCENT}")
_NOT_APPLICATIONS = re.compile(
    r"热线|信箱|来信|信件|留言|诉求|工单|建议|提案|投诉|咨询|举报|信访|12345|事项办理|办件"
)
_RESULTS = {
    "予以公开及部分公开": "granted+partial",
    "予以公开或部分公开": "granted+partial",
    "予以公开和部分公开": "granted+partial",
    "予以公开、部分公开": "granted+partial",
    "予以公开": "granted",
    "部分公开": "partial",
    "不予公开": "denied",
    "无法提供": "unable",
    "不予处理": "rejected",
    "其他处理": "other",
    "其他情况": "other",
}
_RESULT = re.compile("|".join(sorted(_RESULTS, key=len, reverse=True)))
_SHARE = re.compile(rf"^[^。；%％]{{0,30}}?占(?:比)?(?:[^\d。；%％]{{0,12}}?)?{PERCENT}")
_CHANNEL = re.compile(r"网络|网上|信函|当面|邮寄|传真|电子邮件|窗口|平台")
_WHOLE_RESULTS = re.compile(
    r"(?:所有|全部)(?:答复|办结|办理)(?:件|的申请)?中"
    r"|(?:办理|答复|办结|处理)[^，。；]{0,20}?\d+\s*件[^，。；]{0,4}[，,]?\s*其中"
    r"|办理结果中|占(?:全部|所有|已)?(?:答复|办结|办理)(?:件|申请)?(?:件数|总数|总量|数)?的"
)


@dataclass(frozen=True, slots=True)
class Share:
    """One percentage the prose states: ``quantity`` is ``pct:closed`` (办结率) or
    ``pct:<result>``; ``whole`` the cells it may be a share of (``results_total``, ``new``,
    ``new+carried``) — one when the sentence names it; ``exact`` that a mismatch may fail."""

    quantity: str
    value: Decimal
    sentence: Sentence
    start: int
    end: int
    whole: tuple[str, ...]
    exact: bool
    why: str = ""

    @property
    def decimals(self) -> int:
        exponent = self.value.as_tuple().exponent
        return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def read_shares(sentence: Sentence, year: int | None) -> list[Share]:
    """Every share of a 表三 quantity the sentence states, in order."""
    text = sentence.text
    if year is None or len(text) > 600 or not holds(_PERCENT_SIGN, text):
        return []
    if _NOT_APPLICATIONS.search(text):
        return []
    if not re.search(r"申请|答复|办结|办复", text):
        return []
    aggregate = bool(AGGREGATE.search(text))
    out: list[Share] = []
    for m in _RATE.finditer(text):
        if not _usable(text, m.start(), year):
            continue
        why = "句中所述可能是本地区各单位的合计" if aggregate else "未说明办结率的计算口径"
        out.append(
            Share("pct:closed", Decimal(m["pct"]), sentence, m.start(), m.end(),
                  ("new+carried", "new"), False, why)
        )  # fmt: skip
    results = list(_RESULT.finditer(text))
    for n, m in enumerate(results):
        stop = results[n + 1].start() if n + 1 < len(results) else len(text)
        share = _SHARE.match(text[m.end() : stop])
        if share is None or not _usable(text, m.start(), year):
            continue
        if _CHANNEL.search(share.group()) or "信息" in share.group():
            continue
        named = bool(_WHOLE_RESULTS.search(text[: m.start()] + share.group()))
        whole = ("results_total",) if named else ("results_total", "new", "new+carried")
        why = (
            "句中所述可能是本地区各单位的合计"
            if aggregate
            else ""
            if named
            else "未说明是占哪一总数的比例"
        )
        out.append(
            Share(f"pct:{_RESULTS[m.group()]}", Decimal(share["pct"]), sentence, m.start(),
                  m.end() + share.end(), whole, named and not aggregate, why)
        )  # fmt: skip
    return out


def _usable(text: str, at: int, year: int) -> bool:
    """The clause holding position ``at`` is about this year, not a plan or a comparison."""
    start = max(text.rfind(ch, 0, at) for ch in "，,；;。") + 1
    ends = [i for i in (text.find(ch, at) for ch in "，,；;。") if i != -1]
    clause = text[start : min(ends) if ends else len(text)]
    return not (FUTURE.search(clause) or COMPARISON.search(clause) or other_year(clause, year))
