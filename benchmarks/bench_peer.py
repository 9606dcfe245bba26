"""gouji against the peer parser govnianbao, side by side in one run, on the same inputs.

    python benchmarks/bench_peer.py --peer /path/to/govnianbao/src [--repeat R] [--markdown]

The peer (https://github.com/zxj6827111-blip/govnianbao, not on PyPI) turns a report's text into
its own structure: six sections and the 表二/表三/表四 cells it fills by taking the numbers of
each section in order. Its code is not vendored here (licence, ownership): clone it and point
``--peer`` (or ``GOUJI_PEER``) at its ``src`` directory. Without it the script says so in one line
and still prints gouji's numbers, so the same command works on any checkout.

Why one run: ratios taken from two runs made at different times mostly measure the machine's
mood. Here every input is read into memory once, both parsers are warmed up on it, and each
repeat round times the peer and gouji back to back (``time.perf_counter_ns``), so slow drift
hits both alike. Other processes do not: a 0.5 ms call is rarely preempted, a 10 ms one often,
so on a busy machine wall-clock medians inflate gouji's side of the ratio. ``--clock cpu`` times
the thread's CPU time instead (``time.thread_time_ns``), which preemption does not count. Why cells as well: a parser that recovers nothing is fast for free; the counts of
cells recovered, and of those right against the truth a person typed (``tests/real_reports.py``:
``seeds/expected-cells.json`` for the seeds, the pair truth files for the 平潭 dumps, the cells
typed from the 淮安 PDF), say what each millisecond buys. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
sys.path.insert(0, str(TESTS))

import gouji  # noqa: E402
from gouji.engine import Engine  # noqa: E402
from gouji.model import Report  # noqa: E402
from gouji.vocabulary import vocabulary  # noqa: E402
from real_reports import cell_matches, real_reports  # noqa: E402

DATA = TESTS / "data"
GROUPS: dict[str, list[Path]] = {
    "seeds": sorted((DATA / "seeds").glob("*.txt")),
    "平潭 czj": [DATA / "corpus" / "pingtan" / f"czj-{y}.txt" for y in (2021, 2022, 2023, 2024)],
    "淮安 pypdf": [DATA / "extracted" / "huaian-2024.pypdf.txt"],
}
WARMUP = 5
PEER_URL = "https://github.com/zxj6827111-blip/govnianbao"

# --- the peer's cells as gouji's keys ---------------------------------------------------------
# The peer names cells {table: {"cells": {row: {col: value}}}}. Its 表三 has two shapes: the
# template path (25 rows × 7 columns, the national template's own shape) and a lenient fallback
# (29 rows × 8 columns: it adds subtotal rows （三）…（六） and a 法人或其他组织小计 column that the
# 2021 template does not print). Cells with no counterpart below are counted as recovered but
# can never be right.

PEER_T2 = {
    ("section2_art20_1", "regulations", "issued_this_year"): "t2.regulations.issued",
    ("section2_art20_1", "regulations", "abolished_this_year"): "t2.regulations.repealed",
    ("section2_art20_1", "regulations", "effective_now"): "t2.regulations.in_force",
    ("section2_art20_1", "normative_docs", "issued_this_year"): "t2.normative_docs.issued",
    ("section2_art20_1", "normative_docs", "abolished_this_year"): "t2.normative_docs.repealed",
    ("section2_art20_1", "normative_docs", "effective_now"): "t2.normative_docs.in_force",
    ("section2_art20_5", "admin_permission", "decisions"): "t2.licensing.decisions",
    ("section2_art20_6", "admin_penalty", "decisions"): "t2.penalty.decisions",
    ("section2_art20_6", "admin_compulsion", "decisions"): "t2.coercion.decisions",
    ("section2_art20_8", "admin_public_fee", "fee_amount"): "t2.fees.amount",
}
_T3_ROWS = [row.key for row in vocabulary("2021").tables["t3"].rows]  # 25, in print order
PEER_T3_TEMPLATE_ROWS = dict(
    zip(
        [
            "new_received",
            "carry_prev_year",
            "open_full",
            "open_partial",
            "deny_secret",
            "deny_law_forbid",
            "deny_security_stability",
            "deny_third_party",
            "deny_internal",
            "deny_process",
            "deny_case_file",
            "deny_enquiry",
            "cannot_provide_not_hold",
            "cannot_provide_make_new",
            "cannot_provide_unclear",
            "no_process_petition",
            "no_process_duplicate",
            "no_process_publication",
            "no_process_mass_requests",
            "no_process_confirm_or_reissue",
            "other_overdue_no_correction",
            "other_overdue_not_pay",
            "other_other",
            "total",
            "carry_next_year",
        ],
        _T3_ROWS,
        strict=True,
    )
)
PEER_T3_LENIENT_ROWS = dict(
    zip(
        [
            "new_requests",
            "carried_over",
            "result_open",
            "result_partial",
            "result_not_public_state_secret",
            "result_not_public_law_forbid",
            "result_not_public_safety",
            "result_not_public_third_party",
            "result_not_public_internal",
            "result_not_public_process",
            "result_not_public_case_file",
            "result_not_public_inquiry",
            "result_cannot_provide_not_held",
            "result_not_provide_no_existing",
            "result_cannot_provide_unclear",
            "result_not_processed_petition",
            "result_not_processed_duplicate",
            "result_not_process_publication",
            "result_not_processed_frequent",
            "result_not_processed_confirm_again",
            "result_other_overdue_no_rectify",
            "result_other_no_pay_fee",
            "result_other_other",
            "result_total",
            "carry_next_year",
        ],
        _T3_ROWS,
        strict=True,
    )
)
PEER_T3_COLUMNS = {
    # template path, then lenient path; org_total (小计) has no counterpart
    "natural_person": "natural",
    "business": "commercial",
    "research_institute": "research",
    "social_org": "nonprofit",
    "legal_service": "legal",
    "other_org": "other_org",
    "total": "total",
    "business_corp": "commercial",
    "research_org": "research",
    "legal_service_org": "legal",
    "grand_total": "total",
}
PEER_T4_BLOCKS = {
    "rev": "review",
    "lit_direct": "suit_direct",
    "lit_after_rev": "suit_after_review",
}
PEER_T4_COLUMNS = {
    "maintained": "upheld",
    "corrected": "corrected",
    "other": "other",
    "pending": "pending",
    "total": "total",
}


def peer_key(table: str, row: str, col: str) -> str | None:
    """gouji's key for one peer cell, or None when the 2021 template has no such cell."""
    if table.startswith("section2_"):
        return PEER_T2.get((table, row, col))
    if table == "section3_applications":
        our_row = PEER_T3_TEMPLATE_ROWS.get(row) or PEER_T3_LENIENT_ROWS.get(row)
        our_col = PEER_T3_COLUMNS.get(col)
        return f"t3.{our_row}.{our_col}" if our_row and our_col else None
    if table == "section4_review_litigation" and row == "cases":
        block, _, suffix = col.rpartition("_")
        if block in PEER_T4_BLOCKS and suffix in PEER_T4_COLUMNS:
            return f"t4.{PEER_T4_BLOCKS[block]}.{PEER_T4_COLUMNS[suffix]}"
    return None


