"""Every reading a sentence gives of the tables, in one list: counts of applications and of
复议/诉讼 (``claims``, ``reviews``), 表二 counts (``disclosure``) and percentages (``shares``).
The evaluation (benchmarks/eval_text_rules.py) scores them all with this."""

from __future__ import annotations

from ..model import Report
from .claims import Claim, read_claims
from .disclosure import read_t2
from .sentences import Sentence
from .shares import Share, read_shares


def readings(sentence: Sentence, report: Report) -> list[Claim | Share]:
    """The sentence's readings, in the order the readers give them."""
    return (
        read_claims(sentence, report.year)
        + read_t2(sentence, report.year, report.edition)
        + read_shares(sentence, report.year)
    )
