"""Which files a corpus run checks: the paths given, and the report files under directories.

A directory is walked depth-first with ``os.scandir``, entries in name order, so the files come
out sorted by path components (what ``sorted(Path.rglob(...))`` gave) while the walk streams.
The walk must survive whatever a real archive holds:

- a symlink to a directory inside the tree is not followed (as ``os.walk`` and ``find`` do by
  default), so a link back to a parent cannot make the walk endless; a directory named on the
  command line is walked even when the name is a symlink;
- a subdirectory that cannot be listed (no permission, gone meanwhile) becomes an
  ``Unreadable`` item for that path — an error record in the run — and the walk goes on;
- a symlink to a file, or a dangling one, is yielded like a file: reading it decides (a dangling
  link becomes "文件不存在");
- a pipe, socket or device with a report's suffix is never opened (reading a pipe would wait
  forever): it is ``Unreadable`` too;
- Word's owner files (``~$报告.docx``, left beside a document open in Word) are skipped: they
  are not reports, and an archive copied while someone was editing holds them. Named on the
  command line, one is still read (and refused, saying what it is).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..filenames import shown
from ..ingest import KINDS

DISCOVERED = frozenset(KINDS) | {".docx", ".pdf"}
"""Suffixes picked up inside directories: what gouji reads, and always the kinds reports are
published in (a build that cannot read one gives an error record saying so, rather than a report
silently missing from the run)."""


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A path found while walking that cannot be checked; ``message`` is the whole one-line
    error (``目录: 无法列出目录内容（没有读取权限）``)."""

    path: Path
    message: str


Found = Path | Unreadable


def discover(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Found]:
    """Each path as given (a file, or anything that is not a directory: reading it decides),
    and every report file under each directory, in a stable order."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from _walk(path)
        else:
            yield path


def _walk(directory: Path) -> Iterator[Found]:
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError as exc:
        yield Unreadable(directory, f"{shown(directory)}: 无法列出目录内容（{_reason(exc)}）")
        return
    for entry in entries:
        path = directory / entry.name
        if _is_real_dir(entry):
            yield from _walk(path)
        elif Path(entry.name).suffix.lower() in DISCOVERED and not entry.name.startswith("~$"):
            yield _file(path, entry)


def _is_real_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _file(path: Path, entry: os.DirEntry[str]) -> Found:
    """The file, unless it is something reading would hang on or make no sense of."""
    try:
        mode = entry.stat(follow_symlinks=True).st_mode
    except OSError:
        return path  # dangling link, gone meanwhile: reading it says which
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):  # a linked directory is said to be one
        return path
    return Unreadable(path, f"{shown(path)}: 不是普通文件（管道、套接字或设备），未读取")


def _reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "没有读取权限"
    return exc.strerror or str(exc)


def report_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Only the paths of ``discover`` (what the pytest plugin collects): a directory that could
    not be listed yields nothing here."""
    for found in discover(paths):
        if isinstance(found, Path):
            yield found
