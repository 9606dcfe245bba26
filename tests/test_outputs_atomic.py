"""Outputs an operator can rely on (issue 13, item 6): every ``--output`` file appears whole or
not at all, a full disk names the output file, a terminated or killed run leaves no worker
behind, and an xlsx is byte-identical from one run to the next.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

import gouji.render.outputs as outputs
from conftest import SEEDS
from gouji.cli import main

SEED_FILES = sorted(SEEDS.glob("*.txt"))
PREVIOUS = '{"previous": "run"}'


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_an_output_appears_only_when_the_run_finished_it(tmp_path, monkeypatch, capsys):
    target = tmp_path / "out.json"
    target.write_text(PREVIOUS, encoding="utf-8")
    calls = []

    def interrupted(self, record, report=None):
        calls.append(record.source)
        if len(calls) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(outputs.Outputs, "add", interrupted)
    code = main(["check", "-j", "1", "--output", f"json:{target}", *map(str, SEED_FILES)])
    assert code == 130
    assert target.read_text(encoding="utf-8") == PREVIOUS
    assert leftovers(tmp_path) == []


def test_a_finished_output_replaces_the_previous_one_with_the_usual_permissions(tmp_path):
    target = tmp_path / "out.json"
    target.write_text(PREVIOUS, encoding="utf-8")
    main(["check", "-j", "1", "--output", f"json:{target}", str(SEED_FILES[0])])
    records = json.loads(target.read_text(encoding="utf-8"))
    assert [r["source"] for r in records] == [str(SEED_FILES[0])]
    assert leftovers(tmp_path) == []
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux /dev/full")
def test_a_full_disk_names_the_output_file(tmp_path, monkeypatch, capsys):
    # /dev/full fails every write with ENOSPC, as a full disk does.
    target = tmp_path / "out.sarif"
    target.write_text(PREVIOUS, encoding="utf-8")
    real_init = outputs.AtomicFile.__init__

    def onto_full_disk(self, path, binary):
        real_init(self, path, binary)
        self.file.close()
        self.file = open("/dev/full", "wb" if binary else "w", encoding=None if binary else "utf-8")  # noqa: SIM115

    monkeypatch.setattr(outputs.AtomicFile, "__init__", onto_full_disk)
    code = main(["check", "-j", "1", "--output", f"sarif:{target}", *map(str, SEED_FILES)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"gouji: 无法写入 {target}（No space left on device）" in err.splitlines()
    assert "内部错误" not in err and "Traceback" not in err
    assert target.read_text(encoding="utf-8") == PREVIOUS
    assert leftovers(tmp_path) == []


def test_xlsx_is_byte_identical_from_run_to_run(tmp_path):
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    main(["check", "-j", "1", "--output", f"xlsx:{first}", *map(str, SEED_FILES)])
    time.sleep(1.1)  # the zip entries and the workbook's properties used to carry the time
    main(["check", "-j", "1", "--output", f"xlsx:{second}", *map(str, SEED_FILES)])
    assert first.read_bytes() == second.read_bytes()


# --- no orphan workers --------------------------------------------------------------------------


def processes_marked(mark: str) -> list[int]:
    """Live processes whose environment carries ``mark`` (the run and its workers inherit it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().split(") ", 1)[1][0]
        except OSError:
            continue
        if f"GOUJI_TEST_MARK={mark}".encode() in environ and state != "Z":
            found.append(int(entry.name))
    return found


def running_corpus(tmp_path: Path, mark: str) -> subprocess.Popen:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(300):
        (corpus / f"r{i:03}.txt").write_bytes(SEED_FILES[i % len(SEED_FILES)].read_bytes())
    env = {**os.environ, "GOUJI_TEST_MARK": mark}
    command = [sys.executable, "-m", "gouji", "check", "-j", "2", "--format", "jsonl"]
    run = subprocess.Popen(
        [*command, "--output", f"json:{tmp_path / 'out.json'}", str(corpus)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    deadline = time.monotonic() + 60
    while len(processes_marked(mark)) < 3 and time.monotonic() < deadline:
        time.sleep(0.2)  # the run and its two workers
    assert len(processes_marked(mark)) >= 3
    return run


def gone(mark: str, within: float = 15) -> bool:
    deadline = time.monotonic() + within
    while processes_marked(mark) and time.monotonic() < deadline:
        time.sleep(0.2)
    return not processes_marked(mark)


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")
def test_sigterm_stops_the_run_its_workers_and_drops_the_unfinished_output(tmp_path):
    mark = uuid.uuid4().hex
    run = running_corpus(tmp_path, mark)
    run.send_signal(signal.SIGTERM)
    _, err = run.communicate(timeout=60)
    assert run.returncode == 128 + signal.SIGTERM
    assert "gouji: 已终止" in err.decode("utf-8")
    assert gone(mark)
    assert not (tmp_path / "out.json").exists() and leftovers(tmp_path) == []


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")
def test_sigkill_of_the_run_leaves_no_worker_behind(tmp_path):
    mark = uuid.uuid4().hex
    run = running_corpus(tmp_path, mark)
    run.kill()
    run.wait(timeout=30)
    assert gone(mark)