def peer_cells(report: Any) -> list[tuple[str | None, object]]:
    """Every numeric cell the peer filled in its section2..4 tables, with gouji's key."""
    out: list[tuple[str | None, object]] = []
    for section in (report.section2, report.section3, report.section4):
        for table, content in section.tables.items():
            for row, cols in content.get("cells", {}).items():
                for col, value in cols.items():
                    if isinstance(value, (int, float)) and not isinstance(value, bool):
                        out.append((peer_key(table, row, col), value))
    return out


def _same_number(expected: object, value: object) -> bool:
    """Whether a peer value (int or float) is the typed number; Decimal so 0.0 == 0, 1.5 == 1.50."""
    if isinstance(expected, bool) or not isinstance(expected, (int, Decimal)):
        return False  # truth is absent (None), printed blank ("") or text: a number is wrong
    try:
        return Decimal(str(value)) == Decimal(expected)
    except InvalidOperation:
        return False


# --- measuring ----------------------------------------------------------------------------------


@dataclass
class Cells:
    """Cells one parser recovered from one input, and how many match the typed truth."""

    recovered: int
    right: int | None  # None: no truth for this input
    right_nonzero: int | None = None
    """Right cells whose typed value is a number other than 0: a zero landing on a zero by
    position says little, these say whether a parser put the report's figures where they are."""


