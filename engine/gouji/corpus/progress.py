"""A progress bar for corpus runs, on stderr, only where a person is watching it.

The bar is drawn when stderr is a terminal and stdout is not: ``gouji check DIR > out.jsonl``
shows it, a pipeline or CI log (stderr not a terminal) gets nothing, and text output scrolling
on the terminal is its own progress (a bar redrawn between its lines would garble both).
Messages printed to ``sys.stderr`` meanwhile appear above the bar; stdout is never touched.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import IO, TypeVar

T = TypeVar("T")


def progress_wanted(stdout: IO[str] | None = None, stderr: IO[str] | None = None) -> bool:
    """Whether to draw a bar: stderr is a terminal and stdout is not (see the module doc)."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    return _isatty(stderr) and not _isatty(stdout)


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed or not a real file
        return False


@contextmanager
def with_progress(
    items: Iterable[T], total: int | None, enabled: bool, *, description: str = "检查报告"
) -> Iterator[Iterator[T]]:
    """``items`` again, advancing a bar on stderr for each one when ``enabled``.

    A context manager, so the bar is taken down (it is transient) however the run ends —
    finished, an exception, Ctrl-C — before the command prints its summary.
    """
    if not enabled:
        yield iter(items)
        return
    from .bar import progress_bar  # rich only when a bar is drawn: ~30 ms of every start

    progress = progress_bar()
    with progress:
        task = progress.add_task(description, total=total)

        def advancing() -> Iterator[T]:
            for item in items:
                progress.advance(task)
                yield item

        yield advancing()
