"""The library entry points: ``gouji.parse`` and ``gouji.check`` for any source a caller may hold.

For many reports, build one ``gouji.Engine`` and call its ``check``: the functions here build an
engine per call (cheap after the first, since compiled rule files are shared), which keeps them
free of hidden state.
"""

from __future__ import annotations

import os
from pathlib import Path

from .ingest import KINDS, NOT_YET_READ, load_bytes, load_path, load_text
from .model import Report
from .passing import Passes
from .read import read
from .read.local import NATIONAL, LocalTemplates
from .record import Record

Source = str | bytes | os.PathLike[str]


def parse(
    source: Source,
    *,
    name: str | None = None,
    kind: str | None = None,
    local: LocalTemplates = NATIONAL,
) -> Report:
    """Parse a report from a path, raw bytes or text into a typed ``Report``.

    A ``str`` without a line break is taken as a path when it names an existing file or ends in
    a suffix gouji reads (so a mistyped file name is an error, not an empty report); any other
    ``str`` — the empty string included, which would otherwise name the working directory — is
    the report's text. Raises ``gouji.errors.SourceError`` for an input that cannot
    be read at all; anything readable gives a report (whose notes say if it is not one).
    ``local`` is what plugins teach the parser about local templates (``Engine`` passes it).
    """
    if isinstance(source, bytes):
        return read(load_bytes(source, name=name or "<bytes>", kind=kind), local)
    if isinstance(source, os.PathLike):
        return read(load_path(Path(source)), local)
    if source.strip() and "\n" not in source and len(source) < 4096:
        path = Path(source)
        if path.suffix.lower() in KINDS or path.suffix.lower() in NOT_YET_READ or _exists(path):
            return read(load_path(path), local)
    return read(load_text(source, name=name or "<text>", kind=kind), local)


def _exists(path: Path) -> bool:
    """Whether a path exists; a text too long to be a file name is simply not one."""
    try:
        return path.exists()
    except (OSError, ValueError):  # ENAMETOOLONG, a NUL byte
        return False


def check(
    source: Source,
    *,
    ruleset: str | None = None,
    province: str | None = None,
    home: str | os.PathLike[str] | None = None,
    passes: Passes = "aggregate",
) -> Record:
    """Parse and judge one report: the ``Record`` of every finding.

    ``ruleset`` picks a ruleset instead of the one for the report's format; ``province``
    overrides the province its issuer's name gives; ``home`` is a rules home (default:
    ``GOUJI_HOME``, the nearest ``rulesets.toml`` above the working directory, or the bundled
    one). ``passes="each"`` lists every passing rule instance as a finding instead of counting
    them per rule in ``Record.passed``. Raises ``SourceError`` for an unreadable source and
    ``GoujiError`` for a bad ruleset id, province or rules home.
    """
    from .engine import Engine

    return Engine(home).check(source, ruleset, province=province, passes=passes)
