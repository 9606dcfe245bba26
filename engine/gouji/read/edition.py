"""Which national format a report's tables follow.

The report year says which format *should* be used; the tables' own wording says which one
*was* used (some units keep an old template after a change). Tables are read with the format they
were written in, and the disagreement is noted for the rules.
"""

from __future__ import annotations

from ..model import Edition, EditionEvidence
from ..vocabulary import fingerprints
from .labels import normalize_label

MIN_TABLE_WORDS = 2
"""Header phrases of one format that must be found before they override the report's year."""


def edition_for_year(year: int | None) -> Edition | None:
    if year is None:
        return None
    if year <= 2018:
        return "legacy"
    return "2019" if year <= 2020 else "2021"


def detect_edition(year: int | None, label_texts: list[str]) -> EditionEvidence:
    """Decide the edition from the year and the table fingerprints found among label pieces."""
    joined = "".join(normalize_label(t) for t in label_texts)
    hits: dict[str, list[str]] = {}
    for edition, phrases in fingerprints().items():
        hits[edition] = [p for p in phrases if normalize_label(p) in joined]
    by_tables: Edition | None = None
    if len(hits["2021"]) != len(hits["2019"]):
        by_tables = "2021" if len(hits["2021"]) > len(hits["2019"]) else "2019"  # type: ignore[assignment]
    by_year = edition_for_year(year)
    if by_tables is not None and by_year is not None and len(hits[by_tables]) < MIN_TABLE_WORDS:
        # One phrase is prose, not a table ("…政府集中采购…" in a 2017 report's text): the
        # tables' wording overrides the year only when the table's headers are there.
        by_tables = None
    found = tuple(hits.get(by_tables, ())) if by_tables else ()
    if by_tables is not None:
        decided = "tables"
    elif by_year is not None:
        decided = "year"
    else:
        decided = "default"
    return EditionEvidence(
        by_year=by_year, by_tables=by_tables, fingerprints=found, decided_by=decided
    )


def chosen(evidence: EditionEvidence) -> Edition:
    if evidence.by_tables is not None:
        return evidence.by_tables
    if evidence.by_year is not None:
        return evidence.by_year
    return "2021"
