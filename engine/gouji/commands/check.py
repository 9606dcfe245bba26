"""``gouji check``: check reports against the ruleset their format calls for.

One pass over the files (``corpus.discover``), checked in this process or in worker processes
(``-j``), records in input order whatever the number of workers, each record streamed to every
output as it arrives; a baseline marks accepted failures; progress and the run's summary go to
stderr, never into an output.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from ..baseline import BASELINE_FILE
from ..corpus import (
    Checked,
    RunSummary,
    Unreadable,
    check_reports,
    discover,
    plugin_problems,
    progress_wanted,
    report_paths,
    with_progress,
)
from ..corpus.discover import DISCOVERED, Found
from ..corpus.limits import DEFAULT_MEMORY_MB, DEFAULT_SECONDS, Limits
from ..corpus.run import FILES_PER_WORKER, default_jobs
from ..corpus.waivers import apply_baseline, choose_baseline, waiver_lines
from ..engine import Engine
from ..errors import GoujiError, SourceError
from ..filenames import shown
from ..record import SEVERITY_RANK, Record, counts
from ..render.formats import FORMATS, OutputOptions
from ..render.outputs import needs_report, open_outputs
from ..render.terminal import for_terminal, say
from .home_options import add_home_options, open_home
from .status import EXIT_FAILED, EXIT_OK


def add(commands) -> None:
    p = commands.add_parser(
        "check",
        help="check reports against the national rules",
        description="Check each report (files, or directories searched recursively) against the "
        "ruleset for the format its tables follow.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="report files or directories")
    p.add_argument(
        "--format",
        choices=tuple(FORMATS),
        default="text",
        help="what to write to stdout (default: text; xlsx only to a redirected stdout)",
    )
    p.add_argument(
        "--output",
        action="append",
        default=[],
        metavar="FORMAT:FILE",
        help="also write FORMAT to FILE, from the same pass (repeatable), e.g. sarif:gouji.sarif",
    )
    p.add_argument(
        "--fail-on",
        choices=("error", "warning", "info", "never"),
        default="error",
        help="exit 1 when a finding of this severity or above fails (default: error)",
    )
    p.add_argument("--ruleset", metavar="ID", help="use this ruleset instead of choosing by format")
    add_home_options(p)
    p.add_argument(
        "--province",
        metavar="NAME",
        help="the issuers' province (新疆, 湖北省 …), overriding what their names give",
    )
    p.add_argument(
        "--show",
        choices=("problems", "all"),
        default="problems",
        help="problems (default): list failing and unassessable findings, passing rules counted "
        "once each with their instances; all: list every rule instance, passes included, in "
        "every format",
    )
    p.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=None,
        metavar="N",
        help=f"worker processes (default: this process for fewer than {2 * FILES_PER_WORKER} "
        f"files, else one per {FILES_PER_WORKER} files up to one per core; 0: one per core; "
        "1: check in this process); the output is the same for any N",
    )
    p.add_argument(
        "--timeout",
        type=_non_negative(float),
        default=DEFAULT_SECONDS,
        metavar="SECONDS",
        help=f"time limit per file (default {DEFAULT_SECONDS:g}; 0: none): a file past it gets "
        "an INPUT.LIMIT error record and the run goes on",
    )
    p.add_argument(
        "--max-memory",
        type=_non_negative(int),
        default=None,
        metavar="MB",
        help=f"memory limit per worker process (default {DEFAULT_MEMORY_MB}; 0: none); given, "
        "a run left to the default -j is checked in workers however small, so that it holds; "
        "not applied with -j 1",
    )
    waivers = p.add_mutually_exclusive_group()
    waivers.add_argument(
        "--baseline",
        metavar="FILE",
        help=f"accepted failures (default: {BASELINE_FILE} in the working directory, if any)",
    )
    waivers.add_argument("--no-baseline", action="store_true", help=f"ignore {BASELINE_FILE}")
    p.set_defaults(run=run)


def _non_negative(kind: type[float] | type[int]) -> Callable[[str], float | int]:
    """A limit's parser: 0 (no limit) or a positive finite number."""

    def parse(text: str) -> float | int:
        try:
            value = kind(text)
        except ValueError:
            value = -1
        if value < 0 or not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"应为 0（不限）或正数：{text}")
        return value

    return parse


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        jobs = -1
    if jobs < 0:
        raise argparse.ArgumentTypeError(f"应为 0（全部核心）或正整数：{text}")
    return jobs


