"""The pytest plugin, run as users run it (``pytester``) over the real seed reports.

Expectations come from ``data/seeds/EXPECTED.md`` and the severities written in the rule files,
not from running the checker: seed 004 has three arithmetic failures (errors); seed 003 lacks
section 三 and eight 表三 rows (errors: SEC.REQUESTS, T3.COMPLETE); seed 000 repeats a section
heading (SEC.DUPLICATE, a warning); seed 001's section 五 title is an accepted variant (at most a
notice: SEC.TITLES, info); seed 002 must show no arithmetic failure.
"""

from __future__ import annotations

import re
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

# Imported here so in-process pytester runs (which drop modules they import) share them.
import gouji.pytest_plugin.nodes
import gouji.pytest_plugin.session  # noqa: F401
from gouji.engine import Engine

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

pytest_plugins = ["pytester"]

ROOT = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data"
SEEDS = {p.name[:3]: p for p in sorted((DATA / "seeds").glob("*.txt"))}
S004 = SEEDS["004"].name
FAILS_004 = ("T3.BALANCE[total]", "T3.ROW_TOTAL[unable_not_held]", "T3.ROW_TOTAL[results_total]")

# Which seeds fail at each --gouji-fail-on (from EXPECTED.md and the rules' severities). Seed 002
# fails from "warning" on: another unit's name in its text (TEXT.OTHER_UNIT, EXPECTED.md).
FAILING = {
    "error": {"003", "004"},
    "warning": {"000", "002", "003", "004"},
    "info": {"000", "001", "002", "003", "004"},
    "never": set(),
}
NO_TRACEBACK = ("Traceback", "def ", ".py:")
INI = "[pytest]\naddopts = -p no:hypothesispytest -p no:cacheprovider\n"
"""Inner runs leave hypothesis out: its summary hook re-imports it in every in-process run."""


@pytest.fixture
def reports(pytester: pytest.Pytester) -> Path:
    """The five seed reports in ``reports/`` of a fresh project with its own ini (rootdir)."""
    pytester.makeini(INI)
    folder = pytester.path / "reports"
    folder.mkdir()
    for path in SEEDS.values():
        shutil.copy(path, folder / path.name)
    return folder


def outcomes(rec: pytest.HookRecorder) -> dict[str, str]:
    """nodeid → outcome of every item's call phase (or of the phase that ended it)."""
    seen: dict[str, str] = {}
    for rep in rec.getreports("pytest_runtest_logreport"):
        if rep.when == "call" or rep.outcome != "passed":
            outcome = "xfailed" if hasattr(rep, "wasxfail") else rep.outcome
            seen.setdefault(rep.nodeid, "error" if rep.when == "setup" and rep.failed else outcome)
    return seen


def seed_of(nodeid: str) -> str:
    return nodeid.split("/")[-1][:3]


def text_of(result: pytest.RunResult) -> str:
    return result.stdout.str()


def assert_no_traceback(text: str) -> None:
    for marker in NO_TRACEBACK:
        assert marker not in text, f"{marker!r} in output:\n{text}"


def write_baseline(pytester: pytest.Pytester, *waivers: tuple[str, str, str, str]) -> None:
    body = "".join(
        f'[[waiver]]\nreport = "{r}"\nrule = "{rule}"\nreason = "{why}"\nexpires = {until}\n\n'
        for r, rule, why, until in waivers
    )
    (pytester.path / "gouji-baseline.toml").write_text(body, encoding="utf-8")


def gb2021_rule_ids() -> set[str]:
    """Rule ids declared in the files of ruleset gb2021 (read from rulesets.toml, not run)."""
    spec = tomllib.loads((ROOT / "rulesets.toml").read_text(encoding="utf-8"))
    ids: set[str] = set()
    for pattern in spec["rulesets"]["gb2021"]["files"]:
        for path in ROOT.glob(pattern):
            ids.update(re.findall(r"^rule (\S+)", path.read_text(encoding="utf-8"), re.M))
    return ids


# --- one item per report -------------------------------------------------------------------


