"""``--home``, ``--trust-home`` and ``--disable-plugin``, shared by every subcommand that uses a
rules home (not a subcommand itself).

The command line, unlike the library, says on stderr which home it uses when the user did not
name it, and that a home found by walking up had its plugins left out: a folder someone else put
above the working directory must not change verdicts, or run code, without the user seeing it.
"""

from __future__ import annotations

import argparse
from dataclasses import replace

from ..home import TRUST_ENV, Home, find_home
from ..plugins import DISABLE_ENV
from ..render.terminal import say

HOME_HELP = (
    "rules home (default: GOUJI_HOME, the nearest folder with rulesets.toml and rules/ above "
    "the working directory, or the bundled one); a home named here is trusted to run its plugins"
)


def add_home_options(parser: argparse.ArgumentParser, home_help: str = HOME_HELP) -> None:
    parser.add_argument("--home", metavar="DIR", help=home_help)
    parser.add_argument(
        "--trust-home",
        action="store_true",
        help="run the plugins of a rules home found by walking up from the working directory "
        f"(default: only its rule files are used; also {TRUST_ENV}=1)",
    )
    parser.add_argument(
        "--disable-plugin",
        action="append",
        default=[],
        metavar="NAME",
        help="do not load the plugin NAME (as `gouji plugins` names it, e.g. hubei); "
        f"repeatable; also {DISABLE_ENV}=NAME,NAME",
    )


def open_home(args: argparse.Namespace, *, plugins: bool = True) -> Home:
    """The home the command will use, announced on stderr (``Home.notices``). Raises
    ``GoujiError`` for a named home that is none."""
    home = find_home(args.home, trust=args.trust_home)
    if args.disable_plugin:
        home = replace(home, disabled_plugins=tuple(args.disable_plugin))
    for line in home.notices(plugins):
        say(line)
    return home