@dataclass
class FileResult:
    """Every sample of one input, kept so the group rows can be built from the file medians."""

    group: str
    name: str
    size: int
    peer_ms: list[float] = field(default_factory=list)
    parse_ms: list[float] = field(default_factory=list)
    check_ms: list[float] = field(default_factory=list)  # parse + check
    peer_error: str | None = None
    peer_cells: Cells | None = None
    gouji_cells: Cells | None = None
    nonzero_truth: int | None = None  # typed cells holding a number other than 0


def load_peer(path: str | None) -> tuple[Callable[[str], Any] | None, str]:
    """The peer's ``parse_annual_report_text``, or None and the one line saying why not.

    ``path`` may name the clone, its ``src`` directory or the ``govnianbao`` package itself.
    """
    if not path:
        return None, (
            f"peer not given: git clone {PEER_URL} and pass --peer govnianbao/src "
            "(or set GOUJI_PEER); gouji's numbers only"
        )
    base = Path(path).expanduser().resolve()
    candidates = [base, base / "src", base.parent] if base.name != "govnianbao" else [base.parent]
    src = next((c for c in candidates if (c / "govnianbao" / "__init__.py").is_file()), None)
    if src is None:
        return None, f"peer not found under {base} (expected govnianbao/__init__.py); gouji only"
    sys.path.insert(0, str(src))
    try:
        module: ModuleType = importlib.import_module("govnianbao.annual_report_parser")
    except Exception as exc:  # a broken clone must not stop gouji's numbers
        return None, f"peer at {src} failed to import ({type(exc).__name__}: {exc}); gouji only"
    # Its 表三 template path logs a warning whenever the count of numbers is not 175; unhandled,
    # Python prints each one to stderr, which would time our terminal rather than the parser.
    logging.getLogger("govnianbao").setLevel(logging.ERROR)
    return module.parse_annual_report_text, f"peer: govnianbao from {src}"


def gouji_cells(report: Report, truth: dict[str, object] | None) -> Cells:
    """Cells with a value; right: those the truth has and ``cell_matches`` accepts."""
    recovered = {k: c for k, c in report.cells.items() if c.value is not None}
    if truth is None:
        return Cells(len(recovered), None)
    right = [k for k, c in recovered.items() if k in truth and cell_matches(truth[k], c)]
    return Cells(len(recovered), len(right), sum(_nonzero(truth[k]) for k in right))


def peer_cell_counts(report: Any, truth: dict[str, object] | None) -> Cells:
    """Numeric cells the peer filled; right: mapped to a key whose typed value is that number."""
    cells = peer_cells(report)
    if truth is None:
        return Cells(len(cells), None)
    right = [k for k, v in cells if k is not None and k in truth and _same_number(truth[k], v)]
    return Cells(len(cells), len(right), sum(_nonzero(truth[k]) for k in right))


def _nonzero(value: object) -> bool:
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool) and value != 0


def _ms(start: int, end: int) -> float:
    return (end - start) / 1e6


CLOCKS: dict[str, Callable[[], int]] = {"wall": time.perf_counter_ns, "cpu": time.thread_time_ns}


