"""How fast a corpus run is: ``gouji.corpus.check_paths`` over a generated corpus of files.

    python benchmarks/bench_corpus.py [--reports N] [--seed S] [--jobs 1,2,0] [--keep DIR] [--cli]

Writes N report files (default 10 000) into a temporary directory — generated 2021-format
reports in five layout families (tests/layouts.py) under varied issuers (townships, counties,
cities and departments drawn from the bundled gazetteer) and years, plus verbatim copies of the
real seeds, 平潭 dumps and HTML pages — then, for each ``--jobs`` value (0 = all cores), checks
the whole directory in a fresh Python process and reports wall time, reports per second, time
to the first record and peak RSS of the parent and of the largest worker. The corpus is deleted
afterwards unless ``--keep`` names where to put it (never inside the repository's git tree).

(b) also times sending one record from a worker to the parent: pickling the pydantic model
against ``model_dump_json`` + ``model_validate_json`` (check_paths uses the faster).

(c), with ``--cli``, times the command itself end to end for each ``--jobs`` value:
``gouji check DIR -j N --format jsonl > /dev/null`` (discovery, workers, every record serialised
to stdout, the summary on stderr), with the peak RSS of the largest of its processes.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import pickle
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
DIVISIONS = ROOT / "engine/gouji/data/divisions"
DEPARTMENTS = (
    "财政局",
    "教育局",
    "自然资源局",
    "住房和城乡建设局",
    "卫生健康委员会",
    "人民政府办公室",
)
SMALL = (0, 0, 0, 0, 1, 2, 5, 12)


def _issuers(rnd: random.Random, n: int) -> list[str]:
    """Issuer names as real titles write them, from the 统计用区划代码 (so the gazetteer works)."""
    with open(DIVISIONS / "areas.csv", encoding="utf-8") as f:
        areas = {r["code"]: r for r in csv.DictReader(f)}
    with open(DIVISIONS / "cities.csv", encoding="utf-8") as f:
        cities = [r["name"] for r in csv.DictReader(f) if r["name"] != "市辖区"]
    with open(DIVISIONS / "streets.csv", encoding="utf-8") as f:
        streets = [(areas[r["areaCode"]]["name"], r["name"]) for r in csv.DictReader(f)]
    counties = [a["name"] for a in areas.values() if a["name"] != "市辖区"]
    names = []
    for _ in range(n):
        kind = rnd.random()
        if kind < 0.5:
            county, town = rnd.choice(streets)
            names.append(f"{county}{town}" + ("" if town.endswith("街道") else "人民政府"))
        elif kind < 0.75:
            names.append(f"{rnd.choice(counties)}人民政府")
        elif kind < 0.9:
            names.append(f"{rnd.choice(cities)}人民政府")
        else:
            names.append(f"{rnd.choice(counties)}{rnd.choice(DEPARTMENTS)}")
    return names


def generate(directory: Path, reports: int, seed: int) -> int:
    """Write the corpus; returns its size in bytes. About one file in five is a real one."""
    import layouts as L

    rnd = random.Random(seed)
    real = [
        *sorted((ROOT / "tests/data/seeds").glob("*.txt")),
        *sorted((ROOT / "tests/data/corpus/pingtan").glob("*.txt")),
        *sorted((ROOT / "tests/data/html").glob("*.html")),
    ]
    issuers = _issuers(rnd, 500)
    size = 0
    for i in range(reports):
        sub = directory / f"{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        if i % 5 == 4:
            source = real[(i // 5) % len(real)]
            target = sub / f"{i:06d}-{source.name}"
            shutil.copyfile(source, target)
            size += target.stat().st_size
            continue
        family = L.FAMILIES[i % len(L.FAMILIES)]
        year = rnd.choice((2021, 2022, 2023, 2024))
        values = {k: rnd.choice(SMALL) for k in L.CELL_KEYS}
        title = f"{rnd.choice(issuers)}{year}年政府信息公开工作年度报告"
        text = L.render(family, values, rnd, title=title, year=year)
        suffix = {"html": ".html", "markdown": ".md"}.get(L.KIND.get(family, ""), ".txt")
        target = sub / f"{i:06d}-{family}{suffix}"
        target.write_text(text, encoding="utf-8")
        size += len(text.encode("utf-8"))
    return size


def measure(directory: Path, jobs: int) -> dict:
    """One run over the directory, in this (fresh) process."""
    from gouji.commands.check import report_files
    from gouji.corpus import RunSummary, check_paths

    files = list(report_files([str(directory)]))
    summary = RunSummary()
    t0 = time.perf_counter()
    first = None
    for record in check_paths(files, jobs=jobs or None):
        if first is None:
            first = time.perf_counter() - t0
        summary.add(record)
    seconds = time.perf_counter() - t0
    return {
        "jobs": jobs or os.cpu_count(),
        "reports": summary.checked,
        "seconds": round(seconds, 2),
        "reports_per_s": round(summary.checked / seconds, 1),
        "first_record_s": round(first or 0.0, 2),
        "parent_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "worker_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        "verdicts": dict(sorted(summary.verdicts.items())),
    }


def measure_cli(directory: Path, jobs: int) -> dict:
    """``gouji check DIR -j N --format jsonl`` with stdout to /dev/null, from start to exit."""
    exe = Path(sys.executable).with_name("gouji")
    args = [str(exe), "check", str(directory), "-j", str(jobs), "--format", "jsonl"]
    args += ["--fail-on", "never", "--no-baseline"]
    t0 = time.perf_counter()
    with open(os.devnull, "w") as sink:
        proc = subprocess.Popen(args, stdout=sink, stderr=subprocess.PIPE, text=True)
        err = proc.stderr.read() if proc.stderr else ""
        _, status, usage = os.wait4(proc.pid, 0)  # rusage of the command and its workers
        proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"gouji check failed ({proc.returncode}): {err}")
    reports = int(err.split("检查报告 ", 1)[1].split(" 份", 1)[0])
    return {
        "jobs": jobs,
        "reports": reports,
        "seconds": round(seconds, 2),
        "reports_per_s": round(reports / seconds, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "summary": err.strip().splitlines()[0],
    }


def transfer() -> dict:
    """Per record, ms: worker-side encode and parent-side decode, for both ways of sending."""
    from gouji.engine import Engine
    from gouji.record import Record

    engine = Engine()
    paths = sorted((ROOT / "tests/data/seeds").glob("*.txt"))
    paths += sorted((ROOT / "tests/data/corpus/pingtan").glob("czj-202*.txt"))
    records = [engine.check(p) for p in paths]
    ways = {
        "pickle": (lambda r: pickle.dumps(r, 5), pickle.loads),
        "json": (lambda r: r.model_dump_json(), Record.model_validate_json),
    }
    out = {}
    for name, (encode, decode) in ways.items():
        blobs = [encode(r) for r in records]
        t0 = time.perf_counter()
        for _ in range(20):
            for r in records:
                encode(r)
        t1 = time.perf_counter()
        for _ in range(20):
            for b in blobs:
                decode(b)
        t2 = time.perf_counter()
        n = 20 * len(records)
        out[name] = {
            "encode_ms": round((t1 - t0) / n * 1e3, 2),
            "decode_ms": round((t2 - t1) / n * 1e3, 2),
            "kb": round(sum(len(b) for b in blobs) / len(blobs) / 1024),
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", default="1,2,0", help="comma-separated; 0 = all cores")
    parser.add_argument("--keep", metavar="DIR", help="write the corpus here and keep it")
    parser.add_argument("--cli", action="store_true", help="(c): time `gouji check` itself too")
    parser.add_argument("--measure", metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:  # the child process of one measurement
        print(json.dumps(measure(Path(args.measure), int(args.jobs))))
        return
    import gouji

    cores = os.cpu_count() or 1
    jobs = list(dict.fromkeys(int(j) or cores for j in args.jobs.split(",")))
    directory = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="gouji-corpus-"))
    directory.mkdir(parents=True, exist_ok=True)
    try:
        t0 = time.perf_counter()
        size = generate(directory, args.reports, args.seed)
        print(
            f"gouji {gouji.__version__}, {cores} cores; corpus: {args.reports} files, "
            f"{size / 1e6:.0f} MB, written in {time.perf_counter() - t0:.0f} s to {directory}\n"
        )
        head = f"{'jobs':>4} {'seconds':>8} {'reports/s':>10} {'first s':>8} {'parent MB':>10} {'worker MB':>10}"
        print(f"(a) check_paths over the whole corpus, each in a fresh process\n{head}")
        for j in jobs:
            out = subprocess.run(
                [sys.executable, __file__, "--measure", str(directory), "--jobs", str(j)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            m = json.loads(out)
            worker = f"{m['worker_rss_mb']:10.0f}" if j > 1 else f"{'—':>10}"
            print(
                f"{m['jobs']:>4} {m['seconds']:8.1f} {m['reports_per_s']:10.1f} "
                f"{m['first_record_s']:8.2f} {m['parent_rss_mb']:10.0f} {worker}"
            )
        print(f"    verdicts: {m['verdicts']}")
        print("\n(b) sending one record from a worker to the parent (ms per record)")
        for name, t in transfer().items():
            print(
                f"    {name:6} encode {t['encode_ms']:.2f}  decode {t['decode_ms']:.2f}  {t['kb']} KB"
            )
        if args.cli:
            print("\n(c) gouji check DIR -j N --format jsonl > /dev/null, start to exit")
            print(f"{'jobs':>4} {'seconds':>8} {'reports/s':>10} {'peak MB':>8}")
            for j in jobs:
                m = measure_cli(directory, j)
                print(
                    f"{m['jobs']:>4} {m['seconds']:8.1f} {m['reports_per_s']:10.1f} "
                    f"{m['peak_rss_mb']:8.0f}"
                )
            print(f"    {m['summary']}")
    finally:
        if not args.keep:
            shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()