def test_seed_004_fails_with_its_three_findings_and_no_traceback(pytester, reports):
    result = pytester.runpytest("--gouji", "reports")
    result.assert_outcomes(passed=3, failed=2)
    text = text_of(result)
    section = text.split(f"reports/{S004} · 全部规则", 1)[1].split("\n____", 1)[0]
    for instance in FAILS_004:
        assert instance in section
    assert "单元格：表三." in section  # cells by their Chinese names
    assert "≠" in section and "依据：" in section  # the arithmetic and the article
    assert "额敏县额敏镇" in section
    assert_no_traceback(text)
    # the summary section: five reports, two of them failing
    gouji = text.split("= gouji =", 1)[1]
    assert "检查报告 5 份" in gouji and "不合格 2" in gouji


@pytest.mark.parametrize("fail_on", sorted(FAILING))
def test_fail_on_decides_which_seeds_fail(pytester, reports, fail_on):
    rec = pytester.inline_run("--gouji", "reports", "--gouji-fail-on", fail_on)
    seen = {seed_of(nodeid): outcome for nodeid, outcome in outcomes(rec).items()}
    assert set(seen) == set(SEEDS)
    for seed, outcome in seen.items():
        assert outcome == ("failed" if seed in FAILING[fail_on] else "passed"), (seed, outcome)


def test_reportinfo_names_report_and_rule(pytester, reports):
    rec = pytester.inline_run("--gouji", f"reports/{S004}", "--gouji-per-rule")
    failed = [r for r in rec.getreports("pytest_runtest_logreport") if r.failed]
    assert {r.location[2] for r in failed} == {
        f"reports/{S004} · T3.BALANCE",
        f"reports/{S004} · T3.ROW_TOTAL",
    }


# --- one item per rule ---------------------------------------------------------------------


def test_per_rule_items_cover_every_rule_passing_or_failing(pytester, reports):
    rec = pytester.inline_run("--gouji", f"reports/{S004}", "--gouji-per-rule")
    seen = outcomes(rec)
    rules = {nodeid.split("::")[1] for nodeid in seen}
    assert gb2021_rule_ids() <= rules  # every declared rule, also those that pass
    record = Engine().check(SEEDS["004"])
    assert len(seen) == len(record.rules)  # one item per rule judged, listed or counted
    assert {r for r, o in ((n.split("::")[1], o) for n, o in seen.items()) if o == "failed"} == {
        "T3.BALANCE",
        "T3.ROW_TOTAL",
    }
    assert sum(o == "passed" for o in seen.values()) == len(seen) - 2


def test_junitxml_carries_rule_ids(pytester, reports):
    pytester.runpytest("--gouji", "reports", "--junitxml=out.xml")
    cases = ET.parse(pytester.path / "out.xml").findall(".//testcase")
    assert len(cases) == 5
    props = {
        p["gouji_report"]: p
        for p in ({q.get("name"): q.get("value") for q in c.iter("property")} for c in cases)
    }
    p004 = props[f"reports/{S004}"]
    assert p004["gouji_failed_rules"] == "T3.BALANCE,T3.ROW_TOTAL"
    assert set(p004["gouji_failed"].split(",")) == set(FAILS_004)
    assert p004["gouji_verdict"] == "fail"
    assert p004["gouji_issuer"] == "额敏县额敏镇"

    pytester.runpytest("--gouji", f"reports/{S004}", "--gouji-per-rule", "--junitxml=rules.xml")
    xml = (pytester.path / "rules.xml").read_text(encoding="utf-8")
    failed = [
        c.get("name") for c in ET.fromstring(xml).iter("testcase") if c.find("failure") is not None
    ]
    assert sorted(failed) == ["T3.BALANCE", "T3.ROW_TOTAL"]
    assert 'name="T3.BALANCE"' in xml and 'name="T3.COMPLETE"' in xml
    # the report is named once, by the testcase: the message does not repeat its path
    case = next(c for c in ET.fromstring(xml).iter("testcase") if c.get("name") == "T3.BALANCE")
    assert case.get("classname") == f"reports.{S004}"
    message = case.find("failure").get("message")
    assert message.startswith("额敏县额敏镇 2024 年度 · 2021 版格式 · 规则集 gb2021")
    assert S004 not in message


