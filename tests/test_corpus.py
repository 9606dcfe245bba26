"""Corpus runs (``gouji.corpus``): the same records in the same order for any number of worker
processes; unreadable files, gouji bugs and dying workers each become one file's record; the
run summary counts what the seeds are known to hold (tests/data/seeds/EXPECTED.md)."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import pytest

from conftest import CORPUS, DATA, SEEDS
from gouji.corpus import (
    CRASH_RULE,
    RunSummary,
    check_paths,
    plugin_problems,
    progress_wanted,
    with_progress,
)
from gouji.corpus.failures import WORKER_DIED
from gouji.engine import Engine
from gouji.errors import GoujiError
from gouji.record import Finding, Record, Summary
from test_plugins import make_home

SEED_FILES = sorted(SEEDS.glob("*.txt"))
PINGTAN = sorted((CORPUS / "pingtan").glob("*.txt"))
HTML = sorted((DATA / "html").glob("*.html"))

EXIT_PLUGIN = """
import os
from gouji.hookspecs import hookimpl

@hookimpl
def gouji_findings(report, ruleset):
    # Test only: a worker that dies on the named files, as one killed by the OS would.
    names = [n for n in os.environ.get("GOUJI_TEST_EXIT_ON", "").split(",") if n]
    if any(report.source.endswith(n) for n in names):
        os._exit(3)
    return []
"""


def _finish(run, timeout: float = 180.0) -> list[Record]:
    """Consume a run in a daemon thread, so a hang fails the test instead of blocking it."""
    out: list[Record] = []
    errors: list[BaseException] = []

    def consume() -> None:
        try:
            out.extend(run)
        except BaseException as exc:  # reported in the test's own thread
            errors.append(exc)

    worker = threading.Thread(target=consume, daemon=True)
    worker.start()
    worker.join(timeout)
    assert not worker.is_alive(), f"the run did not finish within {timeout} s"
    if errors:
        raise errors[0]
    return out


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> list[Path]:
    """Real reports of every layout, files that cannot be read, and repeats, so that more
    files than a window are in flight and finish out of order."""
    tmp = tmp_path_factory.mktemp("mixed")
    not_docx = tmp / "报告.docx"
    not_docx.write_bytes(b"this is no zip archive")
    odd = [tmp / "missing.txt", not_docx, tmp, Path("name\x00with-nul.txt")]
    files = [*SEED_FILES, *PINGTAN, *HTML]
    return [*files[:4], odd[0], *files[4:9], odd[1], *files[9:], odd[2], odd[3], *files, *files]


@pytest.fixture(scope="module")
def in_process(mixed) -> list[str]:
    return [r.model_dump_json() for r in check_paths(mixed, jobs=1)]


def test_in_process_records_are_the_engines_own(mixed, in_process):
    engine = Engine()
    assert len(in_process) == len(mixed)
    for path, dumped in zip(mixed, in_process, strict=True):
        record = Record.model_validate_json(dumped)
        assert record.source == str(path)
        if path.suffix in (".txt", ".html") and path.exists():
            assert dumped == engine.check(path).model_dump_json()
        else:  # missing, not yet readable, a directory, a name no file system accepts
            assert record.verdict == "error"
            assert record.error


@pytest.mark.parametrize("jobs", [2, 3])
def test_worker_processes_give_identical_records_in_order(mixed, in_process, jobs):
    pooled = _finish(check_paths(mixed, jobs=jobs))
    assert [r.model_dump_json() for r in pooled] == in_process


def test_an_exception_on_one_file_is_its_record_and_the_run_goes_on(monkeypatch):
    original = Engine.check_report

    def buggy(self, report, *args, **kwargs):
        if Path(report.source).name.startswith("002_"):
            raise RuntimeError("解析器缺陷\n第二行不给用户看")
        return original(self, report, *args, **kwargs)

    monkeypatch.setattr(Engine, "check_report", buggy)
    records = list(check_paths(SEED_FILES, jobs=1))
    assert [r.source for r in records] == [str(p) for p in SEED_FILES]
    broken = records[2]
    assert broken.verdict == "error"
    assert [f.rule for f in broken.findings] == [CRASH_RULE]
    assert "RuntimeError: 解析器缺陷" in broken.error
    assert "第二行" not in broken.error and "Traceback" not in broken.error
    assert all(r.verdict != "error" for i, r in enumerate(records) if i != 2)


def test_a_dying_worker_costs_its_file_only(tmp_path, monkeypatch):
    home = make_home(tmp_path, {"exits.py": EXIT_PLUGIN})
    files = [*SEED_FILES, *PINGTAN, *SEED_FILES]
    dying = {SEED_FILES[1].name, PINGTAN[3].name}
    expected = [r.model_dump_json() for r in check_paths(files, home=home, jobs=1)]
    monkeypatch.setenv("GOUJI_TEST_EXIT_ON", ",".join(sorted(dying)))
    records = _finish(check_paths(files, home=home, jobs=2))
    assert [r.source for r in records] == [str(p) for p in files]
    for path, record, before in zip(files, records, expected, strict=True):
        if path.name in dying:
            assert record.verdict == "error"
            assert [f.rule for f in record.findings] == [CRASH_RULE]
            assert WORKER_DIED in record.error
        else:
            assert record.model_dump_json() == before


def test_settings_are_checked_before_any_file():
    with pytest.raises(GoujiError, match="未知的规则集"):
        check_paths(SEED_FILES, ruleset="gb2099", jobs=2)
    with pytest.raises(GoujiError, match="--province"):
        check_paths(SEED_FILES, province="火星", jobs=2)
    with pytest.raises(ValueError):
        check_paths(SEED_FILES, jobs=-1)


def test_paths_are_taken_as_the_window_allows():
    taken = 0

    def paths():
        nonlocal taken
        for _ in range(50):
            for path in SEED_FILES:
                taken += 1
                yield path

    run = check_paths(paths(), jobs=2)
    first = next(run)
    assert first.source == str(SEED_FILES[0])
    assert taken <= 2 * 4 + 1  # the window, not the corpus
    run.close()


def _seed_summary() -> RunSummary:
    summary = RunSummary()
    for record in check_paths(SEED_FILES, jobs=2):
        summary.add(record)
    return summary


def test_summary_of_the_seeds():
    """Counts from EXPECTED.md: five 乡镇 reports; 003 (section 三 missing, 表三 lost eight rows,
    section 六 silent on fees) and 004 (three arithmetic failures in two rows and the 总计
    column) fail; 000 repeats a heading; 001's variant title is at most a notice."""
    summary = _seed_summary()
    text = summary.render()
    lines = text.splitlines()
    assert lines[0].startswith("检查报告 5 份：")
    assert "不合格 2" in lines[0]
    assert summary.verdicts["fail"] == 2
    assert summary.verdicts["pass"] + summary.verdicts["warn"] == 3
    assert lines[-1] == "发布主体层级：乡镇 5"
    reports = {rid: n for rid, n, _, _ in summary.top_rules()}
    # 004 fails T3.ROW_TOTAL in two rows: one report.
    assert reports["T3.ROW_TOTAL"] == 1
    assert reports["T3.BALANCE"] == 1
    assert reports["SEC.REQUESTS"] == 1
    assert reports["T3.COMPLETE"] == 1
    assert reports["SEC.PROCESSING_FEE"] == 1
    assert reports["SEC.DUPLICATE"] == 1
    # 000, 001 and 002 must not fail any arithmetic: no other 表三 rule fails anywhere.
    assert {rid for rid in reports if rid.startswith("T3.")} == {
        "T3.ROW_TOTAL",
        "T3.BALANCE",
        "T3.COMPLETE",
    }
    assert any(line.split()[:4] == ["1", "份", "错误", "T3.ROW_TOTAL"] for line in lines)


