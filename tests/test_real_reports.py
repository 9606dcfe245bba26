"""Every real report gouji has, checked cell by cell against what a person read in its source,
and its verdict against the defects a person found in it (``real_reports.py`` lists them).

The promises users rely on most: a number is never read wrong; a report without a defect is
never failed (不合格) on an error that is not its own; every known defect is reported.
"""

from __future__ import annotations

import pytest

import gouji
from gouji.engine import Engine
from real_reports import cell_outcome, fails, real_reports

REPORTS = real_reports()
ENGINE = Engine()


def _checked(real):
    report = gouji.parse(real.path)
    return report, ENGINE.check_report(report)


CACHE: dict[str, tuple] = {}


def checked(real):
    if real.id not in CACHE:
        CACHE[real.id] = _checked(real)
    return CACHE[real.id]


@pytest.mark.parametrize("real", REPORTS, ids=[r.id for r in REPORTS])
def test_no_cell_is_read_wrong(real):
    report, _ = checked(real)
    wrong = {
        k: (v, report.cells[k].value, report.cells[k].semantic)
        for k, v in real.truth.items()
        if cell_outcome(v, report.cells[k]) == "wrong"
    }
    assert wrong == {}


@pytest.mark.parametrize("real", REPORTS, ids=[r.id for r in REPORTS])
def test_every_known_defect_is_reported(real):
    _, record = checked(real)
    assert [d for d in real.defects if not fails(record, d)] == []


@pytest.mark.parametrize("real", REPORTS, ids=[r.id for r in REPORTS])
def test_no_error_that_is_not_the_reports_own(real):
    _, record = checked(real)
    false = [
        (f.instance, f.responsibility, f.message)
        for f in record.findings
        if f.status == "fail"
        and f.severity == "error"
        and f.instance not in real.defects
        and f.rule not in real.defects
    ]
    assert false == []
    if not real.defects:
        assert record.verdict in ("pass", "warn", "not_applicable")


@pytest.mark.parametrize(
    "real",
    [r for r in REPORTS if r.group in ("seeds", "huaian") and "pdfminer" not in r.id],
    ids=lambda r: r.id,
)
def test_every_cell_of_the_seeds_and_huaian_is_exact(real):
    report, _ = checked(real)
    assert all(cell_outcome(v, report.cells[k]) == "exact" for k, v in real.truth.items())