# --- baseline ------------------------------------------------------------------------------


def test_waived_failures_are_xfail_and_unused_waivers_listed(pytester, reports):
    write_baseline(
        pytester,
        (f"reports/{S004}", "T3.BALANCE", "更正件待审核", "2999-12-31"),
        ("004_*.txt", "T3.ROW_TOTAL", "原报告已发布", "2999-12-31"),
        ("reports/999_*.txt", "T3.BALANCE", "已停用单位", "2999-12-31"),
    )
    result = pytester.runpytest("--gouji", "reports", "-rx")
    result.assert_outcomes(passed=3, failed=1, xfailed=1)
    text = text_of(result)
    xfail = next(line for line in text.splitlines() if line.startswith("XFAIL") and S004 in line)
    assert "更正件待审核" in xfail and "原报告已发布" in xfail
    gouji = text.split("= gouji =", 1)[1]
    assert "未使用的豁免" in gouji and "reports/999_*.txt" in gouji and "已停用单位" in gouji
    assert "已过期的豁免" not in gouji


def test_expired_waiver_fails_the_item_saying_so(pytester, reports):
    write_baseline(
        pytester,
        (f"reports/{S004}", "T3.BALANCE[total]", "更正件待审核", "2020-01-01"),
        (f"reports/{S004}", "T3.ROW_TOTAL", "原报告已发布", "2999-12-31"),
    )
    result = pytester.runpytest("--gouji", f"reports/{S004}", "--gouji-per-rule")
    result.assert_outcomes(passed=40, failed=1, xfailed=1)  # one item per rule (13 text rules)
    text = text_of(result)
    failure = text.split("· T3.BALANCE", 1)[1].split("= gouji =", 1)[0]
    assert "T3.BALANCE[total]" in failure and "豁免已过期" in failure and "2020-01-01" in failure
    assert "已过期的豁免" in text.split("= gouji =", 1)[1]
    assert_no_traceback(text)


def test_baseline_option_names_the_file(pytester, reports):
    (pytester.path / "waivers.toml").write_text(
        f'[[waiver]]\nreport = "{S004}"\nrule = "T3.BALANCE"\nreason = "甲"\nexpires = 2999-12-31\n'
        f'[[waiver]]\nreport = "{S004}"\nrule = "T3.ROW_TOTAL"\nreason = "乙"\nexpires = 2999-12-31\n',
        encoding="utf-8",
    )
    result = pytester.runpytest("--gouji", f"reports/{S004}", "--gouji-baseline", "waivers.toml")
    result.assert_outcomes(xfailed=1)


# --- unreadable files, usage errors --------------------------------------------------------


def test_unreadable_report_is_an_error_with_one_line(pytester, reports):
    cut = (DATA / "corpus" / "huaian-2024.pdf").read_bytes()[:50_000]
    (reports / "huaian.pdf").write_bytes(cut)  # a download cut short: unreadable
    (reports / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    result = pytester.runpytest("--gouji", "reports/binary.txt", "reports/huaian.pdf")
    result.assert_outcomes(errors=2)
    text = text_of(result)
    assert "reports/binary.txt:" in text and "reports/huaian.pdf:" in text
    assert "无法检查 2" in text.split("= gouji =", 1)[1]
    assert_no_traceback(text)
    # --gouji-fail-on never: not an error, but still said
    result = pytester.runpytest("--gouji", "reports/binary.txt", "--gouji-fail-on", "never", "-rs")
    result.assert_outcomes(skipped=1)


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        ("--gouji-ruleset", "gb1999", "未知的规则集"),
        ("--gouji-province", "火星", "--province"),
        ("--gouji-baseline", "missing.toml", "基线文件"),
        ("--gouji-home", "nowhere", "找不到规则目录"),
    ],
)
def test_bad_setup_stops_the_run_once(pytester, reports, option, value, said):
    result = pytester.runpytest("--gouji", "reports", option, value)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert said in result.stderr.str()
    assert_no_traceback(result.stdout.str() + result.stderr.str())


