"""The gazetteer's lookups — which units bear a name, what a code is called — without reading
45 000 rows on every start.

Building the tables from the bundled CSV files takes over 100 ms, longer than checking a
report, and a run that checks one file needs a few dozen lookups. So the tables are built once
into an indexed SQLite file in the on-disk cache (``gouji.cache``), named by a hash of the data
files, and later runs open it read-only and look names up one at a time (about a millisecond in
all). When the cache is off, cannot be written, or the file turns out corrupt, the tables are
built in memory as before: the answers are the same either way, only slower to get.
"""

from __future__ import annotations

import csv
import re
import sys
import threading
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from . import cache as disk

if TYPE_CHECKING:
    import sqlite3

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

KIND = "gazetteer"
FORMAT = "1"
"""Bumped when the tables' shape changes."""
FILES = ("provinces.csv", "cities.csv", "areas.csv", "streets.csv", "aliases.toml")
LEVEL_OF_LENGTH = {2: "province", 4: "prefecture", 6: "county", 9: "township"}
"""A unit's level is the length of its 统计用区划代码 (checked when the tables are built)."""
_PROVINCE_SHORT = re.compile(r"(?:省|市|维吾尔自治区|壮族自治区|回族自治区|自治区)$")
_MEMO_LIMIT = 1 << 16
"""Lookups remembered per process before the memo starts over (a corpus run repeats names)."""


class Tables(Protocol):
    """What ``gouji.gazetteer`` asks of the data."""

    def codes(self, name: str) -> tuple[str, ...]:
        """The codes of every unit called ``name`` (province short names included), in the
        order of the source files."""
        ...

    def name_of(self, code: str) -> str | None:
        """The name of the unit with this code (a prefecture listed as 市辖区 or 县 gets its
        province's name), or ``None``."""
        ...


@dataclass(frozen=True, slots=True)
class MemoryTables:
    names: dict[str, tuple[str, ...]]
    units: dict[str, str]

    def codes(self, name: str) -> tuple[str, ...]:
        return self.names.get(name, ())

    def name_of(self, code: str) -> str | None:
        return self.units.get(code)


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(text.splitlines()))[1:]  # header: code,name,…


def build(sources: dict[str, bytes]) -> MemoryTables:
    """The tables from the data files' bytes."""
    text = {name: data.decode("utf-8") for name, data in sources.items()}
    units: dict[str, str] = {}
    provinces = {code: name for code, name in _rows(text["provinces.csv"])}
    units.update(provinces)
    for code, name, province in _rows(text["cities.csv"]):  # code,name,provinceCode
        units[code] = provinces[province] if name in ("市辖区", "县") else name
    for file in ("areas.csv", "streets.csv"):
        # areas: code,name,cityCode,provinceCode; streets: code,name,areaCode,provinceCode,cityCode
        units.update((row[0], row[1]) for row in _rows(text[file]))
    if any(len(code) not in LEVEL_OF_LENGTH for code in units):
        raise ValueError("统计用区划代码长度不符")
    names: dict[str, list[str]] = {}
    for code, name in units.items():
        names.setdefault(name, []).append(code)
    for code, name in provinces.items():
        short = _PROVINCE_SHORT.sub("", name)
        if short != name:
            names.setdefault(short, []).append(code)
    return MemoryTables({k: tuple(v) for k, v in names.items()}, units)


def aliases(sources: dict[str, bytes]) -> dict[str, tuple[str, str]]:
    """``aliases.toml``: name → (code, source)."""
    raw = tomllib.loads(sources["aliases.toml"].decode("utf-8"))
    return {k: (v["code"], v["source"]) for k, v in raw.get("aliases", {}).items()}


def read_sources() -> dict[str, bytes]:
    folder = resources.files("gouji").joinpath("data/divisions")
    return {name: folder.joinpath(name).read_bytes() for name in FILES}


def load(sources: dict[str, bytes]) -> Tables:
    """The tables: the cached index when there is a good one, else built (and cached)."""
    name = _entry_name(sources)
    path = disk.entry_path(KIND, name)
    if path is not None and path.is_file():
        tables = SqliteTables.open(path, name, lambda: build(sources))
        if tables is not None:
            return tables
    tables = build(sources)
    if path is not None:
        disk.write_with(KIND, name, lambda tmp: _store(tables, tmp, name))
    return tables


