"""``check_paths``: every file's record, in the order given, from one process or a pool
(``check_reports``: the same, with each file's parsed report when an output needs it).

How many processes a run gets unless told (``default_jobs``) is measured, not assumed: a worker
costs a fresh interpreter and engine to start and every record a trip back to the parent, so a
small run finishes sooner in this process. The pool itself (order, crashes, stuck files) is
``gouji.corpus.pool``, imported only when one starts.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sized
from pathlib import Path

from ..engine import Engine, resolve_province
from ..home import Home
from ..passing import Passes
from ..record import Record
from .limits import DEFAULT_LIMITS, Limits
from .worker import Checked, Settings, check_file

WINDOW_PER_JOB = 4
"""Files in flight per worker: enough that no worker waits for the parent, few enough that a
slow file holds back at most this many finished records."""


FILES_PER_WORKER = 200
"""Files a worker must have to be worth starting. Measured with ``benchmarks/bench_cold_start.py
--crossover`` on 2 cores (docs/corpus-runs.md): a worker costs a fresh interpreter, imports and
engine (~0.35 s) and every record a trip back to the parent, so two workers lost to checking in
the parent at 90 files (1.5 s against 1.1 s), won at 160 only on an idle machine, and won at 400
(2.7 s against 3.6 s)."""


def default_jobs(files: int | None = None) -> int:
    """Processes for a run of ``files`` files when the caller does not say (``jobs=None``): one
    worker per ``FILES_PER_WORKER`` files, at most one per core, and a run too small for two
    workers in this process (1). A run of unknown length gets one worker per core."""
    cores = os.cpu_count() or 1
    if files is None:
        return cores
    return max(1, min(cores, files // FILES_PER_WORKER))


def check_paths(
    paths: Iterable[str | os.PathLike[str]],
    *,
    home: str | os.PathLike[str] | Home | None = None,
    ruleset: str | None = None,
    province: str | None = None,
    jobs: int | None = None,
    plugins: bool = True,
    limits: Limits = DEFAULT_LIMITS,
    passes: Passes = "aggregate",
) -> Iterator[Record]:
    """Check every file and yield its record, in the order of ``paths``, for any ``jobs``.

    ``jobs=1`` checks in this process; more start that many worker processes (0: one per
    core; never more than there are files when ``paths`` has a length). The settings
    are checked here, before any file — an unknown ruleset, a misspelled province or a broken
    rules home raises ``GoujiError`` from this call — and after that nothing one file does
    stops the run: an unreadable file gets ``Engine.unreadable``'s record, a file gouji fails on
    (an exception, or a worker process dying) an ``INPUT.CRASH`` record, a file past ``limits``
    (seconds per file, memory per worker; ``gouji.corpus.limits``) an ``INPUT.LIMIT`` record.
    ``passes="each"`` lists every passing rule instance in the records (``Engine.check_report``).

    ``jobs=None`` (the default) lets the run's size decide (``default_jobs``): a small run is
    checked in this process, where it ends sooner than workers could start — without their
    memory cap and crash isolation, as with ``jobs=1``.

    Workers are spawned, so a script calling this with ``jobs > 1`` needs the usual
    ``if __name__ == "__main__":`` guard (the ``gouji`` command has it).
    """
    run = check_reports(
        paths,
        home=home,
        ruleset=ruleset,
        province=province,
        jobs=jobs,
        plugins=plugins,
        limits=limits,
        passes=passes,
    )
    return (checked.record for checked in run)


def check_reports(
    paths: Iterable[str | os.PathLike[str]],
    *,
    home: str | os.PathLike[str] | Home | None = None,
    ruleset: str | None = None,
    province: str | None = None,
    jobs: int | None = None,
    plugins: bool = True,
    reports: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    passes: Passes = "aggregate",
) -> Iterator[Checked]:
    """``check_paths``, yielding ``Checked(record, report)``: with ``reports=True`` each
    readable file's parsed ``Report`` comes along (from the worker that parsed it, so nothing is
    parsed twice), for outputs that draw cell values; otherwise ``report`` is ``None`` and no
    report crosses between processes."""
    if jobs is None:
        jobs = default_jobs(len(paths) if isinstance(paths, Sized) else None)
    elif jobs == 0:
        jobs = default_jobs()
    if jobs < 0:
        raise ValueError(f"jobs must be positive, got {jobs}")
    if isinstance(paths, Sized):
        jobs = max(1, min(jobs, len(paths)))
    engine = Engine(home, plugins=plugins)
    for rid in [ruleset] if ruleset else list(engine.rulesets):
        engine.ruleset(rid)
    settings = Settings(
        engine.home_info, ruleset, resolve_province(province), plugins, reports, limits, passes
    )
    if jobs == 1:
        return (check_file(engine, Path(p), settings) for p in paths)
    from .pool import pooled  # multiprocessing and concurrent.futures only when a pool starts

    return pooled((Path(p) for p in paths), settings, jobs, WINDOW_PER_JOB * jobs)
