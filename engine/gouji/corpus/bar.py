"""The rich progress bar of a corpus run, in its own module so that rich is imported only when a
bar is actually drawn (importing it costs ~30 ms, a noticeable part of a one-report run)."""

from __future__ import annotations

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text


class _Rate(ProgressColumn):
    """Reports per second, the number a corpus run is judged by."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.0f} 份/秒" if speed else "", style="progress.data.speed")


def progress_bar() -> Progress:
    """A transient bar on stderr: count, rate, time spent and left. Lines printed to
    ``sys.stderr`` while it runs appear above it (``redirect_stderr``); stdout is left alone."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        _Rate(),
        TimeElapsedColumn(),
        TextColumn("剩余"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
        redirect_stdout=False,
        redirect_stderr=True,
    )
