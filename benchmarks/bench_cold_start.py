"""How long ``gouji check FILE`` takes from process start to exit, and where that time goes.

    python benchmarks/bench_cold_start.py [--runs 15] [--file PATH] [--imports 25]
                                          [--crossover 5,10,20,40] [--no-bytecode] [--json OUT]

(a) The whole command, ``gouji check FILE > /dev/null``, each run a fresh process: with the
on-disk cache warm (the usual case), on a first run (an empty cache folder every time), with
``GOUJI_NO_CACHE=1``, and the bare interpreter (``python -c pass``) as the floor.

(b) The same work split into phases, in a fresh process each run (cache warm): importing
``gouji.cli``, building the ``Engine`` (home, rulesets.toml, plugins), loading every ruleset (as
``gouji check`` does before the first report), the gazetteer's first lookup, parsing the
report, judging it, rendering the text output.

(c) With ``--imports N``: the N modules that cost most to import (self time, fastest of the
runs, from ``python -X importtime``).

(d) With ``--crossover``: ``gouji check DIR`` over folders of that many seed copies, with
``-j 1`` (in-process), ``-j 0`` (one worker per core) and no ``-j`` (the default), to check that
the default is never the slower choice.

Every child gets a temporary cache folder (``GOUJI_CACHE_DIR``), so nothing of the user's is
read or written. Unless ``--no-bytecode``, children also get a temporary ``PYTHONPYCACHEPREFIX``
(and ``PYTHONDONTWRITEBYTECODE`` is dropped), so imports read compiled bytecode as they do in an
installed gouji; one untimed run fills it. Medians are reported with the fastest run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "tests/data/seeds").glob("*.txt"))
PHASES = ("import", "engine", "rules", "gazetteer", "parse", "check", "render")
_PHASE_CHILD = """
import io, json, sys, time
t, c = [time.perf_counter()], [time.process_time()]
def mark():
    t.append(time.perf_counter())
    c.append(time.process_time())
import gouji.cli
import gc
gc.freeze()  # as the gouji command does first (cli.main)
mark()
from gouji.engine import Engine
engine = Engine()
mark()
for rid in engine.rulesets:
    engine.ruleset(rid)