def measure(
    group: str,
    path: Path,
    repeat: int,
    engine: Engine,
    peer: Callable[[str], Any] | None,
    truth: dict[str, object] | None,
    clock: Callable[[], int] = time.perf_counter_ns,
) -> FileResult:
    """Warm both parsers on one input, then ``repeat`` rounds of peer, parse, check in turn."""
    data = path.read_bytes()
    text = data.decode("utf-8")  # the peer takes text; gouji its bytes (decoding is timed)
    name = path.name
    result = FileResult(group, name, len(data))
    if truth is not None:
        result.nonzero_truth = sum(_nonzero(v) for v in truth.values())
    peer_report = None
    if peer is not None:
        try:
            for _ in range(WARMUP):
                peer_report = peer(text)
        except Exception as exc:  # shown as "error", never a traceback
            result.peer_error = f"{type(exc).__name__}: {exc}"
            peer = None
    report = None
    for _ in range(WARMUP):
        report = gouji.parse(data, name=name)
        engine.check_report(report)
    assert report is not None
    result.gouji_cells = gouji_cells(report, truth)
    if peer_report is not None:
        result.peer_cells = peer_cell_counts(peer_report, truth)
    for _ in range(repeat):
        if peer is not None:
            t0 = clock()
            try:
                peer(text)
            except Exception as exc:
                result.peer_error = f"{type(exc).__name__}: {exc}"
                peer = None
            else:
                result.peer_ms.append(_ms(t0, clock()))
        t0 = clock()
        parsed = gouji.parse(data, name=name)
        t1 = clock()
        engine.check_report(parsed)
        t2 = clock()
        result.parse_ms.append(_ms(t0, t1))
        result.check_ms.append(_ms(t0, t2))
    if result.peer_error:
        result.peer_ms = []
        result.peer_cells = None
    return result


# --- printing -----------------------------------------------------------------------------------


def _med(samples: list[float]) -> float | None:
    return statistics.median(samples) if samples else None


def _num(value: float | None, fmt: str = ".3f") -> str:
    return "—" if value is None else format(value, fmt)


def _ratio(ours: float | None, theirs: float | None) -> str:
    return "—" if ours is None or not theirs else f"{ours / theirs:.1f}×"


def _cells(c: Cells | None, error: bool = False) -> str:
    if error:
        return "error"
    if c is None:
        return "—"
    return f"{c.recovered}" if c.right is None else f"{c.right}/{c.recovered}"


@dataclass
class Row:
    """One printed line: a file or a group (group medians are medians of the file medians)."""

    label: str
    peer: float | None
    parse: float | None
    check: float | None
    peer_cells: str
    gouji_cells: str
    peer_error: bool = False

    def cols(self) -> list[str]:
        return [
            self.label,
            "error" if self.peer_error else _num(self.peer),
            _num(self.parse),
            _num(self.check),
            "error" if self.peer_error else _ratio(self.parse, self.peer),
            "error" if self.peer_error else _ratio(self.check, self.peer),
            self.peer_cells,
            self.gouji_cells,
        ]


HEADER = [
    "input",
    "peer ms",
    "gouji parse ms",
    "gouji parse+check ms",
    "parse/peer",
    "parse+check/peer",
    "peer cells right/recovered",
    "gouji cells right/recovered",
]


def file_row(r: FileResult) -> Row:
    """A file's medians; an exception in the peer shows as ``error``, never a traceback."""
    return Row(
        f"{r.group}: {r.name}",
        _med(r.peer_ms),
        _med(r.parse_ms),
        _med(r.check_ms),
        _cells(r.peer_cells, r.peer_error is not None),
        _cells(r.gouji_cells),
        r.peer_error is not None,
    )


def _sum_cells(cells: Iterable[Cells | None]) -> Cells | None:
    """A group's cells: counts add up across files (a median of counts would hide the misses)."""
    items = list(cells)
    if not items or any(c is None for c in items):
        return None
    return Cells(
        sum(c.recovered for c in items if c is not None),
        _sum_known(c.right for c in items if c is not None),
        _sum_known(c.right_nonzero for c in items if c is not None),
    )


def _sum_known(values: Iterable[int | None]) -> int | None:
    """The sum, or None when any part is unknown (an input without truth)."""
    items = list(values)
    return None if any(v is None for v in items) else sum(v for v in items if v is not None)


