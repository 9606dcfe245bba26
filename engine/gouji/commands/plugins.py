"""``gouji plugins``: what is loaded, from where, which hooks each implements, what failed."""

from __future__ import annotations

import argparse

from ..engine import Engine
from .status import EXIT_FAILED, EXIT_OK


def add(commands) -> None:
    p = commands.add_parser("plugins", help="list loaded plugins and the hooks they implement")
    p.add_argument(
        "--home", metavar="DIR", help="rules home (default: GOUJI_HOME or the bundled one)"
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    engine = Engine(args.home)
    failed = False
    for use in engine.plugin_uses():
        version = f" {use.version}" if use.version else ""
        print(f"{use.name}{version}  （{use.origin}）")
        if use.summary:
            print(f"    {use.summary}")
        if use.hooks:
            print(f"    钩子：{'、'.join(use.hooks)}")
        if use.error:
            failed = True
            print(f"    错误：{use.error}")
    return EXIT_FAILED if failed else EXIT_OK