mark()
from gouji.gazetteer import locate
locate("北京市")
mark()
report = engine.parse(sys.argv[1])
mark()
record = engine.check_report(report)
mark()
from gouji.render.formats import FORMATS, OutputOptions
output = FORMATS["text"](io.StringIO(), OutputOptions())
output.add(record, None)
output.close()
mark()
print(json.dumps([[b - a for a, b in zip(x, x[1:])] for x in (t, c)]))
"""


def _gouji() -> list[str]:
    """The command as users run it: the console script beside this Python, if installed."""
    script = Path(sys.executable).with_name("gouji")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "import sys\nfrom gouji.cli import main\nsys.exit(main())"]


def _env(cache: Path, pycache: Path | None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOUJI_")}
    env["GOUJI_CACHE_DIR"] = str(cache)
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    env.update(extra)
    return env


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one process from start to exit. CPU time (user + system of the
    child, from ``RUSAGE_CHILDREN``) is the steadier number on a machine shared with other work.
    Run in the cache's parent folder, outside any rules home, so the bundled home is used."""
    cwd = Path(env["GOUJI_CACHE_DIR"]).parent
    cwd.mkdir(parents=True, exist_ok=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _summary(samples: list[tuple[float, float]]) -> dict[str, float]:
    walls, cpus = [w for w, _ in samples], [c for _, c in samples]
    return {
        "median": statistics.median(walls),
        "min": min(walls),
        "cpu_median": statistics.median(cpus),
        "n": len(samples),
    }


def whole(file: Path, runs: int, work: Path, pycache: Path | None) -> dict[str, dict]:
    """(a): the command from process start to exit."""
    warm = work / "cache-warm"
    cmd = [*_gouji(), "check", "--fail-on", "never", str(file)]
    _run(cmd, _env(warm, pycache))  # fills the bytecode and the cache
    bare = [sys.executable, "-c", "pass"]
    out = {"python -c pass": _summary([_run(bare, _env(warm, pycache)) for _ in range(runs)])}
    out["warm cache"] = _summary([_run(cmd, _env(warm, pycache)) for _ in range(runs)])
    first = [_run(cmd, _env(work / f"first-{i}" / "cache", pycache)) for i in range(runs)]
    out["first run (empty cache)"] = _summary(first)
    off = _env(warm, pycache, GOUJI_NO_CACHE="1")
    out["GOUJI_NO_CACHE=1"] = _summary([_run(cmd, off) for _ in range(runs)])
    return out


def phases(file: Path, runs: int, work: Path, pycache: Path | None) -> dict[str, dict]:
    """(b): each phase's seconds, median over fresh processes."""
    env = _env(work / "cache-warm", pycache)
    cmd = [sys.executable, "-c", _PHASE_CHILD, str(file)]
    subprocess.run(cmd, env=env, cwd=work, check=True, capture_output=True)
    samples = []
    for _ in range(runs):
        done = subprocess.run(cmd, env=env, cwd=work, check=True, capture_output=True, text=True)
        samples.append(json.loads(done.stdout))
    return {name: _summary([(s[0][i], s[1][i]) for s in samples]) for i, name in enumerate(PHASES)}


def imports(file: Path, runs: int, work: Path, pycache: Path | None, top: int) -> list:
    """(c): modules by self import time (fastest run), from ``-X importtime``."""
    env = _env(work / "cache-warm", pycache)
    cmd = [sys.executable, "-X", "importtime", "-c", _PHASE_CHILD, str(file)]
    best: dict[str, tuple[int, int]] = {}
    for _ in range(runs):
        err = subprocess.run(cmd, env=env, cwd=work, capture_output=True, text=True).stderr
        for line in err.splitlines():
            if not line.startswith("import time:") or "self [us]" in line:
                continue
            own, total, name = line[len("import time:") :].split("|")
            key = name.strip()
            seen = best.get(key, (1 << 62, 1 << 62))
            best[key] = (min(seen[0], int(own)), min(seen[1], int(total)))
    ranked = sorted(best.items(), key=lambda kv: -kv[1][0])
    return [(name, own / 1e6, total / 1e6) for name, (own, total) in ranked[:top]]


def crossover(counts: list[int], runs: int, work: Path, pycache: Path | None) -> dict:
    """(d): ``-j 1`` against ``-j 0`` and the default, on small folders of seed copies."""
    env = _env(work / "cache-warm", pycache)
    out = {}
    for n in counts:
        folder = work / f"corpus-{n}"
        folder.mkdir()
        for i in range(n):
            shutil.copyfile(SEEDS[i % len(SEEDS)], folder / f"{i:05d}.txt")
        row = {}
        for label, extra in (("-j 1", ["-j", "1"]), ("-j 0", ["-j", "0"]), ("default", [])):
            cmd = [
                *_gouji(),
                "check",
                "--fail-on",
                "never",
                "--format",
                "jsonl",
                *extra,
                str(folder),
            ]
            row[label] = _summary([_run(cmd, env) for _ in range(runs)])
        out[n] = row
    return out


def _show(title: str, rows: dict[str, dict]) -> None:
    print(f"\n{title}")
    print(f"  {'':28} {'median':>9} {'fastest':>9} {'CPU median':>11}")
    for name, s in rows.items():
        ms = [s[k] * 1000 for k in ("median", "min", "cpu_median")]
        print(f"  {name:28} {ms[0]:7.1f}ms {ms[1]:7.1f}ms {ms[2]:9.1f}ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=15, help="fresh processes per measurement")
    ap.add_argument("--file", type=Path, default=SEEDS[0], help="the report (default: seed 000)")
    ap.add_argument("--imports", type=int, default=0, metavar="N", help="(c): top N modules")
    ap.add_argument("--crossover", default="", metavar="N,N,…", help="(d): folder sizes")
    ap.add_argument("--no-bytecode", action="store_true", help="import from source, no .pyc")
    ap.add_argument("--json", type=Path, help="also write the numbers here")
    args = ap.parse_args()
    args.file = args.file.resolve()
    work = Path(tempfile.mkdtemp(prefix="gouji-cold-"))
    pycache = None if args.no_bytecode else work / "pycache"
    result: dict = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cores": os.cpu_count(),
        "bytecode": not args.no_bytecode,
        "file": str(args.file),
    }
    try:
        result["whole"] = whole(args.file, args.runs, work, pycache)
        _show(f"(a) gouji check {args.file.name}, whole process", result["whole"])
        result["phases"] = phases(args.file, args.runs, work, pycache)
        _show("(b) phases, warm cache", result["phases"])
        total = sum(s["median"] for s in result["phases"].values())
        print(f"  {'sum of medians':28} {total * 1000:7.1f}ms")
        if args.imports:
            result["imports"] = imports(args.file, args.runs, work, pycache, args.imports)
            print("\n(c) imports, self time (fastest run)")
            for name, own, cumulative in result["imports"]:
                print(
                    f"  {own * 1000:7.2f}ms  (with its imports {cumulative * 1000:7.2f}ms)  {name}"
                )
        if args.crossover:
            counts = [int(n) for n in args.crossover.split(",")]
            result["crossover"] = crossover(counts, max(3, args.runs // 3), work, pycache)
            for n, row in result["crossover"].items():
                _show(f"(d) gouji check DIR, {n} files", row)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
