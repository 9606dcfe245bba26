"""``gouji parse``: read reports into canonical cells and print them."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..engine import Engine
from ..errors import GoujiError
from ..model import Report
from ..render.terminal import for_terminal, say
from .check import report_plugin_errors
from .home_options import add_home_options, open_home
from .status import EXIT_ERROR, EXIT_OK


def add(commands) -> None:
    p = commands.add_parser(
        "parse",
        help="read reports into canonical cells and print them",
        description="Read each report into its sections and canonical table cells.",
    )
    p.add_argument(
        "files", nargs="+", metavar="FILE", help="report files (.txt, .md, .html, .docx, .pdf)"
    )
    p.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: tables as grids with Chinese labels; json: one object per report "
        "(an array when several files are given)",
    )
    add_home_options(
        p,
        "rules home whose plugins teach the parser local templates (default: GOUJI_HOME, "
        "the nearest rulesets.toml above the working directory, or the bundled one)",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    engine = Engine(open_home(args))
    report_plugin_errors(engine, set())
    reports: list[Report] = []
    status = EXIT_OK
    for name in args.files:
        try:
            reports.append(engine.parse(Path(name)))
        except GoujiError as exc:
            say(str(exc))
            status = EXIT_ERROR
    if not reports:
        return status
    if args.format == "json":
        from ..render.report_json import dumps

        print(dumps(reports))
    else:
        from ..render.report_text import render

        print(for_terminal("\n\n".join(render(r) for r in reports), lines=True))
    return status
