"""Corpus runs: many reports checked in parallel, in order, with progress and a run summary.

``discover`` lists the files under the paths given (symlink loops and unreadable directories
cannot stop it). ``check_paths`` then yields the records of the files in the order given,
whatever the number of worker processes, and turns every way one file can go wrong
(unreadable, a bug, a dying worker) into that file's record, so a run over 100 000 reports never
stops or hangs on one of them; ``check_reports`` also hands on each parsed report. ``with_progress``
draws a bar on a terminal's stderr and ``RunSummary`` tells what the run found.
"""

from __future__ import annotations

from .discover import DISCOVERED, Unreadable, discover, report_paths
from .failures import CRASH_RULE, crashed, plugin_problems
from .progress import progress_wanted, with_progress
from .run import check_paths, check_reports, default_jobs
from .summary import RunSummary
from .worker import Checked

__all__ = [
    "CRASH_RULE",
    "DISCOVERED",
    "Checked",
    "RunSummary",
    "Unreadable",
    "check_paths",
    "check_reports",
    "crashed",
    "default_jobs",
    "discover",
    "plugin_problems",
    "progress_wanted",
    "report_paths",
    "with_progress",
]
