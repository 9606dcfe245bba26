"""Where the outputs of one ``gouji check`` run go: stdout (``--format``) and files (``--output``).

Everything that can make a run unwritable is decided before the first report is checked — an
unknown format, a file named twice, a file that cannot be opened, a binary format on a
terminal, and an output that would overwrite or be read as one of the inputs — so a corpus run
never fails an hour in, and never touches a report it checks.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO, Any

from ..corpus.discover import DISCOVERED
from ..errors import GoujiError
from ..model import Report
from ..record import Record
from .formats import FORMATS, Output, OutputOptions


class Outputs:
    """Several outputs fed from the same single pass, and the files they own."""

    def __init__(self, outputs: list[Output], files: list[IO[Any]]) -> None:
        self.outputs, self.files = outputs, files

    @property
    def needs_report(self) -> bool:
        return any(getattr(o, "needs_report", False) for o in self.outputs)

    def add(self, record: Record, report: Report | None = None) -> None:
        for output in self.outputs:
            output.add(record, report if getattr(output, "needs_report", False) else None)

    def close(self) -> None:
        try:
            for output in self.outputs:
                output.close()
        finally:
            for f in self.files:
                f.close()

    def abort(self) -> None:
        """Close the files without finishing the formats: a run that stops half-way (Ctrl-C,
        a worker that cannot start) must not leave a well-formed file that looks complete."""
        for f in self.files:
            f.close()


def parse_target(spec: str) -> tuple[str, Path]:
    """``FORMAT:FILE`` → (format, path); the format is everything before the first colon."""
    name, sep, file = spec.partition(":")
    if not sep or not file:
        raise GoujiError(f"--output {spec}：应写作 格式:文件，如 sarif:gouji.sarif")
    if name not in FORMATS:
        raise GoujiError(f"--output {spec}：未知的格式 {name}（可用：{'、'.join(FORMATS)}）")
    return name, Path(file)


def check_not_input(path: Path, inputs: list[str], spec: str) -> None:
    """Refuse an output file that is one of the inputs, or that a directory being checked
    would pick up as a report (an ``.html`` page written into the corpus it describes)."""
    target = path.resolve()
    for name in inputs:
        source = Path(name)
        if source.is_dir():
            inside = source.resolve() in target.parents
            if inside and target.suffix.lower() in DISCOVERED:
                raise GoujiError(
                    f"--output {spec}：{path} 位于被检查的目录 {name} 中，会被当作报告读取"
                )
        elif source.exists() and target.exists() and os.path.samefile(source, target):
            raise GoujiError(f"--output {spec}：{path} 是被检查的文件，不能覆盖")


def needs_report(stdout_format: str, specs: list[str]) -> bool:
    """Whether any output asked for draws cell values, so the run must hand on each parsed
    ``Report`` (from worker processes too); known before any output is opened."""
    names = [stdout_format, *(parse_target(spec)[0] for spec in specs)]
    return any(getattr(FORMATS[name], "needs_report", False) for name in names)


def open_outputs(
    stdout_format: str,
    specs: list[str],
    options: OutputOptions,
    inputs: list[str],
    stdout: IO[str] | None = None,
) -> Outputs:
    """The stdout output and one per ``--output``, every file opened (or a ``GoujiError``)."""
    stdout = stdout if stdout is not None else sys.stdout
    targets = [(spec, *parse_target(spec)) for spec in specs]
    seen: set[Path] = set()
    for spec, _, path in targets:
        key = path.resolve()
        if key in seen:
            raise GoujiError(f"--output {spec}：文件 {path} 指定了两次")
        seen.add(key)
        check_not_input(path, inputs, spec)
    factory = FORMATS[stdout_format]
    if getattr(factory, "binary", False):
        if stdout.isatty():
            raise GoujiError(
                f"{stdout_format} 是二进制格式，不能输出到终端：请重定向标准输出，"
                f"或使用 --output {stdout_format}:文件"
            )
        outputs = [factory(stdout.buffer, options)]
    else:
        outputs = [factory(stdout, options)]
    files: list[IO[Any]] = []
    try:
        for spec, name, path in targets:
            binary = getattr(FORMATS[name], "binary", False)
            try:
                f = open(path, "wb") if binary else open(path, "w", encoding="utf-8")  # noqa: SIM115
            except OSError as exc:
                raise GoujiError(
                    f"--output {spec}：无法写入 {path}（{exc.strerror or exc}）"
                ) from None
            files.append(f)
            outputs.append(FORMATS[name](f, options))
    except GoujiError:
        for f in files:
            f.close()
        raise
    return Outputs(outputs, files)
