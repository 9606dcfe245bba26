"""The library surface: ``gouji.parse``, ``gouji.check``, ``gouji.Engine``; no hidden global
state, so engines with different rules homes share a process and threads."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import gouji
from conftest import CORPUS, SEEDS
from test_plugins import make_home

SEED_004 = next(SEEDS.glob("004_*.txt"))

STRICT_PLUGIN = """
from gouji.hookspecs import hookimpl
from gouji.record import Finding

@hookimpl
def gouji_findings(report, ruleset):
    return [Finding(rule="LOCAL.SEEN", instance="LOCAL.SEEN", status="fail", severity="error",
                    title="本地插件", message=f"本地插件检查了 {report.issuer}")]
"""


def test_check_accepts_a_path_bytes_or_text():
    by_path = gouji.check(SEED_004)
    by_bytes = gouji.check(SEED_004.read_bytes())
    by_text = gouji.check(SEED_004.read_text(encoding="utf-8"))
    failing = {f.instance for f in by_path.findings if f.status == "fail"}
    assert {"T3.BALANCE[total]", "T3.ROW_TOTAL[unable_not_held]"} <= failing
    for other in (by_bytes, by_text):
        assert [f.model_dump() for f in other.findings] == [
            f.model_dump() for f in by_path.findings
        ]


def test_check_options_and_errors():
    record = gouji.check(SEED_004, ruleset="gb2021", province="新疆")
    assert record.ruleset.id == "gb2021"
    assert record.issuer_class.province == "新疆维吾尔自治区"
    with pytest.raises(gouji.GoujiError, match="未知的规则集 nope"):
        gouji.check(SEED_004, ruleset="nope")
    with pytest.raises(gouji.SourceError):
        gouji.check(Path("no/such/report.txt"))


def test_two_engines_with_different_homes_in_threads(tmp_path):
    national = gouji.Engine(make_home(tmp_path / "a", {}))
    local = gouji.Engine(make_home(tmp_path / "b", {"strict.py": STRICT_PLUGIN}))
    files = [*sorted(SEEDS.glob("*.txt")), *sorted((CORPUS / "pingtan").glob("*.txt"))]
    expected = {
        (name, path): engine.check(path).model_dump_json()
        for name, engine in (("national", national), ("local", local))
        for path in files
    }
    jobs = [(name, path) for _ in range(3) for name, path in expected]
    engines = {"national": national, "local": local}
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda job: engines[job[0]].check(job[1]), jobs))
    for job, record in zip(jobs, results, strict=True):
        assert record.model_dump_json() == expected[job]
        judged = record.ruleset is not None  # the 2018 report has no statutory tables to judge
        assert any(f.rule == "LOCAL.SEEN" for f in record.findings) == (
            judged and job[0] == "local"
        )


def test_a_plugin_file_of_the_same_name_in_two_homes_stays_apart(tmp_path):
    one = STRICT_PLUGIN.replace("LOCAL.SEEN", "ONE.SEEN")
    two = STRICT_PLUGIN.replace("LOCAL.SEEN", "TWO.SEEN")
    first = gouji.Engine(make_home(tmp_path / "a", {"local.py": one}))
    second = gouji.Engine(make_home(tmp_path / "b", {"local.py": two}))
    assert {f.rule for f in first.check(SEED_004).findings} >= {"ONE.SEEN"}
    assert "ONE.SEEN" not in {f.rule for f in second.check(SEED_004).findings}
    assert "TWO.SEEN" in {f.rule for f in second.check(SEED_004).findings}


def test_empty_text_is_empty_input_not_the_working_directory():
    with pytest.raises(gouji.SourceError, match="为空"):
        gouji.parse("")
    assert gouji.parse("   ").is_report is False


def test_the_package_says_it_is_typed():
    # PEP 561: type checkers read gouji's own annotations (issue 14).
    from importlib.resources import files

    assert files("gouji").joinpath("py.typed").is_file()
