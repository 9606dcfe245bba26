"""Running ``gouji check`` on a bad file beside a good report, and proving nothing was touched.

Every robustness case makes the same promises (issue 6): the bad file gets a clear record, the
good report in the same run is checked exactly as it is when checked alone, the exit status is
the documented one, no traceback is printed, and no file in the folder is written, modified or
added. ``check_beside_seed`` runs the command in this process and asserts all but the first;
the test asserts what the bad file's record says.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from gouji.cli import main

SEEDS = Path(__file__).parent.parent / "data" / "seeds"
GOOD_SEED = next(SEEDS.glob("000_*.txt"))
"""A real report (新疆 托里县多拉特乡 2024) whose only failure is a warning: checked alone it
exits 0, so any exit 1 in a run beside it comes from the bad file."""
GOOD_NAME = "good.txt"

Snapshot = dict[str, tuple[str, int, int]]


@dataclass(frozen=True)
class CheckRun:
    """One ``gouji check --format jsonl`` run: exit status, records by file name, stderr."""

    code: int
    records: dict[str, dict]
    stderr: str

    def errors_about(self, name: str) -> list[str]:
        """The ``gouji: …`` lines of stderr that name ``name``."""
        return [
            line for line in self.stderr.splitlines() if line.startswith("gouji: ") and name in line
        ]

    def assert_unreadable(self, name: str, message: str) -> None:
        """``name`` got exactly one error record saying ``message``, and one stderr line; the
        run failed (exit 1) because of it."""
        record = self.records[name]
        assert (record["verdict"], record["error"]) == ("error", message)
        assert [(f["rule"], f["status"], f["message"]) for f in record["findings"]] == [
            ("INPUT.UNREADABLE", "fail", message)
        ]
        assert self.errors_about(name) == [f"gouji: {message}"]
        assert self.code == 1


def snapshot(folder: Path) -> Snapshot:
    """Every entry under ``folder`` (symlinks not followed): sha256, mtime (ns) and size."""
    found: Snapshot = {}
    for root, dirs, files in os.walk(folder):
        for name in sorted(dirs + files):
            path = Path(root) / name
            stat = path.lstat()
            digest = _sha256(path) if path.is_file() and not path.is_symlink() else ""
            found[str(path.relative_to(folder))] = (digest, stat.st_mtime_ns, stat.st_size)
    return found


def _sha256(path: Path) -> str:
    """Read in chunks: the 200 MB case must not cost 200 MB to hash."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def comparable(record: dict) -> dict:
    """A record without what depends on where and under which name the file was checked."""
    return {k: v for k, v in record.items() if k != "source"}


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    """A folder holding the good seed report as ``good.txt``; tests add the bad files."""
    folder = tmp_path / "run"
    folder.mkdir()
    shutil.copyfile(GOOD_SEED, folder / GOOD_NAME)
    return folder


def _check(capsys: pytest.CaptureFixture[str], *args: str) -> CheckRun:
    code = main(["check", "--format", "jsonl", "-j", "1", *args])
    out, err = capsys.readouterr()
    records = [json.loads(line) for line in out.splitlines()]
    return CheckRun(code, {Path(r["source"]).name: r for r in records}, err)


@pytest.fixture
def check_beside_seed(run_dir: Path, capsys: pytest.CaptureFixture[str]) -> Callable[..., CheckRun]:
    """``check(*bad_files)``: check them and ``good.txt`` in one run, bad files first.

    Asserts what every case promises: the folder is unchanged (no file written, modified or
    added), no traceback and no crash record, and the good report's record is identical to the
    one it gets when checked alone.
    """
    alone = _check(capsys, str(run_dir / GOOD_NAME))
    assert alone.code == 0, alone.stderr

    def check(*bad: Path, args: tuple[str, ...] = ()) -> CheckRun:
        before = snapshot(run_dir)
        run = _check(capsys, *args, *map(str, bad), str(run_dir / GOOD_NAME))
        assert snapshot(run_dir) == before
        assert "Traceback" not in run.stderr
        assert len(run.records) == len(bad) + 1
        for record in run.records.values():
            assert all(f["rule"] != "INPUT.CRASH" for f in record["findings"]), record
        assert comparable(run.records[GOOD_NAME]) == comparable(alone.records[GOOD_NAME])
        return run

    return check
