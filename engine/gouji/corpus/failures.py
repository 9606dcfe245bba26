"""Records for files whose check went wrong, so one bad file is a line in the run, not its end."""

from __future__ import annotations

from ..engine import ENGINE
from ..record import Finding, Record, summarize

CRASH_RULE = "INPUT.CRASH"
"""The rule id of a file whose check raised (a gouji bug) or killed its worker process."""

_MAX_MESSAGE = 300


def one_line(exc: BaseException) -> str:
    """An exception as users see it: its type and the first line of its message, never a
    traceback (``GOUJI_DEBUG=1`` prints that on stderr instead)."""
    text = str(exc).strip().splitlines()
    first = text[0] if text else ""
    if len(first) > _MAX_MESSAGE:
        first = first[:_MAX_MESSAGE] + "…"
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def crashed(name: str, reason: str) -> Record:
    """The record of a file gouji failed on."""
    message = f"{name}: 检查时程序出错（{reason}），请将此文件反馈给开发者"
    return error_record(name, CRASH_RULE, "检查时程序出错", message)


def error_record(name: str, rule: str, title: str, message: str) -> Record:
    """One failing error finding and ``verdict: error``, like an unreadable file, so
    ``--fail-on`` and the summary count the file."""
    finding = Finding(
        rule=rule, instance=rule, status="fail", severity="error", title=title, message=message
    )
    return Record(
        source=name,
        sha256="",
        edition="legacy",
        engine=ENGINE,
        verdict="error",
        summary=summarize((finding,)),
        findings=(finding,),
        error=message,
    )


WORKER_DIED = "工作进程意外退出"
"""The reason given when the worker process checking a file died (killed, out of memory, a crash
in native code): the file is retried alone, and only a file that kills a worker again gets it."""


def plugin_problems(record: Record) -> list[str]:
    """Disabled plugins named in a record, as ``Plugins.errors`` words them (``name: error``).

    With worker processes a plugin may fail in a worker, where the parent's engine never sees
    it; every record carries its plugins, so the command can say each problem once from there.
    """
    return [f"{use.name}: {use.error}" for use in record.plugins if use.error]
