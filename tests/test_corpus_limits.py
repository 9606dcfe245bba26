"""Per-file limits in corpus runs (issue 13, item 2): one file past its time or memory limit is
one ``INPUT.LIMIT`` record, and every other file is checked exactly as in a run without it.

Slow and stuck files are made by a test plugin (plugins run inside the workers): ``sleeps``
waits where the worker's alarm can interrupt it; ``stuck`` first blocks the alarm signal, as
native code that never returns to the interpreter would ignore it, so only the parent's watch
(deadline + grace, then kill) can end it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SEEDS
from gouji.cli import main
from gouji.corpus import check_paths
from gouji.corpus.limits import GRACE_SECONDS, LIMIT_RULE, Limits
from gouji.engine import Engine
from test_corpus import _finish
from test_plugins import make_home

SEED_FILES = sorted(SEEDS.glob("*.txt"))

SLOW_PLUGIN = """
import os, signal, time
from gouji.hookspecs import hookimpl

@hookimpl
def gouji_findings(report, ruleset):
    # Test only: a check that takes far too long on the named files.
    name = os.path.basename(report.source)
    if name in os.environ.get("GOUJI_TEST_SLOW", "").split(","):
        time.sleep(300)
    if name in os.environ.get("GOUJI_TEST_STUCK", "").split(","):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(300)
    return []
"""


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    return make_home(tmp_path_factory.mktemp("limits"), {"slow.py": SLOW_PLUGIN})


@pytest.fixture(scope="module")
def expected(home) -> list[str]:
    return [r.model_dump_json() for r in check_paths(SEED_FILES, home=home, jobs=1)]


def assert_only_stopped(records, expected, stopped: str, seconds: float) -> None:
    assert [r.source for r in records] == [str(p) for p in SEED_FILES]
    for path, record, before in zip(SEED_FILES, records, expected, strict=True):
        if path.name == stopped:
            assert record.verdict == "error"
            assert [f.rule for f in record.findings] == [LIMIT_RULE]
            assert f"检查超过 {seconds:g} 秒的时限" in record.error
        else:
            assert record.model_dump_json() == before


def test_a_slow_file_in_a_worker_is_stopped_at_its_deadline(home, expected, monkeypatch):
    monkeypatch.setenv("GOUJI_TEST_SLOW", SEED_FILES[1].name)
    start = time.monotonic()
    run = check_paths(SEED_FILES, home=home, jobs=2, limits=Limits(seconds=5, memory_mb=0))
    records = _finish(run, timeout=120)
    assert_only_stopped(records, expected, SEED_FILES[1].name, 5)
    assert time.monotonic() - start < 60  # not the plugin's 300 s


def test_a_file_stuck_where_no_alarm_reaches_is_killed_by_the_parent(home, expected, monkeypatch):
    monkeypatch.setenv("GOUJI_TEST_STUCK", SEED_FILES[3].name)
    start = time.monotonic()
    run = check_paths(SEED_FILES, home=home, jobs=2, limits=Limits(seconds=5, memory_mb=0))
    records = _finish(run, timeout=150)
    assert_only_stopped(records, expected, SEED_FILES[3].name, 5)
    assert time.monotonic() - start < 5 + GRACE_SECONDS + 60


def test_a_slow_file_in_process_is_stopped_too(home, expected, monkeypatch):
    monkeypatch.setenv("GOUJI_TEST_SLOW", SEED_FILES[0].name)
    records = list(check_paths(SEED_FILES, home=home, jobs=1, limits=Limits(seconds=3)))
    assert_only_stopped(records, expected, SEED_FILES[0].name, 3)


MEMORY_CHILD = """
import json, sys
from pathlib import Path
from gouji.corpus import worker
from gouji.corpus.limits import Limits
from gouji.engine import Engine

settings = worker.Settings(home=sys.argv[1], ruleset=None, province=None, plugins=False,
                           limits=Limits(seconds=0, memory_mb=400))
worker.start(settings)
original = Engine.parse

def greedy(self, path):
    if Path(path).name == sys.argv[2]:
        hoard = [bytearray(50 * 1024 * 1024) for _ in range(100)]  # 5 GB, past the 400 MB cap
    return original(self, path)

Engine.parse = greedy
records = [worker.check_one(Path(p)).record for p in sys.argv[3:]]
print(json.dumps([[r.verdict, [f.rule for f in r.findings][:1], r.error] for r in records]))
"""


def test_a_worker_past_its_memory_cap_records_the_file_and_goes_on():
    greedy = SEED_FILES[2]
    files = [str(p) for p in SEED_FILES[1:4]]
    home = str(Engine().home)
    done = subprocess.run(
        [sys.executable, "-c", MEMORY_CHILD, home, greedy.name, *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    records = json.loads(done.stdout.strip().splitlines()[-1])
    verdict, rules, error = records[1]
    assert (verdict, rules) == ("error", [LIMIT_RULE])
    assert "检查超过 400 MB 的内存上限" in error
    assert "error" not in (records[0][0], records[2][0])  # checked as usual, before and after


@pytest.mark.parametrize(
    "flag", ["--timeout=-1", "--timeout=abc", "--timeout=inf", "--max-memory=-5"]
)
def test_limit_flags_refuse_nonsense(flag, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["check", flag, str(SEED_FILES[0])])
    assert stop.value.code == 2
    assert "应为 0（不限）或正数" in capsys.readouterr().err


def test_limit_flags_reach_the_run(home, monkeypatch, capsys):
    monkeypatch.setenv("GOUJI_TEST_SLOW", SEED_FILES[0].name)
    args = ["--home", str(home), "-j", "1", "--timeout", "3", "--format", "jsonl"]
    code = main(["check", *args, str(SEED_FILES[0])])
    record = json.loads(capsys.readouterr().out.splitlines()[0])
    assert code == 1
    assert [f["rule"] for f in record["findings"]] == [LIMIT_RULE]


@pytest.mark.parametrize(
    ("flags", "jobs", "memory"),
    [
        ([], None, 1024),  # a small run in this process, as usual
        (["--max-memory", "500"], 0, 500),  # asked for: checked in workers so that it holds
        (["--max-memory", "0"], None, 0),  # no limit asked for
        (["-j", "1", "--max-memory", "500"], 1, 500),  # in this process, as asked
        (["-j", "2", "--max-memory", "500"], 2, 500),
    ],
)
def test_a_memory_limit_given_moves_a_small_run_into_workers(flags, jobs, memory, monkeypatch):
    from gouji.commands import check as command

    seen = {}
    real = command.check_reports

    def spy(paths, **kwargs):
        seen.update(jobs=kwargs["jobs"], memory=kwargs["limits"].memory_mb)
        return real(paths, **{**kwargs, "jobs": 1})

    monkeypatch.setattr(command, "check_reports", spy)
    assert main(["check", *flags, "--format", "jsonl", str(SEED_FILES[1])]) == 0
    assert seen == {"jobs": jobs, "memory": memory}
