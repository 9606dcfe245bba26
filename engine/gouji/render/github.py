"""``--format github``: GitHub Actions workflow commands, so failures show on the changed files.

One ``::error``/``::warning``/``::notice`` line (by severity) per failing finding, at the line and
column of the finding's first located cell; a file that could not be checked is an ``::error``
on the file. Waived failures and findings that could not be judged are left out: an annotation
asks for a fix. Values and properties are escaped as the runner requires (``%25``, ``%0D``,
``%0A``; in properties also ``%3A`` and ``%2C``), and any other control character is shown as
an escape (``render.terminal``): the job log is a terminal, and a runner reads its commands
from it.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, ClassVar

from ..model import Report
from ..record import Finding, Record
from .common import posix, severity
from .terminal import for_terminal

if TYPE_CHECKING:
    from .formats import OutputOptions

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubOutput:
    binary: ClassVar[bool] = False
    needs_report: ClassVar[bool] = False

    def __init__(self, stream: IO[str], options: OutputOptions) -> None:
        self.stream = stream

    def add(self, record: Record, report: Report | None = None) -> None:
        for f in record.findings:
            if f.status == "fail" and f.waived is None:
                self.stream.write(annotation(f, record) + "\n")
        self.stream.flush()

    def close(self) -> None:
        pass


def annotation(f: Finding, record: Record) -> str:
    """The workflow command of one failing finding."""
    props = [("file", posix(record.source))]
    where = next((loc for loc in f.locations if loc is not None and loc.line), None)
    if where is not None:
        props.append(("line", str(where.line)))
        if where.column:
            props.append(("col", str(where.column)))
    props.append(("title", f"{f.instance} {f.title}"))
    message = f.message + (f"\n依据：{f.cite}" if f.cite else "")
    head = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    return for_terminal(f"::{COMMAND[severity(f)]} {head}::{escape_data(message)}")
