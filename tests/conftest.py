"""Shared test data: the real seed reports and corpus files, parsed once per session."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

import gouji
from gouji.model import Report

DATA = Path(__file__).parent / "data"
SEEDS = DATA / "seeds"
CORPUS = DATA / "corpus"
EXTRACTED = DATA / "extracted"
T3_COLUMNS = ("natural", "commercial", "research", "nonprofit", "legal", "other_org", "total")


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


@pytest.fixture
def seed_report():
    def load(prefix: str) -> Report:
        path = next(SEEDS.glob(f"{prefix}_*.txt"))
        return parsed(str(path))

    return load
