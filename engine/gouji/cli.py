"""The ``gouji`` command.

Exit status: 0 when nothing failed, 1 when ``check`` found a failure at or above ``--fail-on``
(or ``rules test`` an example that fails), 2 when gouji could not do what was asked (usage, an
unreadable input for ``parse``, unreadable rule files, a bad ruleset). A bad input never stops
the others, and no traceback reaches the user (set ``GOUJI_DEBUG=1`` to see one). Commands
raise ``GoujiError`` for what stops them; ``main`` alone turns it into one line and status 2.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from . import __version__
from .commands import check, parse, plugins, rules, rulesets, schema
from .commands.status import EXIT_ERROR, EXIT_OK
from .dsl.errors import RuleError
from .errors import GoujiError
from .render.terminal import for_terminal, say


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gouji", description="勾稽：政府信息公开工作年度报告合规检查"
    )
    parser.add_argument("--version", action="version", version=f"gouji {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (check, parse, plugins, rules, rulesets, schema):
        module.add(commands)
    return parser


class Terminated(BaseException):
    """SIGTERM arrived: unwound like Ctrl-C, so the pool is stopped and unfinished output
    files are dropped (the previous ones stay) before the process exits."""


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
