"""``check_paths``: every file's record, in the order given, from one process or a pool
(``check_reports``: the same, with each file's parsed report when an output needs it).

Order is kept with a sliding window: at most ``window`` files are in flight, and the oldest is
always the next one yielded, so output streams in input order while memory stays bounded by the
window (not by the corpus: 100 000 paths in, a few dozen records held at any time).

A worker that dies breaks the whole ``ProcessPoolExecutor``: every file in flight fails with
``BrokenProcessPool`` and nobody knows which one killed it. The pool is restarted and those
files are checked again one at a time; a file that kills a worker on its own gets an
``INPUT.CRASH`` record, the others their normal records. So a crash costs a few pool restarts,
never the run, and never another file's verdict.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sized
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from ..engine import Engine, resolve_province
from ..errors import GoujiError
from ..filenames import shown
from ..home import Home
from ..passing import Passes
from ..record import Record
from .failures import WORKER_DIED, crashed, one_line
from .limits import DEFAULT_LIMITS, Limits, too_slow
from .worker import Checked, Settings, WorkerStartError, check_file, check_one, start

WINDOW_PER_JOB = 4
"""Files in flight per worker: enough that no worker waits for the parent, few enough that a
slow file holds back at most this many finished records."""


def default_jobs() -> int:
    """All cores (``jobs=None``)."""
    return os.cpu_count() or 1


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

    ``jobs=1`` checks in this process; more start that many worker processes (``None`` or 0:
    one per core; never more than there are files when ``paths`` has a length). The settings
    are checked here, before any file — an unknown ruleset, a misspelled province or a broken
    rules home raises ``GoujiError`` from this call — and after that nothing one file does
    stops the run: an unreadable file gets ``Engine.unreadable``'s record, a file gouji fails on
    (an exception, or a worker process dying) an ``INPUT.CRASH`` record, a file past ``limits``
    (seconds per file, memory per worker; ``gouji.corpus.limits``) an ``INPUT.LIMIT`` record.
    ``passes="each"`` lists every passing rule instance in the records (``Engine.check_report``).

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
    if jobs is None or jobs == 0:
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
    return _pooled((Path(p) for p in paths), settings, jobs, WINDOW_PER_JOB * jobs)


class _Pool:
    """A process pool that can be replaced when one of its workers dies."""

    def __init__(self, jobs: int, settings: Settings) -> None:
        self.jobs, self.settings = jobs, settings
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.jobs,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=start,
            initargs=(self.settings,),
        )

    def submit(self, path: Path) -> Future[Checked]:
        try:
            return self.executor.submit(check_one, path)
        except BrokenProcessPool as exc:  # broke since the last result: a suspect like the rest
            future: Future[Checked] = Future()
            future.set_exception(exc)
            return future

    def stop(self) -> None:
        """Wait for the workers to exit; every future is settled afterwards."""
        self.executor.shutdown(wait=True, cancel_futures=True)

    def restart(self) -> None:
        self.stop()
        self.executor = self._start()

    def kill(self) -> None:
        """Kill every worker (one is stuck in native code past its deadline); the pool breaks
        and every other file in flight is checked again by ``_recover``. The executor offers no
        public handle on its processes, hence ``_processes``."""
        for process in list((self.executor._processes or {}).values()):
            process.kill()


def _pooled(paths: Iterator[Path], settings: Settings, jobs: int, window: int) -> Iterator[Checked]:
    pool = _Pool(jobs, settings)
    pending: deque[tuple[Path, Future[Checked]]] = deque()
    try:
        while True:
            while len(pending) < window and (path := next(paths, None)) is not None:
                pending.append((path, pool.submit(path)))
            if not pending:
                return
            path, future = pending[0]
            try:
                checked = _watched(future, path, settings.limits)
            except _Stuck:
                pool.kill()
                pending.popleft()
                yield Checked(too_slow(shown(path), settings.limits.seconds))
                _recover(pool, pending)
                continue
            except BrokenProcessPool:
                _recover(pool, pending)
                continue
            pending.popleft()
            yield checked
    finally:
        pool.stop()


class _Stuck(Exception):
    """A file ran past its deadline and its grace period: its worker does not answer."""


_POLL_SECONDS = 0.5


def _watched(future: Future[Checked], path: Path, limits: Limits) -> Checked:
    """``_result``, giving up (``_Stuck``) when the file has run past the hard deadline."""
    hard = limits.hard_seconds
    started: float | None = None
    while hard is not None:
        done, _ = wait([future], timeout=_POLL_SECONDS)
        if done:
            break
        if future.running():
            started = started if started is not None else time.monotonic()
            if time.monotonic() - started > hard:
                raise _Stuck
    return _result(future, path)


def _result(future: Future[Checked], path: Path) -> Checked:
    """A finished task's outcome; ``BrokenProcessPool`` is left to the caller."""
    try:
        return future.result()
    except BrokenProcessPool:
        raise
    except WorkerStartError as exc:
        raise GoujiError(f"工作进程无法启动：{exc}") from None
    except Exception as exc:  # e.g. a record that could not be sent back
        return Checked(crashed(shown(path), one_line(exc)))


def _recover(pool: _Pool, pending: deque[tuple[Path, Future[Checked]]]) -> None:
    """After a worker died: keep what finished, check the other in-flight files one by one in
    a fresh pool, and put their records in place (``pending`` keeps its order)."""
    pool.restart()  # stopping first settles every future of the broken pool
    for i, (path, future) in enumerate(pending):
        if future.cancelled() or future.exception() is not None:
            pending[i] = (path, _settled(_alone(pool, path)))


def _alone(pool: _Pool, path: Path) -> Checked:
    """One file with nothing else in flight, so a dead worker can only be this file's doing."""
    try:
        return _watched(pool.submit(path), path, pool.settings.limits)
    except _Stuck:
        pool.kill()
        pool.restart()
        return Checked(too_slow(shown(path), pool.settings.limits.seconds))
    except BrokenProcessPool:
        pool.restart()
        return Checked(crashed(shown(path), WORKER_DIED))


def _settled(checked: Checked) -> Future[Checked]:
    future: Future[Checked] = Future()
    future.set_result(checked)
    return future
