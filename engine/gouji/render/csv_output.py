"""``--format csv``: one row per finding, for spreadsheets and ad-hoc analysis.

UTF-8 with a byte-order mark, because Excel (the tool most offices open it with) reads a CSV
without one in the local ANSI code page and garbles the Chinese. Rows are the problems
(failures, waived or not, and findings that could not be judged), or every finding with
``--show all``; a report with nothing to list still gets one row with the rule columns empty,
so every report checked appears in the file.

A field that starts like a spreadsheet formula (``=``, ``+``, ``-``, ``@``) gets a leading ``'``:
issuer names and messages come from the reports, and a spreadsheet must not run them.
"""

from __future__ import annotations

import csv
from typing import IO, TYPE_CHECKING, ClassVar

from ..model import Report
from ..record import Finding, Record
from .common import cell_names, shown

if TYPE_CHECKING:
    from .formats import OutputOptions

COLUMNS = (
    "report",
    "issuer",
    "year",
    "verdict",
    "rule",
    "instance",
    "status",
    "severity",
    "cells",
    "message",
    "cite",
    "responsibility",
    "waived",
)


class CsvOutput:
    binary: ClassVar[bool] = False
    needs_report: ClassVar[bool] = False

    def __init__(self, stream: IO[str], options: OutputOptions) -> None:
        self.stream, self.options = stream, options
        self.writer = csv.writer(stream, lineterminator="\n")
        self.started = False

    def _start(self) -> None:
        if not self.started:
            self.stream.write("\ufeff")
            self.writer.writerow(COLUMNS)
            self.started = True

    def add(self, record: Record, report: Report | None = None) -> None:
        self._start()
        findings = shown(record, self.options.show_all)
        for f in findings:
            self.writer.writerow(_inert(row(record, f)))
        if not findings:
            self.writer.writerow(_inert(row(record, None)))

    def close(self) -> None:
        self._start()


def row(record: Record, f: Finding | None) -> list[str]:
    head = [record.source, record.issuer or "", str(record.year or ""), record.verdict]
    if f is None:
        return head + [""] * (len(COLUMNS) - len(head))
    return [
        *head,
        f.rule,
        f.instance,
        f.status,
        f.severity,
        "、".join(cell_names(f, record.edition)),
        f.message,
        f.cite or "",
        f.responsibility,
        f.waived or "",
    ]


def _inert(fields: list[str]) -> list[str]:
    return ["'" + v if v[:1] in ("=", "+", "-", "@") else v for v in fields]
