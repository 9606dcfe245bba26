"""How much the text rules cost: per real report, and per character of prose.

    python benchmarks/bench_text.py [--repeat R] [--sizes 2000,4000,...] [--clock cpu] [--json PATH]

(a) Every text detector (``gouji.text.detectors.DETECTORS``, as the ``check text`` rules call
them) on each real file, after splitting its prose into sentences (timed apart, as ``split``):
the five seeds, the 平潭 dumps (``tests/data/corpus/pingtan``) and the 淮安 2024 PDF text, R
times each; median milliseconds per report, per character of prose, and of the slowest parts.
(b) The marginal cost of prose: seed 000's report with its prose lengthened by real sentences
(every sentence of the files in (a) that ends with 。！？, repeated in turn, one paragraph each)
to each size, timed the same way, and a least-squares line through (characters, median µs): its
slope is the cost of one more character of prose, issue 14's budget being 2 µs.

Only the detectors are timed: the report is parsed and its issuer classified before, and each
run gets a fresh copy of the report (``model_copy``), so nothing read from an earlier run is
reused — every run pays what a first check of that report pays.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

import gouji  # noqa: E402
from gouji.issuer import classify  # noqa: E402
from gouji.model import Location, Passage, Report  # noqa: E402
from gouji.text.detectors import DETECTORS  # noqa: E402
from gouji.text.sentences import sentences  # noqa: E402

SIZES = (2_000, 4_000, 8_000, 16_000, 32_000, 64_000)
CLOCKS = {"wall": time.perf_counter_ns, "cpu": time.thread_time_ns}
"""``cpu`` counts only this thread's CPU time: on a machine shared with other work, preemption
inflates wall-clock times, and more so for the longer runs."""


def real_files() -> list[Path]:
    """The real reports timed in (a), in a fixed order."""
    data = ROOT / "tests" / "data"
    files = sorted((data / "seeds").glob("*.txt"))
    files += sorted((data / "corpus" / "pingtan").glob("*.txt"))
    files.append(data / "extracted" / "huaian-2024.pypdf.txt")
    return files


def time_detectors(
    report: Report, repeat: int, clock: Callable[[], int] = time.perf_counter_ns
) -> tuple[float, dict[str, float]]:
    """Median milliseconds of the split and all detectors on a fresh copy of ``report``, and
    of each (``split`` and the detectors' names)."""
    issuer = classify(report)
    for _ in range(2):  # warm: compiled patterns, the gazetteer
        for detector in DETECTORS.values():
            detector(report.model_copy(), issuer)
    gc.collect()
    totals: list[float] = []
    each: dict[str, list[float]] = {name: [] for name in ("split", *DETECTORS)}
    for _ in range(repeat):
        fresh = report.model_copy()
        start = clock()
        sentences(fresh)
        each["split"].append((clock() - start) / 1e6)
        for name, detector in DETECTORS.items():
            t0 = clock()
            detector(fresh, issuer)
            each[name].append((clock() - t0) / 1e6)
        totals.append((clock() - start) / 1e6)
    return statistics.median(totals), {n: statistics.median(v) for n, v in each.items()}


def prose_chars(report: Report) -> int:
    return sum(len(s.text) for s in sentences(report))


def lengthened(base: Report, pool: list[str], size: int) -> Report:
    """``base`` with real sentences from ``pool`` appended to its prose (one paragraph each,
    after its last line) until the prose holds about ``size`` characters."""
    prose = list(base.prose)
    line = max((p.loc.line or 0) for p in prose) + 1 if prose else 1
    have = sum(len(p.text) for p in prose)
    n = 0
    while have < size:
        text = pool[n % len(pool)]
        prose.append(Passage(text=text, loc=Location(line=line, column=1)))
        have, line, n = have + len(text), line + 1, n + 1
    return base.model_copy(update={"prose": tuple(prose)})


def fit(points: list[tuple[int, float]]) -> tuple[float, float]:
    """Least-squares (slope, intercept) of µs against characters."""
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    slope = sum((x - mx) * (y - my) for x, y in points) / sxx
    return slope, my - slope * mx


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=30, help="runs per report (median)")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="prose sizes of (b)")
    parser.add_argument("--clock", choices=CLOCKS, default="wall", help="wall-clock or CPU time")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()
    clock = CLOCKS[args.clock]
    out: dict = {
        "gouji": gouji.__version__,
        "python": platform.python_version(),
        "clock": args.clock,
        "files": {},
    }

    print(
        f"gouji {gouji.__version__}: text detectors, one core, {args.clock} clock, median of {args.repeat}\n"
    )
    print(f"{'(a) real file':28} {'chars':>6} {'sentences':>9} {'ms':>7} {'µs/char':>8}  slowest")
    pool: list[str] = []
    reports: dict[str, Report] = {}
    for path in real_files():
        report = gouji.parse(path.read_bytes(), name=path.name)
        reports[path.name] = report
        pool += [s.text for s in sentences(report) if s.text.endswith(tuple("。！？!?"))]
        chars, count = prose_chars(report), len(sentences(report))
        median, each = time_detectors(report, args.repeat, clock)
        slowest = sorted(each.items(), key=lambda kv: -kv[1])[:3]
        shown = ", ".join(f"{n} {v:.2f}" for n, v in slowest)
        print(
            f"{path.name:28} {chars:6} {count:9} {median:7.2f} {1000 * median / chars:8.2f}  {shown}"
        )
        out["files"][path.name] = {"chars": chars, "sentences": count, "ms": median, "each": each}

    base = reports[real_files()[0].name]
    points: list[tuple[int, float]] = []
    print(f"\n(b) {real_files()[0].name} with its prose lengthened by the real sentences above")
    print(f"{'chars':>7} {'sentences':>9} {'ms':>8} {'µs/char':>8}")
    for size in (int(s) for s in args.sizes.split(",")):
        report = lengthened(base, pool, size)
        chars = prose_chars(report)
        median, _ = time_detectors(report, args.repeat, clock)
        points.append((chars, 1000 * median))
        print(f"{chars:7} {len(sentences(report)):9} {median:8.2f} {1000 * median / chars:8.2f}")
    slope, intercept = fit(points)
    print(f"\nmarginal cost: {slope:.2f} µs per character of prose (fixed part {intercept:.0f} µs)")
    out["growth"] = {"points": points, "us_per_char": slope, "fixed_us": intercept}
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
