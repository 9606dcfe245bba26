"""Every output format of ``gouji check``, behind one streaming interface.

A corpus run may hold thousands of records, so an output receives them one at a time (``add``)
and finishes at ``close``; it keeps only what its format needs for the end (a JSON array's
closing bracket, a summary's counters). ``--format`` writes one to stdout and each
``--output FORMAT:FILE`` one more to a file, from the same single pass over the reports.

Every output class says what it needs beyond the record: ``binary`` (it writes bytes, e.g.
xlsx, and is handed a byte stream) and ``needs_report`` (it draws cell values, which the record
does not hold, e.g. html: the command then passes the parsed ``Report`` along with its record).
The file formats live one per module (``sarif``, ``junit``, ``github``, ``csv_output``,
``xlsx``, ``html_report``), imported only when used.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import IO, Any, ClassVar, Protocol

from ..model import Report
from ..record import Record


@dataclass(frozen=True, slots=True)
class OutputOptions:
    show_all: bool = False
    """Text output: every finding, not only failures and unassessable ones."""


class Output(Protocol):
    binary: ClassVar[bool]
    """Writes bytes (handed a binary stream), not text."""
    needs_report: ClassVar[bool]
    """Wants the parsed ``Report`` with each record (cell values); others get ``None``."""

    def add(self, record: Record, report: Report | None = None) -> None:
        """Write (or remember, if the format needs the whole run) one record. ``report`` is the
        report the record judged, when the output ``needs_report`` and the file could be read."""

    def close(self) -> None:
        """Finish the output (summaries, closing brackets); the stream is not closed."""


class TextOutput:
    """Per report what fails (``render.record_text``), then the run's summary — the same
    ``RunSummary`` a run in another format prints on stderr, so a terminal shows one summary.
    Meant for a terminal: control characters from report text are shown as escapes
    (``render.terminal``), each line on its own, so no message can pose as another line."""

    binary: ClassVar[bool] = False
    needs_report: ClassVar[bool] = False

    def __init__(self, stream: IO[str], options: OutputOptions) -> None:
        from ..corpus.summary import RunSummary

        self.stream, self.options = stream, options
        self.summary = RunSummary()

    def add(self, record: Record, report: Report | None = None) -> None:
        from .record_text import render_record
        from .terminal import for_terminal

        lines = render_record(record, self.options.show_all)
        self.stream.write("\n".join(map(for_terminal, lines)) + "\n\n")
        self.summary.add(record)
        self.stream.flush()

    def close(self) -> None:
        from .terminal import for_terminal

        self.stream.write(for_terminal(self.summary.render(), lines=True) + "\n")


class JsonOutput:
    """One JSON array, written as records arrive; byte-identical for identical input."""

    binary: ClassVar[bool] = False
    needs_report: ClassVar[bool] = False

    def __init__(self, stream: IO[str], options: OutputOptions) -> None:
        self.stream, self.count = stream, 0

    def add(self, record: Record, report: Report | None = None) -> None:
        # pydantic's own serialiser: the same bytes as ``json.dumps(record.model_dump(mode=
        # "json"), ensure_ascii=False, indent=2)`` (tested) in a sixth of the time.
        body = record.model_dump_json(indent=2)
        self.stream.write(("[\n" if self.count == 0 else ",\n") + _indent(body))
        self.count += 1

    def close(self) -> None:
        self.stream.write("\n]\n" if self.count else "[]\n")


class JsonLinesOutput:
    """One record per line, flushed at once, for pipelines that read while gouji runs."""

    binary: ClassVar[bool] = False
    needs_report: ClassVar[bool] = False

    def __init__(self, stream: IO[str], options: OutputOptions) -> None:
        self.stream = stream

    def add(self, record: Record, report: Report | None = None) -> None:
        self.stream.write(record.model_dump_json() + "\n")
        self.stream.flush()

    def close(self) -> None:
        pass


def _indent(text: str) -> str:
    """Indent by JSON's own line breaks only: ``splitlines`` also breaks at U+2028, U+0085 and
    other characters ``json.dumps`` leaves raw inside strings (web text holds them), which cut
    a string in two and made the array invalid JSON."""
    return "\n".join("  " + line for line in text.split("\n"))


@dataclass(frozen=True, slots=True)
class Lazy:
    """A format whose module is imported only when it is used: ``gouji check`` starts in half a
    second, and the six file formats together would add some 30 ms to every run that does not
    use them. ``binary`` and ``needs_report`` repeat the class's own (a test holds them equal)."""

    module: str
    name: str
    binary: bool = False
    needs_report: bool = False

    def load(self) -> type:
        return getattr(import_module(f"{__package__}.{self.module}"), self.name)

    def __call__(self, stream: IO[Any], options: OutputOptions) -> Output:
        return self.load()(stream, options)


FORMATS: dict[str, Callable[[IO[Any], OutputOptions], Output]] = {
    "text": TextOutput,
    "json": JsonOutput,
    "jsonl": JsonLinesOutput,
    "sarif": Lazy("sarif", "SarifOutput"),
    "junit": Lazy("junit", "JunitOutput"),
    "github": Lazy("github", "GithubOutput"),
    "csv": Lazy("csv_output", "CsvOutput"),
    "xlsx": Lazy("xlsx", "XlsxOutput", binary=True),
    "html": Lazy("html_report", "HtmlOutput", needs_report=True),
}
"""Format name → output class, constructed with the stream it writes to (a byte stream for a
``binary`` one)."""
