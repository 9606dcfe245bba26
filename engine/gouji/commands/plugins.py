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
    """Each plugin with what it is for in Chinese, then in English (its ``__doc_zh__`` and the
    first line of its docstring); a plugin disabled on request is no failure."""
    engine = Engine(open_home(args))
    failed = False
    for state in engine.plugins.states.values():
        version = f" {state.version}" if state.version else ""
        print(f"{state.name}{version}  （{state.origin}）")
        for summary in (state.summary_zh, state.summary):
            if summary:
                print(f"    {summary}")
        if state.hooks:
            print(f"    钩子：{'、'.join(state.hooks)}")
        if state.blocked:
            print(f"    {state.error}")
        elif state.error:
            failed = True
            print(f"    错误：{state.error}")
    return EXIT_FAILED if failed else EXIT_OK