def _entry_name(sources: dict[str, bytes]) -> str:
    return disk.key("gouji-gazetteer", FORMAT, *(x for n in FILES for x in (n, sources[n])))


def _store(tables: MemoryTables, path: Path, name: str) -> None:
    import sqlite3

    con = sqlite3.connect(path)
    try:
        con.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
            "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
            "CREATE TABLE unit(code TEXT PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID;"
            "CREATE TABLE name(name TEXT PRIMARY KEY, codes TEXT NOT NULL) WITHOUT ROWID;"
        )
        con.executemany("INSERT INTO unit VALUES (?, ?)", tables.units.items())
        con.executemany(
            "INSERT INTO name VALUES (?, ?)", ((k, ",".join(v)) for k, v in tables.names.items())
        )
        # Written last: a file without it is incomplete and never used.
        con.execute("INSERT INTO meta VALUES ('entry', ?)", (name,))
        con.commit()
    finally:
        con.close()


class SqliteTables:
    """Lookups in the cached index. A query that fails (the file damaged after it was opened)
    switches this process to tables built in memory and removes the file, so the next run
    rebuilds it; nobody sees the error."""

    def __init__(
        self, con: sqlite3.Connection, path: Path, rebuild: Callable[[], MemoryTables]
    ) -> None:
        self._con, self._path, self._rebuild = con, path, rebuild
        self._memory: MemoryTables | None = None
        self._lock = threading.Lock()  # one connection, possibly several threads
        self._codes: dict[str, tuple[str, ...]] = {}
        self._names: dict[str, str | None] = {}

    @classmethod
    def open(
        cls, path: Path, name: str, rebuild: Callable[[], MemoryTables]
    ) -> SqliteTables | None:
        """The index at ``path`` if it is a complete one for ``name``; else ``None``."""
        try:
            import sqlite3

            uri = f"{path.absolute().as_uri()}?mode=ro&immutable=1"
            con = sqlite3.connect(uri, uri=True, check_same_thread=False)
        except Exception:  # no sqlite3 module, or a path SQLite cannot open
            return None
        try:
            row = con.execute("SELECT value FROM meta WHERE key = 'entry'").fetchone()
            if row is not None and row[0] == name:
                return cls(con, path, rebuild)
        except Exception:  # not a database, truncated, another schema
            pass
        with suppress(Exception):
            con.close()
        disk.discard(path)
        return None

    def codes(self, name: str) -> tuple[str, ...]:
        found = self._codes.get(name)
        if found is None:
            value = self._fetch("SELECT codes FROM name WHERE name = ?", name)
            if value is _FAILED:
                return self._memory.codes(name)  # type: ignore[union-attr]
            found = tuple(value.split(",")) if isinstance(value, str) else ()
            self._remember(self._codes, name, found)
        return found

    def name_of(self, code: str) -> str | None:
        if code in self._names:
            return self._names[code]
        value = self._fetch("SELECT name FROM unit WHERE code = ?", code)
        if value is _FAILED:
            return self._memory.name_of(code)  # type: ignore[union-attr]
        found = value if isinstance(value, str) else None
        self._remember(self._names, code, found)
        return found

    def _fetch(self, sql: str, arg: str) -> object:
        """One value from the index (``None`` when there is no row), or ``_FAILED`` once the
        index has failed and the memory tables answer instead."""
        with self._lock:
            if self._memory is not None:
                return _FAILED
            try:
                row = self._con.execute(sql, (arg,)).fetchone()
                return None if row is None else row[0]
            except Exception:  # sqlite3.DatabaseError and kin: the file was damaged
                with suppress(Exception):
                    self._con.close()
                disk.discard(self._path)
                self._memory = self._rebuild()
                return _FAILED

    @staticmethod
    def _remember(memo: dict, key: str, value: object) -> None:
        if len(memo) >= _MEMO_LIMIT:
            memo.clear()
        memo[key] = value


_FAILED = object()
