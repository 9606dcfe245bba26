"""Corpus runs: many reports checked in parallel, in order, with progress and a run summary.

``check_paths`` is the one entry point a command needs: it yields the records of the files in
the order given, whatever the number of worker processes, and turns every way one file can go
wrong (unreadable, a bug, a dying worker) into that file's record so a run over 100 000 reports
never stops or hangs on one of them. ``with_progress`` draws a bar on a terminal's stderr and
``RunSummary`` tells what the run found.
"""

from __future__ import annotations

from .failures import CRASH_RULE, crashed, plugin_problems
from .progress import progress_wanted, with_progress
from .run import check_paths, default_jobs
from .summary import RunSummary

__all__ = [
    "CRASH_RULE",
    "RunSummary",
    "check_paths",
    "crashed",
    "default_jobs",
    "plugin_problems",
    "progress_wanted",
    "with_progress",
]
