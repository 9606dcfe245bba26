"""Shared test data: the real seed reports and corpus files, parsed once per session."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

import gouji
from gouji.model import Cell, Report

# The suite never writes to the user's cache folder (gouji.cache): one fresh cache per session,
# inherited by the gouji processes tests start, removed at the end.
os.environ["GOUJI_CACHE_DIR"] = _SESSION_CACHE = tempfile.mkdtemp(prefix="gouji-test-cache-")
atexit.register(shutil.rmtree, _SESSION_CACHE, ignore_errors=True)

DATA = Path(__file__).parent / "data"
SEEDS = DATA / "seeds"

OFFICE_RULE = """
rule OFFICE.NO_PENALTIES
  title    "本地：报告期内不应有行政处罚"
  severity error
  cite     "（测试用）某办公室工作要求"
  applies  edition 2021
  check 表二.行政处罚.处理决定 == 0
  example pass { }
  example fail { 表二.行政处罚.处理决定 = 1 }
end
"""
"""An office's own rule for a test rules home: seed 001 (行政处罚 18) fails it, seed 004 passes."""
CORPUS = DATA / "corpus"
EXTRACTED = DATA / "extracted"
T3_COLUMNS = ("natural", "commercial", "research", "nonprofit", "legal", "other_org", "total")
T4_COLUMNS = ("upheld", "corrected", "other", "pending", "total")

# 淮安市人民政府 2024 (corpus/huaian-2024.pdf), every cell typed from the PDF by a person; the
# corpus README's 表三 totals and 表四 row agree. Used by the PDF-text test and as the fixed
# values of the round trip.
HUAIAN_T2 = {
    "t2.regulations.issued": 1,
    "t2.regulations.repealed": 0,
    "t2.regulations.in_force": 11,
    "t2.normative_docs.issued": 8,
    "t2.normative_docs.repealed": 26,
    "t2.normative_docs.in_force": 66,
    "t2.licensing.decisions": 447228,
    "t2.penalty.decisions": 3985758,
    "t2.coercion.decisions": 88283,
    "t2.fees.amount": Decimal("96171.6"),
}
HUAIAN_T3 = {
    "new": (3001, 53, 0, 0, 61, 4, 3119),
    "carried_over": (34, 0, 0, 0, 0, 0, 34),
    "granted": (1288, 21, 0, 0, 50, 3, 1362),
    "partial": (447, 7, 0, 0, 0, 0, 454),
    "denied_secret": (2, 0, 0, 0, 0, 0, 2),
    "denied_law": (30, 1, 0, 0, 0, 0, 31),
    "denied_safety": (5, 0, 0, 0, 0, 0, 5),
    "denied_third_party": (6, 0, 0, 0, 0, 0, 6),
    "denied_internal": (7, 1, 0, 0, 0, 0, 8),
    "denied_process": (12, 0, 0, 0, 0, 0, 12),
    "denied_enforcement": (9, 0, 0, 0, 0, 0, 9),
    "denied_query": (105, 0, 0, 0, 0, 0, 105),
    "unable_not_held": (746, 12, 0, 0, 10, 1, 769),
    "unable_create": (11, 0, 0, 0, 0, 0, 11),
    "unable_unclear": (1, 0, 0, 0, 0, 0, 1),
    "rejected_petition": (56, 6, 0, 0, 0, 0, 62),
    "rejected_repeat": (25, 0, 0, 0, 0, 0, 25),
    "rejected_publication": (0, 0, 0, 0, 0, 0, 0),
    "rejected_mass": (0, 0, 0, 0, 0, 0, 0),
    "rejected_confirm": (1, 0, 0, 0, 0, 0, 1),
    "other_no_correction": (67, 3, 0, 0, 1, 0, 71),
    "other_no_fee": (6, 0, 0, 0, 0, 0, 6),
    "other_other": (108, 2, 0, 0, 0, 0, 110),
    "results_total": (2932, 53, 0, 0, 61, 4, 3050),
    "carry_forward": (103, 0, 0, 0, 0, 0, 103),
}
HUAIAN_T4 = {
    "review": (72, 64, 178, 37, 351),
    "suit_direct": (13, 4, 8, 1, 26),
    "suit_after_review": (12, 1, 1, 6, 20),
}
HUAIAN = {
    **HUAIAN_T2,
    **{
        f"t3.{row}.{col}": v
        for row, vals in HUAIAN_T3.items()
        for col, v in zip(T3_COLUMNS, vals, strict=True)
    },
    **{
        f"t4.{block}.{col}": v
        for block, vals in HUAIAN_T4.items()
        for col, v in zip(T4_COLUMNS, vals, strict=True)
    },
}


@cache
def parsed(path: str) -> Report:
    """Parse a test file once; reports are immutable, so sharing them is safe."""
    return gouji.parse(Path(path))


@cache
def seed_expectations() -> dict[str, dict]:
    """expected-cells.json (copied unchanged from shared/seeds), absent rows expanded to keys."""
    raw = json.loads((SEEDS / "expected-cells.json").read_text(encoding="utf-8"))
    out = {}
    for name, entry in raw.items():
        cells = dict(entry["cells"])
        for row in entry["absent_rows"]:
            for col in T3_COLUMNS:
                cells[f"t3.{row}.{col}"] = None
        out[name] = {**entry, "cells": cells}
    return out


def assert_seed_cell(cell: Cell, value: int | None) -> None:
    """A cell read exactly as expected-cells.json has it: its number (an ``int``, an explicit 0
    as ``zero``), or — for ``None``, a cell of a lost row — absent with no text at all. Where the
    cell sits is each reader's own business (a line, a page, a grid), asserted by its tests."""
    if value is None:
        assert (cell.semantic, cell.value, cell.raw) == ("absent", None, None)
    else:
        assert cell.value == Decimal(str(value))
        assert type(cell.value) is int
        assert cell.semantic == ("zero" if value == 0 else "number")


@pytest.fixture
def seed_report():
    def load(prefix: str) -> Report:
        path = next(SEEDS.glob(f"{prefix}_*.txt"))
        return parsed(str(path))

    return load
