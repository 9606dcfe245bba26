"""``--format github``: GitHub Actions workflow commands, so failures show on the changed files.

One ``::error``/``::warning``/``::notice`` line (by severity) per failing finding, at the line and
column of the finding's first located cell; a file that could not be checked is an ``::error``
on the file. Waived failures and findings that could not be judged are left out: an annotation
asks for a fix.

GitHub shows at most 10 annotations of each kind per step (and 50 per job) and drops the rest
silently, so a report where one rule fails many times (a lost 表二 row is 21 ``T2.COMPLETE``
failures) gets one annotation for that rule, at its first cell, naming how many; and after 10 of
a kind the run writes no more of it, only — at the end — one notice saying how many were left
out and where to see them. Values and properties are escaped as the runner requires (``%25``, ``%0D``,
``%0A``; in properties also ``%3A`` and ``%2C``), and any other control character is shown as
an escape (``render.terminal``): the job log is a terminal, and a runner reads its commands
from it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import partial
from typing import IO, TYPE_CHECKING, ClassVar

from ..model import Report
from ..record import Finding, Record
from .common import SEVERITY_ZH, posix, severity
from .terminal import for_terminal

if TYPE_CHECKING:
    from .formats import OutputOptions

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}
PER_KIND = 10
"""Annotations of one kind GitHub shows per step; the notice that ends a capped run is one of
the notices."""
GROUP_AFTER = 3
"""More failures than this of one rule in one report make one annotation."""


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubOutput:
    binary: ClassVar[bool] = False
    needs_report: ClassVar[bool] = False

    def __init__(self, stream: IO[str], options: OutputOptions) -> None:
        self.stream = stream
        self.written: Counter[str] = Counter()
        self.dropped: Counter[str] = Counter()

    def add(self, record: Record, report: Report | None = None) -> None:
        by_rule: dict[tuple[str, str], list[Finding]] = {}
        for f in record.findings:
            if f.status == "fail" and f.waived is None:
                by_rule.setdefault((f.rule, COMMAND[severity(f)]), []).append(f)
        for (_, command), group in by_rule.items():
            if len(group) > GROUP_AFTER:
                self._write(command, partial(grouped, group, record), len(group))
            else:
                for f in group:
                    self._write(command, partial(annotation, f, record), 1)
        self.stream.flush()

    def _write(self, command: str, line: Callable[[], str], failures: int) -> None:
        """Write the annotation ``line`` makes, or, past GitHub's cap, only count it (a large
        run drops thousands: they are not formatted)."""
        room = PER_KIND - (command == "notice")  # one notice is kept for the end
        if self.written[command] >= room:
            self.dropped[command] += failures
            return
        self.written[command] += 1
        self.stream.write(line() + "\n")

    def close(self) -> None:
        if self.dropped:
            said = "、".join(
                f"{n} 条{word}" for kind, word in KIND_ZH.items() if (n := self.dropped[kind])
            )
            self.stream.write(
                f"::notice title=gouji::另有 {said}未作为注释显示（GitHub 每个步骤每类只显示前 "
                f"{PER_KIND} 条）；完整结果见 gouji check 的文本、SARIF 或 JUnit 输出\n"
            )
            self.stream.flush()


KIND_ZH = {COMMAND[level]: word for level, word in SEVERITY_ZH.items()}


def annotation(f: Finding, record: Record) -> str:
    """The workflow command of one failing finding."""
    props = _where(f, record)
    props.append(("title", f"{f.instance} {f.title}"))
    message = f.message + (f"\n依据：{f.cite}" if f.cite else "")
    return _command(COMMAND[severity(f)], props, message)


def grouped(group: list[Finding], record: Record) -> str:
    """One annotation for many failures of one rule in one report: at the first located one,
    the first few messages and how many there are."""
    first = next((f for f in group if any(loc and loc.line for loc in f.locations)), group[0])
    props = _where(first, record)
    props.append(("title", f"{first.rule} {first.title}（{len(group)} 处）"))
    shown = [f"{f.instance}：{f.message}" for f in group[:GROUP_AFTER]]
    message = "\n".join(
        [*shown, f"……等 {len(group)} 处"] + ([f"依据：{first.cite}"] if first.cite else [])
    )
    return _command(COMMAND[severity(first)], props, message)


def _where(f: Finding, record: Record) -> list[tuple[str, str]]:
    props = [("file", posix(record.source))]
    where = next((loc for loc in f.locations if loc is not None and loc.line), None)
    if where is not None:
        props.append(("line", str(where.line)))
        if where.column:
            props.append(("col", str(where.column)))
    return props


def _command(command: str, props: list[tuple[str, str]], message: str) -> str:
    head = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    return for_terminal(f"::{command} {head}::{escape_data(message)}")
