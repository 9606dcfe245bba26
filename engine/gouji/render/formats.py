"""Every output format of ``gouji check``, behind one streaming interface.

A corpus run may hold thousands of records, so an output receives them one at a time (``add``)
and finishes at ``close``; it keeps only what its format needs for the end (a JSON array's
closing bracket, a summary's counters). ``--format`` writes one to stdout and each
``--output FORMAT:FILE`` one more to a file, from the same single pass over the reports.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Protocol

from ..record import Record


@dataclass(frozen=True, slots=True)
class OutputOptions:
    show_all: bool = False
    """Text output: every finding, not only failures and unassessable ones."""


class Output(Protocol):
    def add(self, record: Record) -> None:
        """Write (or remember, if the format needs the whole run) one record."""

    def close(self) -> None:
        """Finish the output (summaries, closing brackets); the stream is not closed."""


class TextOutput:
    """Per report what fails, then the run's summary (``render.record_text``)."""

    def __init__(self, stream: IO[str], options: OutputOptions) -> None:
        self.stream, self.options = stream, options
        self.verdicts: dict[str, int] = {}

    def add(self, record: Record) -> None:
        from .record_text import render_record

        self.stream.write("\n".join(render_record(record, self.options.show_all)) + "\n\n")
        self.verdicts[record.verdict] = self.verdicts.get(record.verdict, 0) + 1
        self.stream.flush()

    def close(self) -> None:
        from .record_text import run_summary

        self.stream.write(run_summary(self.verdicts) + "\n")


class JsonOutput:
    """One JSON array, written as records arrive; byte-identical for identical input."""

    def __init__(self, stream: IO[str], options: OutputOptions) -> None:
        self.stream, self.count = stream, 0

    def add(self, record: Record) -> None:
        body = json.dumps(record.model_dump(mode="json"), ensure_ascii=False, indent=2)
        self.stream.write(("[\n" if self.count == 0 else ",\n") + _indent(body))
        self.count += 1

    def close(self) -> None:
        self.stream.write("\n]\n" if self.count else "[]\n")


class JsonLinesOutput:
    """One record per line, flushed at once, for pipelines that read while gouji runs."""

    def __init__(self, stream: IO[str], options: OutputOptions) -> None:
        self.stream = stream

    def add(self, record: Record) -> None:
        self.stream.write(record.model_dump_json() + "\n")
        self.stream.flush()

    def close(self) -> None:
        pass


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())


FORMATS: dict[str, Callable[[IO[str], OutputOptions], Output]] = {
    "text": TextOutput,
    "json": JsonOutput,
    "jsonl": JsonLinesOutput,
}
"""Format name → output class, constructed with the stream it writes to."""
