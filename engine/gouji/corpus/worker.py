"""What runs for one file, in the command's own process (``jobs=1``) or in a worker process.

Workers are started with the ``spawn`` method: a fresh interpreter knows nothing it did not
import, which is safe with the threads a progress bar or a pool's manager runs in the parent, and
behaves alike on Linux, macOS and Windows. Each worker builds its ``Engine`` once, in the pool's
initializer, and then checks one path per task.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from ..engine import Engine
from ..errors import SourceError
from ..filenames import shown
from ..home import Home
from ..model import Report
from ..passing import Passes
from ..record import Record
from .failures import crashed, one_line
from .limits import (
    DEFAULT_LIMITS,
    FileTimeout,
    Limits,
    cap_memory,
    deadline,
    too_big,
    too_slow,
)


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a worker needs to build the same engine as the parent (picklable)."""

    home: str | Home
    """The parent's ``Home`` (with its trust decision), or a folder named outright."""
    ruleset: str | None
    province: str | None
    plugins: bool
    reports: bool = False
    """Send each parsed ``Report`` back with its record (for outputs that draw cell values)."""
    limits: Limits = DEFAULT_LIMITS
    """Time per file and memory per worker (``limits``)."""
    passes: Passes = "aggregate"
    """Count passing instances per rule, or list each (``Engine.check_report``)."""


class Checked(NamedTuple):
    """One file's outcome: its record, and its parsed report when ``Settings.reports`` asks for
    it and the file could be read (``None`` otherwise)."""

    record: Record
    report: Report | None = None


class WorkerStartError(Exception):
    """The worker could not build its engine: the whole run stops (the parent checked the same
    settings first, so this means the home changed under the run)."""


def check_file(engine: Engine, path: Path, settings: Settings) -> Checked:
    """One file's record, whatever happens: unreadable → ``Engine.unreadable``, any other
    exception (a gouji bug on an odd input) → ``INPUT.CRASH``, so the run goes on. Parsing and
    judging are the two steps of ``Engine.check``, kept apart here to hand the report on."""
    name = shown(path)  # a GBK name must not make the record unwritable
    limits = settings.limits
    try:
        with deadline(limits.seconds):
            report = engine.parse(path)
            record = engine.check_report(
                report, settings.ruleset, province=settings.province, passes=settings.passes
            )
    except SourceError as exc:
        return Checked(Engine.unreadable(name, exc))
    except FileTimeout:
        return Checked(too_slow(name, limits.seconds))
    except MemoryError:
        if not limits.memory_mb or not _in_worker:
            return Checked(crashed(name, "内存不足"))
        return Checked(too_big(name, limits.memory_mb))
    except (Exception, SystemExit) as exc:
        if os.environ.get("GOUJI_DEBUG"):
            traceback.print_exc(file=sys.stderr)
        return Checked(crashed(name, one_line(exc)))
    return Checked(record, report if settings.reports else None)


_engine: Engine | None = None
_settings: Settings | None = None
_start_error: str | None = None
_in_worker = False


def start(settings: Settings) -> None:
    """Pool initializer: build the engine once per worker. Ctrl-C is left to the parent, which
    stops the pool, instead of every worker printing its own interrupted traceback."""
    global _engine, _settings, _start_error, _in_worker
    import multiprocessing  # loaded in a worker anyway; an in-process run never imports it

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _settings, _in_worker = settings, True
    parent = multiprocessing.parent_process()
    _exit_with(parent.pid if parent is not None and parent.pid else os.getppid())
    cap_memory(settings.limits.memory_mb)
    try:
        _engine = Engine(settings.home, plugins=settings.plugins)
    except Exception as exc:  # reported per task; an initializer that raises breaks the pool
        _start_error = one_line(exc)


_ORPHAN_POLL_SECONDS = 1.0


def _exit_with(parent: int) -> None:
    """End this worker when its parent is gone (killed with SIGKILL, or by SIGTERM before it
    could stop the pool): a watch thread sees the process reparented and exits at once, so a
    killed run leaves no worker behind checking files for nobody."""

    def watch() -> None:
        # The parent may be gone already: killed while this worker was still importing.
        while os.getppid() == parent:
            time.sleep(_ORPHAN_POLL_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name="gouji-orphan-watch", daemon=True).start()


def check_one(path: Path) -> Checked:
    """Pool task: the record (and report) of one file, pickled back to the parent."""
    if _engine is None or _settings is None:
        raise WorkerStartError(_start_error or "工作进程未初始化")
    return check_file(_engine, path, _settings)