def report_files(paths: list[str]) -> Iterator[Path]:
    """Files as given, and every report file under a directory, in a stable order (the pytest
    plugin collects these; ``gouji check`` itself also reports what it could not list)."""
    return report_paths(paths)


def failing(record: Record, fail_on: str) -> bool:
    """Whether the record fails the run: a failure at or above ``fail_on`` that counts against
    the report (unwaived, resting on the report itself, not on the parser's reading)."""
    if fail_on == "never":
        return False
    threshold = SEVERITY_RANK[fail_on]
    return any(counts(f) and SEVERITY_RANK[f.severity] >= threshold for f in record.findings)


def _jobs_for(jobs: int | None, max_memory: int | None, files: int) -> int | None:
    """The ``-j`` to run with. A run too small for workers is checked in this process, where a
    memory limit cannot hold without capping gouji itself; a user who names ``--max-memory``
    asked for that limit, so such a run gets its workers (one per core at most, never more
    than there are files)."""
    if jobs is None and max_memory and default_jobs(files) == 1:
        return 0
    return jobs


def run(args: argparse.Namespace) -> int:
    # Everything that can stop the run is decided before the first report: the baseline file,
    # the outputs' formats, the ruleset, rule files, home and province (in check_reports), the
    # output files (open_outputs). cli.main turns a GoujiError into one line and exit 2.
    baseline = choose_baseline(args.baseline, args.no_baseline)
    found = list(discover(args.paths))
    if not found:
        # An empty folder, or one with no report file: a CI job pointed at the wrong folder
        # must not pass for having checked nothing.
        where = "、".join(map(shown, args.paths))
        raise GoujiError(f"没有找到可检查的报告文件（{' '.join(sorted(DISCOVERED))}）：{where}")
    paths = [f for f in found if isinstance(f, Path)]
    checked = check_reports(
        paths,
        home=open_home(args),
        ruleset=args.ruleset,
        province=args.province,
        jobs=_jobs_for(args.jobs, args.max_memory, len(paths)),
        reports=needs_report(args.format, args.output),
        limits=Limits(
            args.timeout, DEFAULT_MEMORY_MB if args.max_memory is None else args.max_memory
        ),
        passes="each" if args.show == "all" else "aggregate",
    )
    options = OutputOptions(show_all=args.show == "all")
    output = open_outputs(args.format, args.output, options, args.paths)
    summary = RunSummary()
    said: set[str] = set()
    failed = False
    try:
        with with_progress(_in_order(found, checked), len(found), progress_wanted()) as stream:
            for record, report in stream:
                record = apply_baseline(baseline, record)
                _say_problems(record, said)
                output.add(record, report)
                summary.add(record)
                failed = failed or failing(record, args.fail_on)
    except BaseException:
        output.abort()
        raise
    finally:
        _close(checked)
    output.close()
    if args.format != "text":  # the text output ends with the same summary
        print(for_terminal(summary.render(), lines=True), file=sys.stderr)
    for line in waiver_lines(baseline) if baseline is not None else ():
        say(line)
    return EXIT_FAILED if failed else EXIT_OK


def _in_order(found: list[Found], checked: Iterator[Checked]) -> Iterator[Checked]:
    """Every path's outcome in the order found: what the walk could not list gets its error
    record here, the rest come from the run (which yields them in the same order)."""
    for item in found:
        if isinstance(item, Unreadable):
            yield Checked(Engine.unreadable(shown(item.path), SourceError(item.message)))
        else:
            yield next(checked)


def _say_problems(record: Record, said: set[str]) -> None:
    """One stderr line per file that could not be checked, and per disabled plugin once (a
    plugin may fail in a worker process; every record names its plugins)."""
    if record.error:
        say(record.error)
    for problem in plugin_problems(record):
        if problem not in said:
            said.add(problem)
            say(f"插件 {problem}")


def _close(checked: Iterator[Checked]) -> None:
    """Stop the workers now, not when the garbage collector finds the generator."""
    close = getattr(checked, "close", None)
    if close is not None:
        close()


def report_plugin_errors(engine: Engine, reported: set[str]) -> set[str]:
    """A disabled plugin is said once on stderr (and stays in every record's ``plugins``);
    ``gouji parse`` asks its engine this way, ``gouji check`` reads the records."""
    for problem in engine.plugins.errors():
        if problem not in reported:
            say(f"插件 {problem}")
            reported.add(problem)
    return reported
