"""Digit runs of any length are read in bounded time and memory (issue 13, item 1).

Splitting run-together digits into a row's cells used to be counted by slicing strings: 3 000
digits took 12 s, 10 000 digits (a 10 KB file) 5 minutes, a million exhausted memory; and a
cell of more than 4 300 digits leaked Python's ``ValueError`` from ``int()``. A run longer than
its row's cells can hold (``MAX_CELL_DIGITS`` each) is now refused before anything is counted,
the count goes by position, and a numeral longer than ``MAX_NUMERAL`` is text, never converted.
Each case runs in a child process capped at 1 GB (``bounded.py``).
"""

from __future__ import annotations

import docx
import pytest

from gouji.read.values import MAX_CELL_DIGITS, MAX_NUMERAL, MAX_RUN

from .bounded import run_bounded

HEAD = "2024年度政府信息公开工作年度报告\\n三、收到和处理政府信息公开申请情况\\n"
LABEL = "一、本年新收政府信息公开申请数量"

PARSE = """
import gouji
report = gouji.parse(TEXT.encode("utf-8"), name=NAME)
cells = [report.cells["t3.new." + c] for c in ("natural", "total")]
result = {"semantic": [c.semantic for c in cells],
          "codes": sorted({n.code for n in report.notes})}
"""


def parse_in_child(text: str, name: str):
    return run_bounded(f"TEXT = {text}\nNAME = {name!r}\n{PARSE}")


@pytest.mark.parametrize("digits", [150, 3_000, 10_000, 1_000_000])
def test_a_run_of_any_length_in_a_crawler_dump(digits):
    # Up to MAX_RUN digits the run is the row's and refused by its length (more than 7 cells
    # can hold); longer, it is no table's digits at all and the row has no values.
    run = parse_in_child(f'"{HEAD}{LABEL}" + "1" * {digits}', "dump.txt")
    assert run.result["semantic"] == ["absent", "absent"]
    expected = "digits.ambiguous" if digits <= MAX_RUN else "table.unread"
    assert expected in run.result["codes"]
    assert run.peak_mb < 1024 and run.seconds < 60


def test_the_longest_run_a_row_can_hold_is_still_counted():
    # 7 cells of at most MAX_CELL_DIGITS digits: 7 × 12 ones cut only one way; two fewer cut
    # many ways (refused as ambiguous) — both counted at once.
    run = parse_in_child(f'"{HEAD}{LABEL}" + "1" * {7 * MAX_CELL_DIGITS}', "dump.txt")
    assert run.result["semantic"] == ["number", "number"]
    run = parse_in_child(f'"{HEAD}{LABEL}" + "1" * {7 * MAX_CELL_DIGITS - 2}', "dump.txt")
    assert run.result["semantic"] == ["absent", "absent"]
    assert "digits.ambiguous" in run.result["codes"]
    assert run.seconds < 60


@pytest.mark.parametrize(
    ("name", "row"),
    [
        ("page.html", '"<table><tr><td>' + LABEL + '</td>" + "<td>" + "1" * 5000 + "</td>" * 7'),
        ("cells.txt", f'"{LABEL}\\t" + "\\t".join(["1" * 5000] * 7)'),
        ("pipes.md", f'"|{LABEL}|" + "|".join(["1" * 5000] * 7) + "|"'),
        ("spaced.txt", f'"{LABEL} " + " ".join(["1" * 5000] * 7)'),
    ],
)
def test_a_cell_longer_than_any_figure_is_text_not_a_crash(name, row):
    # 5 000 digits: past both MAX_NUMERAL and Python's 4 300-digit int() limit.
    run = parse_in_child(f'"{HEAD}" + {row}', name)
    assert set(run.result["semantic"]) <= {"absent", "text"}
    assert MAX_NUMERAL < 5000


def test_a_docx_paragraph_with_a_huge_run(tmp_path):
    path = tmp_path / "report.docx"
    document = docx.Document()
    document.add_paragraph("2024年度政府信息公开工作年度报告")
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    document.add_paragraph(LABEL + "1" * 20_000)
    document.save(path)
    code = f"""
import gouji
report = gouji.parse({str(path)!r})
result = sorted({{n.code for n in report.notes}})
"""
    run = run_bounded(code)
    assert "table.unread" in run.result
    assert run.peak_mb < 1024 and run.seconds < 60
