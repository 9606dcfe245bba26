"""Passing instances counted per rule (the default) against listed one by one (``--show all``):
the same verdicts, the same problems, the same counts, on every real report at hand."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

import gouji
from gouji.baseline import Baseline, Waiver
from gouji.engine import Engine
from gouji.passing import Tally
from gouji.record import Record

DATA = Path(__file__).parent / "data"
REAL = [
    *sorted((DATA / "seeds").glob("*.txt")),
    *sorted((DATA / "corpus" / "pingtan").glob("*.txt")),
    DATA / "extracted" / "huaian-2024.pypdf.txt",
    *sorted((DATA / "pairs").glob("*.txt"))[:12],
]
SEED_004 = next((DATA / "seeds").glob("004_*.txt"))


@cache
def engine() -> Engine:
    return Engine()


@cache
def both(path: Path) -> tuple[Record, Record]:
    report = engine().parse(path)
    return engine().check_report(report), engine().check_report(report, passes="each")


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_counted_passes_say_what_listed_passes_say(path: Path) -> None:
    counted, listed = both(path)
    assert counted.verdict == listed.verdict
    assert counted.summary == listed.summary
    assert listed.passed == ()
    assert all(f.status != "pass" for f in counted.findings)
    assert counted.findings == tuple(f for f in listed.findings if f.status != "pass")
    passes = [f for f in listed.findings if f.status == "pass"]
    assert {p.rule: p.instances for p in counted.passed} == dict(Counter(f.rule for f in passes))
    for entry in counted.passed:
        mine = [f for f in passes if f.rule == entry.rule]
        assert (entry.title, entry.severity, entry.cite) == (
            mine[0].title,
            mine[0].severity,
            mine[0].cite,
        )
        assert entry.extraction == sum(f.responsibility == "extraction" for f in mine)
        assert entry.assumptions == tuple(dict.fromkeys(a for f in mine for a in f.assumptions))
    assert counted.summary.passed == sum(p.instances for p in counted.passed)


def test_seed_004_record_is_a_list_of_problems_and_a_count_of_rules() -> None:
    counted, listed = both(SEED_004)
    assert [f.instance for f in counted.findings if f.status == "fail"] == [
        "T3.BALANCE[total]",
        "T3.ROW_TOTAL[unable_not_held]",
        "T3.ROW_TOTAL[results_total]",
    ]
    balance = next(p for p in counted.passed if p.rule == "T3.BALANCE")
    assert balance.instances == 6  # 自然人, the five 法人或其他组织 columns; 总计 fails
    # the record's JSON shrinks more than tenfold for the same verdict
    assert len(listed.model_dump_json()) > 10 * len(counted.model_dump_json())


def test_a_pass_resting_on_blank_cells_keeps_the_assumption() -> None:
    """平潭 2022's crawler dump runs 表三's digits together: nearly every pass rests on how the
    parser split them, and the counted entry keeps each such note once."""
    counted, listed = both(DATA / "corpus" / "pingtan" / "czj-2022.txt")
    assumed = [f for f in listed.findings if f.status == "pass" and f.assumptions]
    assert len(assumed) > 600
    entries = {p.rule: p for p in counted.passed}
    for f in assumed:
        assert set(f.assumptions) <= set(entries[f.rule].assumptions)


def test_records_share_a_passed_rule_made_once() -> None:
    """Most rules hold on the same instances in report after report: such a ``PassedRule`` is
    made once and shared (it is frozen); one that differs in any field is its own."""
    seeds = sorted((DATA / "seeds").glob("*.txt"))
    first, second = both(seeds[0])[0], both(seeds[1])[0]
    made = {p.rule: p for p in first.passed}
    same = [p for p in second.passed if p == made.get(p.rule)]
    assert len(same) > 20 and all(p is made[p.rule] for p in same)
    dump = both(DATA / "corpus" / "pingtan" / "czj-2022.txt")[0]
    other = [p for p in dump.passed if p.rule in made and p != made[p.rule]]
    assert other and all(p.assumptions or p.instances != made[p.rule].instances for p in other)


def test_a_plugin_pass_is_counted_with_the_rules() -> None:
    """PUB.DEADLINE comes from the built-in plugin's ``gouji_findings``: its pass is counted
    like a rule file's."""
    counted, listed = both(next((DATA / "seeds").glob("002_*.txt")))
    (deadline,) = [f for f in listed.findings if f.rule == "PUB.DEADLINE"]
    assert deadline.status == "pass"
    assert [p.instances for p in counted.passed if p.rule == "PUB.DEADLINE"] == [1]
    assert not [f for f in counted.findings if f.rule == "PUB.DEADLINE"]


def test_a_baseline_keeps_the_counted_passes() -> None:
    counted, _ = both(SEED_004)
    waiver = Waiver("*004_*.txt", "T3.BALANCE[total]", "待更正", __import__("datetime").date.max)
    waived = Baseline((waiver,)).apply(counted)
    assert waived.passed == counted.passed
    assert waived.summary.passed == counted.summary.passed
    assert (waived.summary.waived, waived.summary.errors) == (1, 2)


def test_unknown_passes_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="passes must be"):
        Tally("some")  # type: ignore[arg-type]


def test_library_check_takes_the_mode() -> None:
    counted = gouji.check(SEED_004)
    listed = gouji.check(SEED_004, passes="each")
    assert counted.passed and not listed.passed
    assert counted.summary == listed.summary


def _cli(*args: str) -> list[dict]:
    done = subprocess.run(
        [sys.executable, "-m", "gouji", "check", str(SEED_004), "--format", "json", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr  # seed 004 fails
    return json.loads(done.stdout)


def test_cli_json_counts_passes_unless_show_all() -> None:
    (counted,) = _cli()
    (listed,) = _cli("--show", "all")
    assert counted["summary"] == listed["summary"]
    assert {p["rule"]: p["instances"] for p in counted["passed"]}["T3.BALANCE"] == 6
    assert listed["passed"] == []
    statuses = Counter(f["status"] for f in listed["findings"])
    assert statuses["pass"] == counted["summary"]["passed"]
    assert "pass" not in {f["status"] for f in counted["findings"]}


def test_schema_describes_passed_rules() -> None:
    schema = Record.model_json_schema()
    assert schema["properties"]["passed"]["items"] == {"$ref": "#/$defs/PassedRule"}
    assert set(schema["$defs"]["PassedRule"]["required"]) == {
        "rule",
        "title",
        "severity",
        "instances",
    }
