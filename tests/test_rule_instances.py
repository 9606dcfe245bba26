"""Every table rule judges the same instances of every report of an edition, each once.

The rule engine takes shortcuts (``gouji.dsl.evaluate``): a value rule over counts groups its
cells by their parser notes once per report, a comparison's plain passes are counted in runs,
a comparison read for a message is not read again. Whatever shortcut a report takes — clean
seeds, crawler dumps with notes on every row, pages with absent and blank cells, generated
reports with unbalanced tables — the instances a rule judges are fixed by the rule alone: the
same instance ids, none lost, none twice, when every instance is listed (``passes="each"``),
and as many counted when passes are aggregated.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from functools import cache

import pytest

import gouji
import layouts as L
from gouji.dsl import ast
from gouji.engine import Engine
from gouji.model import Report
from real_reports import real_reports


@cache
def engine() -> Engine:
    return Engine()


def _table_rules(report: Report) -> set[str]:
    loaded = engine().select(report, None)
    assert loaded is not None
    table = (ast.Comparison, ast.RequireValue)
    return {r.id for r in loaded.rules if isinstance(r.syntax.statement, table)}


def _reports() -> list[Report]:
    out = [
        gouji.parse(r.path.read_bytes(), name=r.path.name)
        for r in real_reports()
        if r.path.suffix.lower() != ".pdf"
    ]
    rnd = random.Random(14)
    for i in range(40):  # blanks, dashes and unbalanced sums: every slow path
        family = L.FAMILIES[i % len(L.FAMILIES)]
        values = {k: rnd.choice([0, 0, 1, 2, 7, "", "-"]) for k in L.CELL_KEYS}
        out.append(
            gouji.parse(L.render(family, values).encode(), name=f"g{i}", kind=L.KIND.get(family))
        )
    return [r for r in out if r.is_report and r.edition in ("2019", "2021")]


@cache
def instances_by_edition() -> dict[str, dict[str, list[tuple[str, Counter[str], int]]]]:
    """Per edition and table rule: for each report, its listed instance ids and the count of
    instances the aggregated record gives the rule."""
    out: dict[str, dict[str, list[tuple[str, Counter[str], int]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for report in _reports():
        each = engine().check_report(report, passes="each")
        aggregate = engine().check_report(report)
        listed: dict[str, Counter[str]] = defaultdict(Counter)
        for f in each.findings:
            listed[f.rule][f.instance] += 1
        counted = Counter({p.rule: p.instances for p in aggregate.passed})
        for f in aggregate.findings:
            counted[f.rule] += 1
        for rule in _table_rules(report):
            ids = listed[rule]
            if set(ids) == {rule} and rule not in counted:
                continue  # the rule does not apply to this report: one not_applicable finding
            out[report.edition][rule].append((report.source, ids, counted[rule]))
    return out


def test_the_reports_cover_both_editions_and_many_shapes():
    by_edition = instances_by_edition()
    assert set(by_edition) == {"2019", "2021"}
    assert len(next(iter(by_edition["2021"].values()))) >= 60


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_each_table_rule_judges_the_same_instances_of_every_report_each_once(edition):
    for rule, seen in instances_by_edition()[edition].items():
        first_source, first_ids, _ = seen[0]
        assert all(n == 1 for n in first_ids.values()), (rule, first_source)
        for source, ids, counted in seen:
            assert ids == first_ids, (rule, source, set(ids) ^ set(first_ids))
            assert counted == sum(ids.values()), (rule, source)
