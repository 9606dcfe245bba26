"""The library entry points: ``gouji.parse`` for any source a caller may hold."""

from __future__ import annotations

import os
from pathlib import Path

from .ingest import load_bytes, load_path, load_text
from .model import Report
from .read import read

Source = str | bytes | os.PathLike[str]


def parse(source: Source, *, name: str | None = None, kind: str | None = None) -> Report:
    """Parse a report from a path, raw bytes or text into a typed ``Report``.

    A ``str`` is taken as a path when it names an existing file and holds no line break,
    otherwise as the report's text. Raises ``gouji.errors.SourceError`` for an input that cannot
    be read at all; anything readable gives a report (whose notes say if it is not one).
    """
    if isinstance(source, bytes):
        return read(load_bytes(source, name=name or "<bytes>", kind=kind))
    if isinstance(source, os.PathLike):
        return read(load_path(Path(source)))
    if "\n" not in source and len(source) < 4096 and Path(source).is_file():
        return read(load_path(source))
    return read(load_text(source, name=name or "<text>", kind=kind))
