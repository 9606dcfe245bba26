"""Every real report under tests/data with what a person established it holds.

Shared by the tests (``test_real_reports.py``) and the benchmark (``benchmarks/bench_real.py``),
so the numbers in the README and the assertions in CI come from one list:

- the five seeds: cells from ``seeds/expected-cells.json``, defects from ``seeds/EXPECTED.md``;
- the 平潭 财政金融局 dumps 2019–2024 (``corpus/pingtan``) and the pair set (``pairs/*.txt``):
  cells as the page's own HTML table prints them (``pairs/truth/*.json``, typed by a person from
  the HTML; ``benchmarks/pairs.py`` checks them against the dumps and the identities); and some
  of those saved pages themselves (``pairs/html``), read against the same truth;
- the 淮安 2024 PDF and four extractions of its text (``corpus``, ``extracted``): cells typed
  from the PDF (``conftest.HUAIAN``).

``defects`` are the failures a person found in the report itself: rule instances gouji must
report as failing (error or warning). A report with none is clean: an error-level failure on
it is a false one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from conftest import CORPUS, DATA, EXTRACTED, HUAIAN, SEEDS, T3_COLUMNS
from gouji.model import Cell
from gouji.read.values import parse_value

PAIRS = DATA / "pairs"


@dataclass(frozen=True)
class RealReport:
    id: str
    path: Path
    group: str
    truth: dict[str, object]
    """Canonical key → int, Decimal, "" (printed blank) or the cell's text; None: not in the
    source (must be read as absent)."""
    defects: tuple[str, ...] = ()
    """Rule instances (``T3.ROW_TOTAL[new]``) or rule ids (``SEC.OTHER``) that must fail."""
    notes: tuple[str, ...] = field(default=())


SEED_DEFECTS = {
    "003": ("SEC.REQUESTS", "T3.COMPLETE"),
    "004": (
        "T3.ROW_TOTAL[unable_not_held]",
        "T3.ROW_TOTAL[results_total]",
        "T3.BALANCE[total]",
    ),
}


def _seeds() -> list[RealReport]:
    expected = json.loads((SEEDS / "expected-cells.json").read_text(encoding="utf-8"))
    out = []
    for name, facts in sorted(expected.items()):
        truth: dict[str, object] = dict(facts["cells"])
        for row in facts["absent_rows"]:
            truth.update({f"t3.{row}.{c}": None for c in T3_COLUMNS})
        out.append(
            RealReport(
                f"seed-{name[:3]}", SEEDS / name, "seeds", truth, SEED_DEFECTS.get(name[:3], ())
            )
        )
    return out


def _huaian() -> list[RealReport]:
    files = [
        CORPUS / "huaian-2024.pdf",
        EXTRACTED / "huaian-2024.pypdf.txt",
        EXTRACTED / "huaian-2024.pdfminer.txt",
        EXTRACTED / "huaian-2024.pymupdf4llm.md",
        EXTRACTED / "huaian-2024.markitdown.md",
    ]
    return [RealReport(f.name, f, "huaian", dict(HUAIAN)) for f in files]


def _truth_value(v: object) -> object:
    if isinstance(v, int):
        return v
    if isinstance(v, str) and v.replace(".", "", 1).isdigit():
        return Decimal(v) if "." in v else int(v)
    return v


def pair_truth_cells(truth: dict) -> dict[str, object]:
    """A pair truth file's rows as canonical keys (benchmarks/pairs.py documents the format)."""
    from gouji.vocabulary import vocabulary

    vocab = vocabulary(truth["edition"])
    out: dict[str, object] = {}
    for table in ("t2", "t3"):
        for row in vocab.tables[table].rows:
            values = truth.get(table, {}).get(row.key)
            if values is not None:
                out.update(zip(row.cell_keys(), map(_truth_value, values), strict=True))
    if truth.get("t4"):
        keys = [k for r in vocab.tables["t4"].rows for k in r.cell_keys()]
        out.update(zip(keys, map(_truth_value, truth["t4"]), strict=True))
    return out


def _pairs() -> list[RealReport]:
    """The dumps, and the saved pages (``pairs/html``) of some: the same truth, another layout."""
    out = []
    for f in sorted((PAIRS / "truth").glob("*.json")):
        truth = json.loads(f.read_text(encoding="utf-8"))
        path = DATA / truth["txt"]
        group = "pingtan-czj" if truth["txt"].startswith("corpus/") else "pairs"
        facts = (
            pair_truth_cells(truth),
            tuple(truth.get("expected_failures", ())),
            tuple(truth.get("defects", ())),
        )
        out.append(RealReport(f.stem, path, group, *facts))
        page = PAIRS / "html" / f"{f.stem}.html"
        if page.exists():
            out.append(RealReport(page.name, page, "pairs-html", *facts))
    return out


UNTYPED = {
    # 平潭综合实验区 2017: a report of the 2007 regime (no statutory tables) whose text mentions
    # 政府集中采购; it once was read as a 2019-format report missing all its tables.
    "syq-2017.txt": (),
    # 平潭综合实验区 2020: 表三's 自然人 results add up to 6+6+4+3+3+4 = 26 but （七）总计 says 20
    # (总计 column 27 against 21); every row prints one digit per cell.
    "syq-2020.txt": ("T3.RESULTS_TOTAL[natural]", "T3.RESULTS_TOTAL[total]"),
}
"""Real reports whose cells nobody typed, with the defects a person found in them (checked
for their verdicts only)."""


def _untyped() -> list[RealReport]:
    return [
        RealReport(name, CORPUS / "pingtan" / name, "untyped", {}, defects)
        for name, defects in UNTYPED.items()
    ]


def real_reports() -> list[RealReport]:
    return [*_seeds(), *_huaian(), *_pairs(), *_untyped()]


def cell_matches(expected: object, cell: Cell) -> bool:
    """Whether gouji read the cell as the source prints it."""
    if expected is None:
        return cell.semantic == "absent"
    if cell.semantic == "absent":
        return False
    if isinstance(expected, (int, Decimal)):
        return cell.value == expected and cell.semantic in ("number", "zero")
    if expected == "":
        return cell.semantic == "blank"
    parsed = parse_value(str(expected))
    return (cell.semantic, cell.value) == (parsed.semantic, parsed.value)


def cell_outcome(expected: object, cell: Cell) -> str:
    """``exact``; ``unread`` (printed, read as absent); ``wrong`` (read as something else)."""
    if cell_matches(expected, cell):
        return "exact"
    return "unread" if cell.semantic == "absent" else "wrong"


def fails(record, defect: str) -> bool:
    """Whether the record reports the defect (a rule id or one instance) as failing."""
    return any(
        f.status == "fail" and (f.instance == defect or f.rule == defect) for f in record.findings
    )