def _record(name: str, verdict: str, failing: list[tuple[str, str]]) -> Record:
    findings = tuple(
        Finding(rule=r, instance=r, status="fail", severity=s, title=f"{r} 标题", message="")
        for r, s in failing
    )
    return Record(
        source=name,
        sha256="",
        edition="2021",
        engine="t",
        verdict=verdict,
        summary=Summary(),
        findings=findings,
    )


def test_summary_ranks_rules_by_reports_and_keeps_ten():
    summary = RunSummary()
    for i in range(12):
        failing = [(f"R{j:02}", "warning") for j in range(i, 12)]
        summary.add(_record(f"r{i}", "warn", failing))
    summary.add(_record("x", "fail", [("R11", "error"), ("R11", "error")]))
    top = summary.top_rules()
    assert len(top) == 10
    assert top[0] == ("R11", 13, "error", "R11 标题")
    assert [rid for rid, *_ in top[1:3]] == ["R10", "R09"]
    text = summary.render()
    assert "前 10 条" in text and "R01" not in text and "R00" not in text
    assert text.splitlines()[0] == "检查报告 13 份：有警告 12，不合格 1"
    assert text.splitlines()[-1] == "发布主体层级：未识别 13"


def test_an_empty_run_says_so():
    assert RunSummary().render() == "检查报告 0 份：无"


def test_progress_passes_items_through_and_only_on_a_watched_terminal():
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert progress_wanted(io.StringIO(), Tty())
    assert not progress_wanted(Tty(), Tty())
    assert not progress_wanted(io.StringIO(), io.StringIO())
    for enabled in (False, True):
        with with_progress(iter(range(5)), 5, enabled) as items:
            assert list(items) == [0, 1, 2, 3, 4]


def test_plugin_problems_come_from_the_record(tmp_path):
    home = make_home(tmp_path, {"broken.py": "import no_such_module_here\n"})
    record = next(check_paths(SEED_FILES[:1], home=home, jobs=1))
    problems = plugin_problems(record)
    assert len(problems) == 1 and problems[0].startswith("gouji_home_plugins.broken")
