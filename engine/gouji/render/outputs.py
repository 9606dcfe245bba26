"""Where the outputs of one ``gouji check`` run go: stdout (``--format``) and files (``--output``).

Everything that can make a run unwritable is decided before the first report is checked — an
unknown format, a file named twice, a file that cannot be opened, a binary format on a
terminal, and an output that would overwrite or be read as one of the inputs — so a corpus run
never fails an hour in, and never touches a report it checks.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

from ..corpus.discover import DISCOVERED
from ..errors import GoujiError
from ..model import Report
from ..record import Record
from .formats import FORMATS, Output, OutputOptions


class Outputs:
    """Several outputs fed from the same single pass, and the files they own.

    Each ``--output`` file is written to a temporary file beside it and renamed over it only
    when the run has finished it: a run that stops half-way (Ctrl-C, a full disk, a killed
    process) leaves the previous file as it was, never a truncated one that looks complete.
    A write that fails names the output it was for."""

    def __init__(self, outputs: list[Output], files: list[AtomicFile]) -> None:
        self.outputs, self.files = outputs, files
        self.names = ["标准输出", *(str(f.path) for f in files)]
        """What each output is called in an error: stdout first, then the files."""

    @property
    def needs_report(self) -> bool:
        return any(getattr(o, "needs_report", False) for o in self.outputs)

    def add(self, record: Record, report: Report | None = None) -> None:
        for name, output in zip(self.names, self.outputs, strict=True):
            with _naming(name):
                output.add(record, report if getattr(output, "needs_report", False) else None)

    def close(self) -> None:
        try:
            for name, output in zip(self.names, self.outputs, strict=True):
                with _naming(name):
                    output.close()
            for f in self.files:
                with _naming(str(f.path)):
                    f.commit()
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        """Drop the unfinished files; the previous ones stay in place."""
        for f in self.files:
            f.discard()


@contextmanager
def _naming(name: str) -> Iterator[None]:
    """An ``OSError`` while writing an output (a full disk, a closed pipe excepted) becomes a
    ``GoujiError`` that names the output, not the report being checked."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise GoujiError(f"无法写入 {name}（{exc.strerror or exc}）") from None


class AtomicFile:
    """An output file written beside its target and renamed over it when complete."""

    def __init__(self, path: Path, binary: bool) -> None:
        self.path = path
        handle, temp = tempfile.mkstemp(
            dir=path.parent or ".", prefix=f".{path.name}.", suffix=".tmp"
        )
        self.temp = Path(temp)
        os.chmod(self.temp, 0o666 & ~_umask())  # as open() would create it
        self.file: IO[Any] = (
            os.fdopen(handle, "wb") if binary else os.fdopen(handle, "w", encoding="utf-8")
        )

    def commit(self) -> None:
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        os.replace(self.temp, self.path)

    def discard(self) -> None:
        with suppress(OSError):
            self.file.close()
        with suppress(OSError):
            self.temp.unlink()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


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
    files: list[AtomicFile] = []
    try:
        for spec, name, path in targets:
            binary = getattr(FORMATS[name], "binary", False)
            if path.is_dir():
                raise GoujiError(f"--output {spec}：无法写入 {path}（是目录）")
            try:
                f = AtomicFile(path, binary)
            except OSError as exc:
                raise GoujiError(
                    f"--output {spec}：无法写入 {path}（{exc.strerror or exc}）"
                ) from None
            files.append(f)
            outputs.append(FORMATS[name](f.file, options))
    except GoujiError:
        for f in files:
            f.discard()
        raise
    return Outputs(outputs, files)