def group_row(label: str, results: list[FileResult]) -> Row:
    errors = any(r.peer_error for r in results)
    peer = [m for r in results if (m := _med(r.peer_ms)) is not None]
    return Row(
        f"{label} ({len(results)} file{'s' if len(results) > 1 else ''})",
        None if errors or len(peer) < len(results) else statistics.median(peer),
        statistics.median(m for r in results if (m := _med(r.parse_ms)) is not None),
        statistics.median(m for r in results if (m := _med(r.check_ms)) is not None),
        _cells(_sum_cells(r.peer_cells for r in results), errors),
        _cells(_sum_cells(r.gouji_cells for r in results)),
        errors,
    )


def print_table(rows: list[Row], markdown: bool) -> None:
    lines = [HEADER, *(row.cols() for row in rows)]
    if markdown:
        print("| " + " | ".join(HEADER) + " |")
        print("|" + "---|" * len(HEADER))
        for cols in lines[1:]:
            print("| " + " | ".join(cols) + " |")
        return
    widths = [max(_width(cols[i]) for cols in lines) for i in range(len(HEADER))]
    for cols in lines:
        cells = [_pad(cols[0], widths[0], left=True)]
        cells += [_pad(c, w) for c, w in zip(cols[1:], widths[1:], strict=True)]
        print("  ".join(cells))


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int, left: bool = False) -> str:
    gap = " " * (width - _width(text))
    return text + gap if left else gap + text


# --- main ---------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--peer",
        default=os.environ.get("GOUJI_PEER"),
        help="the govnianbao clone or its src directory (default: $GOUJI_PEER)",
    )
    parser.add_argument("--repeat", type=int, default=50, help="timed rounds per input")
    parser.add_argument("--markdown", action="store_true", help="print the tables as markdown")
    parser.add_argument(
        "--clock",
        choices=sorted(CLOCKS),
        default="wall",
        help="wall: time.perf_counter_ns (default); cpu: time.thread_time_ns, for a busy machine",
    )
    args = parser.parse_args()

    peer, peer_line = load_peer(args.peer)
    engine = Engine()
    for rid in engine.rulesets:  # compile the rules before timing, as any run over many reports
        engine.ruleset(rid)
    truths = {r.path.resolve(): r.truth for r in real_reports()}

    print(
        f"gouji {gouji.__version__}, Python {sys.version.split()[0]}, one core; {args.repeat} "
        f"timed rounds per input after {WARMUP} untimed; medians in ms, {args.clock} clock"
    )
    print(peer_line)
    print()
    results: dict[str, list[FileResult]] = {}
    for group, paths in GROUPS.items():
        for path in paths:
            truth = truths.get(path.resolve())
            results.setdefault(group, []).append(
                measure(group, path, args.repeat, engine, peer, truth, CLOCKS[args.clock])
            )

    print_table([file_row(r) for rs in results.values() for r in rs], args.markdown)
    print()
    groups = [group_row(g, rs) for g, rs in results.items()]
    everything = [r for rs in results.values() for r in rs]
    print_table([*groups, group_row("all", everything)], args.markdown)
    print()
    for r in everything:
        if r.peer_error:
            print(f"peer error on {r.name}: {r.peer_error.splitlines()[0][:160]}")
    nonzero = _sum_known(r.nonzero_truth for r in everything)
    if nonzero:
        peer_all = _sum_cells(r.peer_cells for r in everything)
        gouji_all = _sum_cells(r.gouji_cells for r in everything)
        peer_nz = "—" if peer_all is None else _num(peer_all.right_nonzero, "d")
        gouji_nz = "—" if gouji_all is None else _num(gouji_all.right_nonzero, "d")
        print(
            f"typed non-zero cells: {nonzero}; right among them: peer {peer_nz}, gouji {gouji_nz}"
        )
    print(
        "ratios: gouji time / peer time (above 1 = gouji slower). cells: right/recovered, "
        "recovered = cells holding a number (peer: numeric cells of its section2..4 tables; "
        "gouji: cells whose value is not None), right = equal to the typed truth "
        "(tests/real_reports.py) under the same key."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
