"""The text detectors a rule can name with ``check text NAME``.

A detector is ``(report, issuer) -> list[Hit]``: it reads the report's sentences and returns one
hit per sentence it judged (an empty list: nothing to report). Adding one is adding an entry
here; the rule file then gives it an id, a title, a severity, a citation and examples.
"""

from __future__ import annotations

from collections.abc import Callable

from ..issuer import IssuerClass
from ..model import Report
from .consistency import active_disclosure, all_closed, applications, review_litigation
from .hits import Hit
from .names import other_units
from .proportions import percentages
from .topics import assessment, general_aspects, subtopics
from .totals import prose_totals
from .years import wrong_years

Detector = Callable[[Report, IssuerClass | None], list[Hit]]

DETECTORS: dict[str, Detector] = {
    "other_units": other_units,
    "wrong_years": wrong_years,
    "applications": applications,
    "review_litigation": review_litigation,
    "percentages": percentages,
    "active_disclosure": active_disclosure,
    "all_closed": all_closed,
    "prose_totals": prose_totals,
    "general_aspects": general_aspects,
    "assessment": assessment,
    "subtopics": subtopics,
}
