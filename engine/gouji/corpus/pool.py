"""The worker pool of a corpus run (``-j`` above 1): records in input order, crashes and stuck
files contained. Imported only when a pool starts, so a run checked in its own process — one
file, a small folder — does not pay for ``multiprocessing`` and ``concurrent.futures``.

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
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from ..errors import GoujiError
from ..filenames import shown
from .failures import WORKER_DIED, crashed, one_line
from .limits import Limits, too_slow
from .worker import Checked, Settings, WorkerStartError, check_one, start


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


def pooled(paths: Iterator[Path], settings: Settings, jobs: int, window: int) -> Iterator[Checked]:
    """Each path's outcome, in order, from ``jobs`` worker processes with at most ``window``
    files in flight."""
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
