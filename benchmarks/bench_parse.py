"""How fast ``gouji.parse`` reads reports, on one core.

    python benchmarks/bench_parse.py [--reports N] [--seed S] [--repeat R] [--json PATH]

(a) Real files: each seed report, the 平潭 2021–2024 crawler dumps and the 淮安 2024 PDF text
    layer are read into memory once and parsed ``--repeat`` times each.
(b) Generated corpus: ``--reports`` reports rendered in memory by ``tests/layouts.py`` across every
    layout family, with random cell values from ``random.Random(--seed)``, encoded as UTF-8 bytes
    and parsed once each with ``gouji.parse(data, name=..., kind=...)``.

Only the ``gouji.parse`` call is timed (``time.perf_counter_ns``); reading files, rendering and
encoding happen before. A few parses of every input kind run first, untimed, so imports, the
vocabulary and compiled patterns are warm. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
sys.path.insert(0, str(TESTS))

import gouji  # noqa: E402
import layouts  # noqa: E402

DATA = TESTS / "data"
REAL_FILES = [
    *sorted((DATA / "seeds").glob("*.txt")),
    *(DATA / "corpus" / "pingtan" / f"czj-{year}.txt" for year in (2021, 2022, 2023, 2024)),
    DATA / "extracted" / "huaian-2024.pypdf.txt",
]
SUFFIX = {"html": ".html", "markdown": ".md", "text": ".txt"}
WARMUP = 5


# --- statistics ------------------------------------------------------------------------------


def p99(samples: list[float]) -> float:
    """The 99th percentile by nearest rank (the slowest 1% are at or above it)."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]


def summary(samples_ms: list[float]) -> dict[str, float]:
    median = statistics.median(samples_ms)
    slow = p99(samples_ms)
    total_s = sum(samples_ms) / 1000
    return {
        "count": len(samples_ms),
        "median_ms": median,
        "p99_ms": slow,
        "p99_over_median": slow / median if median else float("nan"),
        "max_ms": max(samples_ms),
        "reports_per_s": len(samples_ms) / total_s if total_s else float("nan"),
    }


def timed(parse: Callable[[], object]) -> float:
    start = time.perf_counter_ns()
    parse()
    return (time.perf_counter_ns() - start) / 1e6


# --- (a) real files -------------------------------------------------------------------------


def bench_files(repeat: int) -> dict[str, dict[str, float]]:
    results = {}
    for path in REAL_FILES:
        data = path.read_bytes()
        name = path.name
        for _ in range(WARMUP):
            gouji.parse(data, name=name)
        samples = [timed(lambda d=data, n=name: gouji.parse(d, name=n)) for _ in range(repeat)]
        results[str(path.relative_to(TESTS))] = {"bytes": len(data), **summary(samples)}
    return results


# --- (b) generated corpus -------------------------------------------------------------------


def _count(rng: random.Random) -> int:
    r = rng.random()
    if r < 0.5:
        return 0
    if r < 0.8:
        return rng.randint(1, 9)
    if r < 0.95:
        return rng.randint(10, 999)
    return rng.randint(1000, 999_999)


def random_values(rng: random.Random, family: str) -> dict[str, int | Decimal | None]:
    """Cell values with a realistic spread; 表三/表四 totals balanced as in most real reports."""
    values: dict[str, int | Decimal | None] = {k: _count(rng) for k in layouts.CELL_KEYS}
    if rng.random() < 0.5:
        values["t2.fees.amount"] = Decimal(rng.randint(0, 10**7)).scaleb(-rng.choice((1, 2)))
    for row in (*layouts.T3.rows, *layouts.T4.rows):
        keys = row.cell_keys()
        values[keys[-1]] = sum(values[k] for k in keys[:-1])
    if family == "html_template" and rng.random() < 0.5:
        # Many HTML reports leave zero cells blank (REPORT-FORMAT.md §5 item 4).
        values = {k: (None if v == 0 else v) for k, v in values.items()}
    return values


