"""``gouji plugins``: what is loaded, from where, which hooks each implements, what failed."""

from __future__ import annotations

import argparse

from ..engine import Engine
from .home_options import add_home_options, open_home
from .status import EXIT_FAILED, EXIT_OK


def add(commands) -> None:
    p = commands.add_parser("plugins", help="list loaded plugins and the hooks they implement")
    add_home_options(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    engine = Engine(open_home(args))
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
