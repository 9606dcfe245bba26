"""An on-disk cache for work that gives the same result on every run: parsed rule files and
the gazetteer's index. Without it a cold ``gouji check FILE`` spends more time building these
than checking the report.

Where: ``GOUJI_CACHE_DIR``, else ``$XDG_CACHE_HOME/gouji``, else ``~/.cache/gouji``.
``GOUJI_NO_CACHE=1`` turns it off. Entries are named by a hash of everything they are made from,
so an edited input simply misses and is rebuilt; nothing is ever invalidated in place, and the
whole folder can be deleted at any time.

The cache may only ever make gouji faster, never make it fail: a folder that cannot be made or
written, an entry that cannot be read, a truncated or foreign file — each is a miss, silently,
and the caller builds what it needed. Writes go to a temporary file renamed into place, so a
reader (another worker, another run) never sees half an entry.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

CACHE_DIR_ENV = "GOUJI_CACHE_DIR"
NO_CACHE_ENV = "GOUJI_NO_CACHE"
_OFF = {"", "0", "false", "no", "off"}


def cache_dir() -> Path | None:
    """The cache folder (not created here), or ``None`` when caching is off or no folder can
    be named (no home directory)."""
    if os.environ.get(NO_CACHE_ENV, "").strip().lower() not in _OFF:
        return None
    named = os.environ.get(CACHE_DIR_ENV)
    if named:
        return Path(named)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):  # the XDG spec: a relative value is to be ignored
        return Path(xdg) / "gouji"
    try:
        return Path.home() / ".cache" / "gouji"
    except (RuntimeError, KeyError, OSError):  # no HOME and no passwd entry
        return None


def key(*parts: str | bytes) -> str:
    """A hex digest naming an entry: every part, length-prefixed so no two lists of parts
    give the same bytes."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def entry_path(kind: str, name: str) -> Path | None:
    """Where entry ``name`` of ``kind`` (a subfolder) lives, or ``None`` when caching is off."""
    folder = cache_dir()
    return None if folder is None else folder / kind / name


def read(kind: str, name: str) -> bytes | None:
    """An entry's bytes, or ``None`` for a miss — including any error reading it."""
    path = entry_path(kind, name)
    if path is None:
        return None
    try:
        return path.read_bytes()
    except (OSError, ValueError):
        return None


def write(kind: str, name: str, data: bytes) -> None:
    """Store an entry atomically; any failure (read-only disk, full disk, no permission) is
    ignored: the run goes on without the cache."""
    write_with(kind, name, lambda path: path.write_bytes(data))


def write_with(kind: str, name: str, fill: Callable[[Path], object]) -> Path | None:
    """Have ``fill`` write a new entry into a temporary file, then rename it into place. Returns
    the entry's path, or ``None`` when it could not be stored (``fill`` raising included)."""
    path = entry_path(kind, name)
    if path is None:
        return None
    tmp: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        fill(tmp)
        os.replace(tmp, path)
        return path
    except Exception:  # the cache must never fail a run, whatever went wrong while filling
        if tmp is not None:
            discard(tmp)
        return None


def discard(path: Path) -> None:
    """Remove a bad entry so the next run rebuilds it; a failure to remove is ignored."""
    with suppress(OSError):
        path.unlink()
