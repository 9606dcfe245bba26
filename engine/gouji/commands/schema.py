"""``gouji schema``: the JSON Schema of a compliance record (or of a parsed report)."""

from __future__ import annotations

import argparse
import json

from ..model import Report
from ..record import Record
from .status import EXIT_OK


def add(commands) -> None:
    p = commands.add_parser("schema", help="print the JSON Schema of the record (or of a report)")
    p.add_argument(
        "--of",
        choices=("record", "report"),
        default="record",
        help="the compliance record (default) or the parsed report",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    model = Record if args.of == "record" else Report
    print(json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2))
    return EXIT_OK
