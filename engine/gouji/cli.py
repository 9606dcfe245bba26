"""The ``gouji`` command.

Exit status: 0 when every input was read, 2 when an input could not be read or the command line
is wrong. A failing input never stops the others, and no traceback reaches the user (set
``GOUJI_DEBUG=1`` to see one).
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .api import parse
from .errors import GoujiError
from .model import Report

EXIT_OK = 0
EXIT_ERROR = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gouji",
        description="勾稽：政府信息公开工作年度报告合规检查",
    )
    parser.add_argument("--version", action="version", version=f"gouji {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = commands.add_parser(
        "parse",
        help="read reports into canonical cells and print them",
        description="Read each report into its sections and canonical table cells.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="report files (.txt, .md, .html)")
    p.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: tables as grids with Chinese labels; json: one object per report "
        "(an array when several files are given)",
    )
    return parser


def _cmd_parse(args: argparse.Namespace) -> int:
    reports: list[Report] = []
    status = EXIT_OK
    for name in args.files:
        try:
            reports.append(parse(Path(name)))
        except GoujiError as exc:
            print(f"gouji: {exc}", file=sys.stderr)
            status = EXIT_ERROR
    if not reports:
        return status
    if args.format == "json":
        from .render.report_json import dumps

        print(dumps(reports))
    else:
        from .render.report_text import render

        print("\n\n".join(render(r) for r in reports))
    return status


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    try:
        return _cmd_parse(args)
    except KeyboardInterrupt:
        print("gouji: 已中断", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # the last line of defence: never a traceback
        if os.environ.get("GOUJI_DEBUG"):
            traceback.print_exc()
        print(
            f"gouji: 内部错误（{type(exc).__name__}: {exc}），请将输入文件反馈给开发者",
            file=sys.stderr,
        )
        return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
