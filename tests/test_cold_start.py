"""What keeps ``gouji check FILE`` quick to start (issue 14): heavy modules are imported only
when an input or output needs them, and a small run is checked in the command's own process
instead of paying for worker processes. Nothing here is timed: the numbers are in
``benchmarks/bench_cold_start.py``."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import SEEDS
from gouji import ingest
from gouji.corpus import check_paths, pool, run
from gouji.engine import NO_TEXT_LAYER
from gouji.ingest import pdf

SEED_FILES = sorted(SEEDS.glob("*.txt"))
HEAVY = (
    "pdfplumber",
    "pdfminer",
    "openpyxl",
    "lxml",
    "docx",
    "rich",
    "opencc",
    "hypothesis",
    "lark",
    "multiprocessing",
    "concurrent.futures",
    "gouji.ingest.pdf",
    "gouji.ingest.pdf_worker",
    "pypdfium2",
    "gouji.ingest.docx_zip",
    "gouji.corpus.pool",
)
"""Modules a text report checked to text output needs none of (PDF, DOCX and HTML readers, the
xlsx writer, the progress bar, the rule parser once its trees are cached, the worker pool)."""

_LOADED_AFTER = """
import json, sys
from gouji.cli import main
status = main(sys.argv[1:])
heavy = json.loads({heavy!r})
print(json.dumps(sorted(m for m in heavy if m in sys.modules)))
"""


def _loaded_after(*argv: str) -> list[str]:
    """The heavy modules a fresh process has imported after running ``gouji ARGV``."""
    code = _LOADED_AFTER.format(heavy=json.dumps(HEAVY))
    done = subprocess.run(
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.splitlines()[-1])


def test_checking_text_reports_imports_no_heavy_module():
    argv = ("check", "--fail-on", "never", *map(str, SEED_FILES))
    _loaded_after(*argv)  # the session's cache now holds the rule trees and the gazetteer
    assert _loaded_after(*argv) == []


def test_a_folder_of_a_few_reports_is_checked_without_workers():
    assert "multiprocessing" not in _loaded_after("check", "--fail-on", "never", str(SEEDS))


def test_json_output_and_parse_import_no_heavy_module():
    assert (
        _loaded_after("check", "--format", "json", "--fail-on", "never", str(SEED_FILES[0])) == []
    )
    assert _loaded_after("parse", str(SEED_FILES[0])) == []


def test_the_no_text_note_is_the_pdf_readers_own():
    assert NO_TEXT_LAYER == pdf.NO_TEXT_LAYER


@pytest.mark.parametrize(
    ("data", "docx", "is_pdf"),
    [
        (b"PK\x03\x04 word/document.xml", True, False),
        (b"PK\x03\x04 a plain zip", False, False),
        (b"%PDF-1.7\n...", False, True),
        (b"junk" * 10 + b"%PDF-1.4", False, True),
        (b"x" * 2000 + b"%PDF-1.4", False, False),  # past the PDF reader's header window
        ("政府信息公开工作年度报告".encode(), False, False),
    ],
)
def test_content_sniffing_agrees_with_the_readers(data, docx, is_pdf):
    from gouji.ingest.docx_zip import looks_like_docx

    assert ingest._is_docx(data, "<bytes>") is docx is looks_like_docx(data)
    assert ingest._is_pdf(data, "<bytes>") is is_pdf is pdf.is_pdf(data)


# --- how many processes a run gets --------------------------------------------------------------


@pytest.mark.parametrize(
    ("cores", "files", "jobs"),
    [
        (8, 1, 1),
        (8, 2 * run.FILES_PER_WORKER - 1, 1),
        (8, 2 * run.FILES_PER_WORKER, 2),
        (8, 100 * run.FILES_PER_WORKER, 8),
        (2, 10_000, 2),
        (1, 10_000, 1),
        (4, None, 4),
    ],
)
def test_the_default_number_of_processes_follows_the_run_size(monkeypatch, cores, files, jobs):
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    assert run.default_jobs(files) == jobs


def _no_pool(monkeypatch) -> list[int]:
    started: list[int] = []

    def fake(paths, settings, jobs, window):
        started.append(jobs)
        raise AssertionError("no pool expected")

    monkeypatch.setattr(pool, "pooled", fake)
    return started


def test_a_small_run_is_checked_in_this_process_by_default(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    started = _no_pool(monkeypatch)
    records = list(check_paths(SEED_FILES))
    assert [r.source for r in records] == [str(p) for p in SEED_FILES] and started == []


@pytest.mark.parametrize(("jobs", "expected"), [(0, 5), (3, 3)])
def test_a_pool_is_started_when_asked(monkeypatch, jobs, expected):
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    started = _no_pool(monkeypatch)
    with pytest.raises(AssertionError, match="no pool expected"):
        list(check_paths(SEED_FILES, jobs=jobs))
    assert started == [expected]  # never more workers than files


def test_the_command_leaves_the_choice_to_the_run_size():
    from gouji.cli import _parser

    args = _parser().parse_args(["check", "x.txt"])
    assert args.jobs is None
    assert _parser().parse_args(["check", "-j", "0", "x.txt"]).jobs == 0


@pytest.mark.parametrize("enabled", [True, False])
def test_importing_gouji_leaves_the_collector_as_it_found_it(enabled):
    code = f"import gc\nif not {enabled}: gc.disable()\nimport gouji\nprint(gc.isenabled())"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == str(enabled)


def test_importing_gouji_keeps_nothing_from_the_collector():
    code = "import gc\nimport gouji\nprint(gc.get_freeze_count())"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "0"