def generate(n: int, seed: int) -> list[tuple[str, str, bytes, str]]:
    """``n`` reports as (family, name, bytes, kind), the families taken in turn."""
    rng = random.Random(seed)
    corpus = []
    for i in range(n):
        family = layouts.FAMILIES[i % len(layouts.FAMILIES)]
        values = random_values(rng, family)
        year = rng.choice((2021, 2022, 2023, 2024))
        text = layouts.render(family, values, rng, year=year)
        kind = layouts.KIND.get(family, "text")
        corpus.append((family, f"gen-{i:05d}{SUFFIX[kind]}", text.encode("utf-8"), kind))
    return corpus


def bench_corpus(corpus: list[tuple[str, str, bytes, str]]) -> tuple[dict, dict]:
    warm: set[str] = set()
    for family, name, data, kind in corpus:
        if family not in warm:
            for _ in range(WARMUP):
                gouji.parse(data, name=name, kind=kind)
            warm.add(family)
    samples: dict[str, list[float]] = {f: [] for f in layouts.FAMILIES}
    errors: dict[str, int] = dict.fromkeys(layouts.FAMILIES, 0)
    for family, name, data, kind in corpus:
        start = time.perf_counter_ns()
        try:
            gouji.parse(data, name=name, kind=kind)
        except Exception:  # a parser bug must not stop the benchmark; it is counted
            errors[family] += 1
        samples[family].append((time.perf_counter_ns() - start) / 1e6)
    per_family = {
        f: {**summary(s), "errors": errors[f], "mean_bytes": _mean_bytes(corpus, f)}
        for f, s in samples.items()
        if s
    }
    overall = {
        **summary([x for s in samples.values() for x in s]),
        "errors": sum(errors.values()),
        "mean_bytes": statistics.mean(len(c[2]) for c in corpus),
    }
    return per_family, overall


def _mean_bytes(corpus, family: str) -> float:
    return statistics.mean(len(c[2]) for c in corpus if c[0] == family)


# --- output ---------------------------------------------------------------------------------


def table(title: str, rows: dict[str, dict], extra: tuple[str, ...]) -> str:
    head = f"{'':<36}{'n':>6}{'median ms':>11}{'p99 ms':>9}{'p99/med':>9}{'reports/s':>11}"
    head += "".join(f"{e:>12}" for e in extra)
    lines = [title, head]
    for name, r in rows.items():
        line = (
            f"{name:<36}{r['count']:>6}{r['median_ms']:>11.2f}{r['p99_ms']:>9.2f}"
            f"{r['p99_over_median']:>9.2f}{r['reports_per_s']:>11.0f}"
        )
        line += "".join(f"{r[e]:>12.0f}" for e in extra)
        lines.append(line)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reports", type=int, default=3000, help="generated reports (default 3000)")
    ap.add_argument("--seed", type=int, default=0, help="seed of the generated corpus")
    ap.add_argument("--repeat", type=int, default=50, help="parses of each real file (default 50)")
    ap.add_argument("--json", type=Path, help="also write the numbers to this JSON file")
    args = ap.parse_args(argv)

    files = bench_files(args.repeat)
    corpus = generate(args.reports, args.seed)
    per_family, overall = bench_corpus(corpus)

    print(
        f"gouji {gouji.__version__}, Python {platform.python_version()}, "
        f"{platform.machine()}, one core"
    )
    print()
    print(table(f"(a) real files, {args.repeat} parses each", files, ("bytes",)))
    print()
    rows = {**per_family, "all families": overall}
    print(
        table(
            f"(b) generated corpus: {args.reports} reports, seed {args.seed}",
            rows,
            ("mean_bytes", "errors"),
        )
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "gouji": gouji.__version__,
                    "python": platform.python_version(),
                    "machine": platform.machine(),
                    "repeat": args.repeat,
                    "reports": args.reports,
                    "seed": args.seed,
                    "files": files,
                    "corpus": {"families": per_family, "overall": overall},
                },
                ensure_ascii=False,
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
