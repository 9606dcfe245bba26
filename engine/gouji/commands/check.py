"""``gouji check``: check reports against the ruleset their format calls for."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

from ..engine import Engine, resolve_province
from ..errors import SourceError
from ..ingest import KINDS
from ..record import SEVERITY_RANK, Record
from ..render.formats import FORMATS, OutputOptions
from ..render.outputs import open_outputs
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
    p.add_argument(
        "--home", metavar="DIR", help="rules home (default: GOUJI_HOME or the bundled one)"
    )
    p.add_argument(
        "--province",
        metavar="NAME",
        help="the issuers' province (新疆, 湖北省 …), overriding what their names give",
    )
    p.add_argument(
        "--show",
        choices=("problems", "all"),
        default="problems",
        help="text output: only failing and unassessable findings (default), or every finding",
    )
    p.set_defaults(run=run)


def report_files(paths: list[str]) -> Iterator[Path]:
    """Files as given, and every known report file under a directory, in a stable order."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.suffix.lower() in KINDS and p.is_file()
            )
        else:
            yield path


def failing(record: Record, fail_on: str) -> bool:
    if fail_on == "never":
        return False
    threshold = SEVERITY_RANK[fail_on]
    return any(
        f.status == "fail" and SEVERITY_RANK[f.severity] >= threshold for f in record.findings
    )


def run(args: argparse.Namespace) -> int:
    engine = Engine(args.home)
    # A bad ruleset id or rule file stops the run before any report (exit 2, in cli.main).
    for rid in [args.ruleset] if args.ruleset else list(engine.rulesets):
        engine.ruleset(rid)
    resolve_province(args.province)  # a misspelled province stops the run before any report
    reported = report_plugin_errors(engine, set())
    options = OutputOptions(show_all=args.show == "all")
    # Every output file is opened (or refused) before the first report is checked.
    output = open_outputs(args.format, args.output, options, args.paths)
    failed = False
    for path in report_files(args.paths):
        report = None
        try:
            report = engine.parse(path)  # kept for outputs that draw cell values (html)
            record = engine.check_report(report, args.ruleset, province=args.province)
        except SourceError as exc:
            print(f"gouji: {exc}", file=sys.stderr)
            record = Engine.unreadable(str(path), exc)
        output.add(record, report)
        failed = failed or failing(record, args.fail_on)
    output.close()
    report_plugin_errors(engine, reported)
    return EXIT_FAILED if failed else EXIT_OK


def report_plugin_errors(engine: Engine, reported: set[str]) -> set[str]:
    """A disabled plugin is said once on stderr (and stays in every record's ``plugins``)."""
    for problem in engine.plugins.errors():
        if problem not in reported:
            print(f"gouji: 插件 {problem}", file=sys.stderr)
            reported.add(problem)
    return reported