def test_legacy_report_is_skipped_as_not_applicable(pytester, reports):
    shutil.copy(DATA / "corpus" / "pingtan" / "czj-2018.txt", reports / "czj-2018.txt")
    result = pytester.runpytest("--gouji", "reports/czj-2018.txt", "-rs")
    result.assert_outcomes(skipped=1)
    assert "不适用" in text_of(result)


# --- turning the plugin on, and leaving it off -------------------------------------------------


ORDINARY = """
import sys

def test_plain(pytestconfig):
    assert pytestconfig.pluginmanager.get_plugin("gouji") is not None  # loaded ...
    assert pytestconfig.pluginmanager.get_plugin("gouji-reports") is None  # ... but off
"""


def test_inactive_without_options(pytester, reports):
    pytester.makepyfile(test_plain=ORDINARY)
    (pytester.path / "data.txt").write_text(SEEDS["004"].read_text(encoding="utf-8"))
    result = pytester.runpytest()
    result.assert_outcomes(passed=1)
    assert "= gouji =" not in text_of(result)


def test_inactive_plugin_builds_nothing(pytester):
    """In a fresh process: nothing beyond the plugin module itself is imported."""
    pytester.makeini(INI)
    pytester.makepyfile(
        test_fresh="""
import sys

def test_nothing_built():
    loaded = [m for m in sys.modules if m.startswith("gouji.pytest_plugin.")]
    assert loaded == [], loaded
    assert "gouji.baseline" not in sys.modules
"""
    )
    result = pytester.runpytest_subprocess()
    result.assert_outcomes(passed=1)


def test_gouji_paths_ini_adds_reports_to_the_default_run(pytester, reports):
    pytester.makeini(INI + "testpaths = tests\ngouji_paths = reports/*.txt\n")
    tests = pytester.mkdir("tests")
    (tests / "test_plain.py").write_text("def test_plain():\n    pass\n")
    (tests / "data").mkdir()
    shutil.copy(SEEDS["004"], tests / "data" / "copy.txt")  # test data, not a report to check
    rec = pytester.inline_run()
    seen = outcomes(rec)
    assert sorted(n for n, o in seen.items() if o == "failed") == [
        f"reports/{SEEDS['003'].name}::gouji",
        f"reports/{S004}::gouji",
    ]
    assert len(seen) == 6 and "tests/test_plain.py::test_plain" in seen
    # paths on the command line replace the default, reports included (as with testpaths) ...
    pytester.inline_run("tests/test_plain.py").assertoutcome(passed=1)
    # ... unless they lead to the reports
    pytester.inline_run("reports").assertoutcome(passed=3, failed=2)


def test_gouji_option_beside_positional_paths(pytester, reports):
    pytester.makepyfile(test_plain="def test_plain():\n    pass\n")
    rec = pytester.inline_run("test_plain.py", "--gouji", f"reports/{S004}")
    rec.assertoutcome(passed=1, failed=1)
    # alone, --gouji replaces the default collection (the plain test is not run)
    pytester.inline_run("--gouji", f"reports/{S004}").assertoutcome(failed=1)


# --- fixtures ------------------------------------------------------------------------------


def test_fixtures_give_records(pytester, reports):
    pytester.makepyfile(
        test_records=f"""
import pytest
from gouji import Record, SourceError

def test_check(gouji_check):
    record = gouji_check("reports/{S004}")
    assert isinstance(record, Record)
    failed = {{f.instance for f in record.findings if f.status == "fail"}}
    assert failed == {set(FAILS_004)!r}

def test_unreadable(gouji_check):
    with pytest.raises(SourceError):
        gouji_check("reports/missing.txt")

@pytest.mark.parametrize(
    "gouji_record", ["reports/{SEEDS["001"].name}", "reports/{SEEDS["002"].name}"], indirect=True
)
def test_record(gouji_record):
    assert gouji_record.summary.errors == 0

def test_record_needs_a_param(gouji_record):
    pass
"""
    )
    result = pytester.runpytest("test_records.py")
    result.assert_outcomes(passed=4, errors=1)
    assert "gouji_record 需要报告路径" in text_of(result)
