"""The ``gouji`` command.

Exit status: 0 when nothing failed, 1 when ``check`` found a failure at or above ``--fail-on``
(or ``rules test`` an example that fails), 2 when gouji could not do what was asked (usage, an
unreadable input for ``parse``, unreadable rule files, a bad ruleset). A bad input never stops
the others, and no traceback reaches the user (set ``GOUJI_DEBUG=1`` to see one). Commands
raise ``GoujiError`` for what stops them; ``main`` alone turns it into one line and status 2.
"""

from __future__ import annotations

import argparse
import difflib
import gc
import os
import re
import signal
import sys
import threading
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import NoReturn

from . import __version__
from .commands import check, parse, plugins, rules, rulesets, schema
from .commands.help_zh import bilingual
from .commands.status import EXIT_ERROR, EXIT_OK
from .dsl.errors import RuleError
from .errors import GoujiError
from .render.terminal import for_terminal, say


class _Parser(argparse.ArgumentParser):
    """argparse, with the closest flag or command offered for a misspelt one
    (``--tmeout`` → 是否指 --timeout？). Subcommands' parsers are of this class too."""

    def error(self, message: str) -> NoReturn:
        hint = _closest(message, self)
        super().error(f"{message}{hint}" if hint else message)


def _closest(message: str, parser: argparse.ArgumentParser) -> str:
    m = re.search(r"unrecognized arguments: (.+)$", message)
    if m:
        known = sorted(_options(parser))
        wrong = [w for w in m[1].split() if w.startswith("-")]
    else:
        m = re.search(r"invalid choice: '([^']+)' \(choose from (.+)\)", message)
        if not m:
            return ""
        known, wrong = re.findall(r"'([^']+)'", m[2]), [m[1]]
    hints = [
        f"是否指 {close[0]}？"
        for w in wrong
        if (close := difflib.get_close_matches(w.split("=")[0], known, n=1, cutoff=0.6))
    ]
    return f"（{'；'.join(hints)}）" if hints else ""


def _options(parser: argparse.ArgumentParser) -> set[str]:
    """Every option string of ``parser`` and of its subcommands, at any depth."""
    found: set[str] = set()
    for action in parser._actions:  # argparse offers no public walk of its actions
        found.update(o for o in action.option_strings if o.startswith("--"))
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found |= _options(sub)
    return found


def _parser(translate: bool = True) -> argparse.ArgumentParser:
    """The command line; ``translate=False`` leaves the help texts as declared, in English
    (for checking the catalog of their Chinese, ``commands.help_zh``)."""
    parser = _Parser(prog="gouji", description="勾稽：政府信息公开工作年度报告合规检查")
    parser.add_argument("--version", action="version", version=f"gouji {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (check, parse, plugins, rules, rulesets, schema):
        module.add(commands)
    return bilingual(parser) if translate else parser


class Terminated(BaseException):
    """SIGTERM arrived: unwound like Ctrl-C, so the pool is stopped and unfinished output
    files are dropped (the previous ones stay) before the process exits."""


def _freeze_imports() -> None:
    """The command line only (``main`` called without ``argv``): what the imports built — some
    400 modules' functions, classes and compiled patterns — lives until the process ends, so it
    is taken out of the cyclic collector's sight. The collector then never walks it again,
    neither during the run nor at exit, where that walk cost ~20 ms of a ~0.3 s ``gouji check``.
    A caller that hands ``argv`` to ``main`` (a test, a script) keeps its collector as it was."""
    gc.freeze()


@contextmanager
def _terminated_as_interrupt() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield  # signals reach only the main thread (library callers running main() elsewhere)
        return

    def terminate(signum: int, frame: object) -> None:
        raise Terminated

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None:
        _freeze_imports()
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    try:
        with _terminated_as_interrupt():
            return args.run(args)
    except Terminated:
        say("已终止")
        return 128 + signal.SIGTERM
    except RuleError as exc:  # already file:line:col, with the source line and caret
        print(for_terminal(str(exc), lines=True), file=sys.stderr)
        return EXIT_ERROR
    except GoujiError as exc:
        say(str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        say("已中断")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # the last line of defence: never a traceback
        if os.environ.get("GOUJI_DEBUG"):
            traceback.print_exc()
        say(f"内部错误（{type(exc).__name__}: {exc}），请将输入文件反馈给开发者")
        return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
