"""How fast ``gouji check`` is: parse + full ruleset evaluation + record, per report.

    python benchmarks/bench_check.py [--reports N] [--seed S] [--repeat R]

(a) the five seeds, the 平潭 2021–2024 dumps and the 淮安 PDF text, each checked R times;
(b) every real text report of tests/real_reports.py (seeds, 淮安 extractions, 平潭 pages), rules
alone in CPU time, R times each: the median of their medians;
(c) N generated reports (tests/layouts.py, all families). Prints median and p99 milliseconds and
reports per second on one core, and separately the time of the rule evaluation alone. Warm:
rules are compiled once before timing (as in any run over more than one report).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import gouji  # noqa: E402
from gouji.engine import Engine  # noqa: E402


def _stats(samples: list[int]) -> tuple[float, float, float]:
    ms = sorted(s / 1e6 for s in samples)
    median = statistics.median(ms)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    return median, p99, 1000 / median if median else 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    engine = Engine()
    for rid in engine.rulesets:
        engine.ruleset(rid)
    files = sorted((ROOT / "tests/data/seeds").glob("*.txt"))
    files += sorted((ROOT / "tests/data/corpus/pingtan").glob("czj-202[1-4].txt"))
    files.append(ROOT / "tests/data/extracted/huaian-2024.pypdf.txt")
    print(f"gouji {gouji.__version__}, one core, parse + gb2021/gb2019 evaluation + record\n")
    print(f"{'(a) real files':40} {'check ms':>9} {'p99 ms':>8} {'rules ms':>9} {'reports/s':>10}")
    for path in files:
        data = path.read_bytes()
        report = gouji.parse(data, name=path.name)
        engine.check_report(report)
        total, rules_only = [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter_ns()
            rep = gouji.parse(data, name=path.name)
            t1 = time.perf_counter_ns()
            engine.check_report(rep)
            t2 = time.perf_counter_ns()
            total.append(t2 - t0)
            rules_only.append(t2 - t1)
        median, p99, per_s = _stats(total)
        print(f"{path.name:40} {median:9.2f} {p99:8.2f} {_stats(rules_only)[0]:9.2f} {per_s:10.0f}")

    _real_medians(engine, args.repeat)

    import layouts as L

    rnd = random.Random(args.seed)
    samples, rules_only = [], []
    families = [f for f in L.FAMILIES if f != "crawler_concatenated"]
    for i in range(args.reports):
        family = families[i % len(families)]
        values = {k: rnd.choice([0, 0, 0, 1, 2, 5, 12]) for k in L.CELL_KEYS}
        text = L.render(family, values)
        data = text.encode("utf-8")
        t0 = time.perf_counter_ns()
        rep = gouji.parse(data, name=f"r{i}", kind=L.KIND.get(family))
        t1 = time.perf_counter_ns()
        engine.check_report(rep)
        t2 = time.perf_counter_ns()
        samples.append(t2 - t0)
        rules_only.append(t2 - t1)
    median, p99, per_s = _stats(samples)
    print(f"\n(c) {args.reports} generated reports ({', '.join(families)})")
    print(
        f"check median {median:.2f} ms, p99 {p99:.2f} ms, rules alone median {_stats(rules_only)[0]:.2f} ms, {per_s:.0f} reports/s"
    )


def _real_medians(engine: Engine, repeat: int) -> None:
    """Rules alone on every real text report the tests know (tests/real_reports.py), in CPU
    time: the median over reports of each report's median, and the spread."""
    from real_reports import real_reports

    medians = []
    for real in real_reports():
        if real.path.suffix.lower() in (".pdf", ".docx"):
            continue
        data = real.path.read_bytes()
        engine.check_report(gouji.parse(data, name=real.path.name))
        samples = []
        for _ in range(repeat):
            report = gouji.parse(data, name=real.path.name)
            t0 = time.process_time_ns()
            engine.check_report(report)
            samples.append(time.process_time_ns() - t0)
        medians.append(statistics.median(samples) / 1e6)
    q1, mid, q3 = statistics.quantiles(medians, n=4)
    print(
        f"\n(b) all {len(medians)} real text reports, rules alone (CPU time): median {mid:.2f} ms, "
        f"quartiles {q1:.2f}–{q3:.2f} ms, slowest {max(medians):.2f} ms"
    )


if __name__ == "__main__":
    main()
