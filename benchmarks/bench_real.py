"""How right gouji is on every real report it has: cells against the truth, and verdicts.

    python benchmarks/bench_real.py [--verbose]

For each real report under tests/data (``tests/real_reports.py`` lists them with their truth):
the cells read exactly as the source prints them, read wrong (the worst outcome) and left unread;
then the check's error-level failures, split into those resting on the report itself (``source``:
they make a report 不合格) and those resting on the parser's reading (``extraction``: verdict
``review`` at worst). A failure that is not one of the report's known defects is a false one.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import gouji  # noqa: E402
from gouji.engine import Engine  # noqa: E402
from real_reports import cell_outcome, fails, real_reports  # noqa: E402


def _defect_hit(defects: tuple[str, ...], finding) -> bool:
    return finding.instance in defects or finding.rule in defects


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--verbose", "-v", action="store_true", help="list every wrong cell")
    args = parser.parse_args()
    engine = Engine()
    totals: Counter[str] = Counter()
    groups: dict[str, Counter[str]] = {}
    print(
        f"{'report':<34} {'cells':>9} {'wrong':>5} {'unread':>6}  {'verdict':<8} "
        f"{'err:src':>7} {'err:ext':>7} {'false':>5} {'missed':>6}"
    )
    for real in real_reports():
        report = gouji.parse(real.path)
        record = engine.check_report(report)
        outcomes = Counter(cell_outcome(v, report.cells[k]) for k, v in real.truth.items())
        errors = [f for f in record.findings if f.status == "fail" and f.severity == "error"]
        source = [f for f in errors if f.responsibility == "source"]
        extraction = [f for f in errors if f.responsibility == "extraction"]
        false = [f for f in source + extraction if not _defect_hit(real.defects, f)]
        missed = [d for d in real.defects if not fails(record, d)]
        row = Counter(
            truth=len(real.truth),
            exact=outcomes["exact"],
            wrong=outcomes["wrong"],
            unread=outcomes["unread"],
            reports=1,
            source=len(source),
            extraction=len(extraction),
            false_source=sum(f.responsibility == "source" for f in false),
            false_extraction=sum(f.responsibility == "extraction" for f in false),
            defects=len(real.defects),
            missed=len(missed),
            false_fail=int(
                record.verdict == "fail" and any(f.responsibility == "source" for f in false)
            ),
            clean=int(not real.defects),
        )
        totals.update(row)
        groups.setdefault(real.group, Counter()).update(row)
        print(
            f"{real.id:<34} {outcomes['exact']:>4}/{len(real.truth):<4} {outcomes['wrong']:>5} "
            f"{outcomes['unread']:>6}  {record.verdict:<8} {len(source):>7} {len(extraction):>7} "
            f"{len(false):>5} {len(missed):>6}"
        )
        if args.verbose:
            for k, v in real.truth.items():
                outcome = cell_outcome(v, report.cells[k])
                if outcome != "exact":
                    c = report.cells[k]
                    print(f"    {outcome:<6} {k}: truth {v!r}, read {c.value!r} ({c.semantic})")
            for f in false:
                print(f"    false {f.responsibility}: {f.instance} {f.message[:100]}")
            for d in missed:
                print(f"    missed: {d}")
    print()
    for name, c in [*groups.items(), ("all", totals)]:
        cells = (
            f"cells exact {c['exact']}/{c['truth']} ({c['exact'] / c['truth']:.1%}), "
            if c["truth"]
            else "cells not typed, "
        )
        print(
            f"{name:<12} reports {c['reports']:>3}  {cells}"
            f"wrong {c['wrong']}, unread {c['unread']}  |  error failures: "
            f"source {c['source']}, extraction {c['extraction']}; false: source "
            f"{c['false_source']}, extraction {c['false_extraction']}  |  defects found "
            f"{c['defects'] - c['missed']}/{c['defects']}  |  false 不合格 {c['false_fail']}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
