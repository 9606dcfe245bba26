"""Per-file limits of a corpus run: one file must never stall or sink the run.

A worker checks each file under a deadline (``SIGALRM``: the check is interrupted between
bytecodes) and an address-space cap (``RLIMIT_AS``: a blow-up is a ``MemoryError``). Native code
that never returns to the interpreter (a regular expression backtracking for ever, a C library
looping) ignores the alarm, so the parent also watches every running file and, past the deadline
and a grace period, kills the worker; the pool is restarted and the file recorded. A file past
a limit gets an ``INPUT.LIMIT`` error record and the run goes on.

With ``-j 1`` — and in a small run left to the default (``run.default_jobs``) — the check runs in
the command's own process: the deadline applies (from the main thread), the memory cap does not
(it would cap the whole run).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from ..record import Record
from .failures import error_record

LIMIT_RULE = "INPUT.LIMIT"
"""The rule id of a file whose check ran past the time or memory limit."""

DEFAULT_SECONDS = 60.0
"""A real report is checked in well under a second (README, Speed); a minute is a runaway."""

DEFAULT_MEMORY_MB = 1024
"""Address space per worker: gouji checking the largest real PDF peaks near 110 MB."""

GRACE_SECONDS = 10.0
"""How long past the deadline the parent waits for the worker's own alarm before killing it."""


@dataclass(frozen=True, slots=True)
class Limits:
    """``seconds`` per file and ``memory_mb`` per worker; 0 means no limit."""

    seconds: float = DEFAULT_SECONDS
    memory_mb: int = DEFAULT_MEMORY_MB

    @property
    def hard_seconds(self) -> float | None:
        """When the parent gives up on a running file and kills its worker."""
        return self.seconds + GRACE_SECONDS if self.seconds else None


DEFAULT_LIMITS = Limits()


class FileTimeout(BaseException):
    """The file's check ran past its deadline. A ``BaseException``, like ``KeyboardInterrupt``,
    so no ``except Exception`` inside gouji (a plugin guard, a reader's fallback) swallows it."""


def cap_memory(memory_mb: int) -> None:
    """Cap this process's address space (a worker's, at start-up); no-op where unsupported."""
    if not memory_mb:
        return
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return
    limit = memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise ``FileTimeout`` in the block after ``seconds``; a no-op off the main thread, where
    no signal can be delivered (the parent's watch still holds there)."""
    usable = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise FileTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def past_limit(name: str, what: str) -> Record:
    """The record of a file stopped by a limit."""
    return error_record(
        name, LIMIT_RULE, "检查超出时间或内存上限", f"{name}: {what}，已停止检查此文件"
    )


def too_slow(name: str, seconds: float) -> Record:
    return past_limit(name, f"检查超过 {seconds:g} 秒的时限")


def too_big(name: str, memory_mb: int) -> Record:
    return past_limit(name, f"检查超过 {memory_mb} MB 的内存上限")
