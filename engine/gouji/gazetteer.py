"""Where an issuer sits: its province, prefecture, county and township, from the official
统计用区划代码 (2023) bundled in ``data/divisions``.

An issuer string ("新源县别斯托别乡人民政府", "托里县多拉特乡", "淮安市人民政府") names units from the
top down, often leaving some out. Every known unit name found in the string is a candidate; a
lower unit is kept only if its code agrees with the higher units found beside it (3 743 township
names are shared, 城关镇 88 times). A name that still fits several places is reported as
ambiguous and only what all its places share is kept — never a guess.

The tables themselves (``gazetteer_index``) come from an index cached on disk: building them
from the CSV files on every start cost more than checking a report.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, Generic, NamedTuple, TypeVar

from . import gazetteer_index
from .gazetteer_index import LEVEL_OF_LENGTH, Tables

LEVELS = ("province", "prefecture", "county", "township")
_CODE_LENGTH = {"province": 2, "prefecture": 4, "county": 6, "township": 9}
_SUFFIXES = re.compile(r"(?:人民政府|政府|街道办事处|办事处)$")
_MAX_NAME = 24
T = TypeVar("T")


class Unit(NamedTuple):
    """A named tuple, built for the few units a lookup returns."""

    code: str
    name: str
    level: str


@dataclass(frozen=True, slots=True)
class Place:
    """What the gazetteer could tell; a ``None`` level was not found or is ambiguous."""

    province: str | None = None
    prefecture: str | None = None
    county: str | None = None
    township: str | None = None
    code: str | None = None
    ambiguous: tuple[str, ...] = ()
    evidence: str = ""


@dataclass(frozen=True, slots=True)
class _Data:
    tables: Tables  # name → codes, code → name
    aliases: dict[str, tuple[str, str]]  # name → (code, source)

    def codes(self, name: str) -> tuple[str, ...]:
        """The units called ``name``: an alias's one unit, else every unit of that name."""
        if name in self.aliases:
            return (self.aliases[name][0],)
        return self.tables.codes(name)

    def unit(self, code: str) -> Unit | None:
        name = self.tables.name_of(code)
        return None if name is None else Unit(code, name, LEVEL_OF_LENGTH[len(code)])


@cache
def _data() -> _Data:
    sources = gazetteer_index.read_sources()
    return _Data(gazetteer_index.load(sources), gazetteer_index.aliases(sources))


def units_named(name: str) -> tuple[Unit, ...]:
    """Every unit called exactly ``name`` (a township name may be shared by dozens of places;
    an alias from ``aliases.toml`` gives its one unit). Used to judge names found in the text."""
    return _units.get(name, _units_named)


def _units_named(name: str, data: _Data) -> tuple[Unit, ...]:
    return tuple(u for u in map(data.unit, data.codes(name)) if u is not None)


def _path(code: str) -> list[str]:
    """The codes of a unit and every unit above it."""
    return [code[: _CODE_LENGTH[level]] for level in LEVELS if len(code) >= _CODE_LENGTH[level]]


def _mentions(text: str, data: _Data) -> list[tuple[int, int, tuple[str, ...]]]:
    """Every known name in ``text`` as (start, end, codes), longest first where they overlap."""
    found = []
    for start in range(len(text)):
        for end in range(min(len(text), start + _MAX_NAME), start + 1, -1):
            codes = data.codes(text[start:end])
            if codes:
                found.append((start, end, codes))
                break
    kept, covered = [], -1
    for start, end, codes in sorted(found, key=lambda m: (m[0], -(m[1] - m[0]))):
        if start >= covered:
            kept.append((start, end, codes))
            covered = end
    return kept


class _Kept(Generic[T]):
    """Answers kept per name, for the tables they were read from. A corpus names the same few
    hundred offices and places again and again; each answer costs index lookups. Bounded: when
    full, it starts over. A new gazetteer (``_data.cache_clear()``) starts it over too."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.answers: dict[str, T] = {}
        self.source: _Data | None = None

    def get(self, name: str, make: Callable[[str, _Data], T]) -> T:
        data = _data()
        if self.source is not data:
            self.answers = {}
            self.source = data
        answer = self.answers.get(name, _MISSING)
        if answer is _MISSING:
            if len(self.answers) >= self.limit:
                self.answers = {}
            answer = self.answers[name] = make(name, data)
        return answer  # type: ignore[return-value]


_MISSING: Any = object()
_places: _Kept[Place] = _Kept(4096)
_units: _Kept[tuple[Unit, ...]] = _Kept(65536)
"""Text rules look up every name ending at a unit suffix: ten candidates per mention."""


def locate(name: str) -> Place:
    """Place an issuer's name. Never raises; unknown names give an empty ``Place``."""
    return _places.get(name, _locate)


def _locate(name: str, data: _Data) -> Place:
    text = _SUFFIXES.sub("", name.strip())
    mentions = _mentions(text, data)
    if not mentions:
        return Place(evidence=f"“{name}”中没有可识别的行政区划名称")
    candidates: set[str] | None = None
    for _, _, codes in mentions:  # top-down: each mention narrows the places still possible
        if candidates is None:
            narrowed = set(codes)
        else:
            narrowed = {
                c for c in codes if any(c.startswith(p) or p.startswith(c) for p in candidates)
            }
        if narrowed:
            candidates = _most_specific(narrowed | (candidates or set()))
    assert candidates is not None
    if len(candidates) > 1:
        common = _common_prefix(sorted(candidates))
        shared = _place_of(common, data) if common else Place()
        return Place(
            **{k: getattr(shared, k) for k in LEVELS},
            code=common or None,
            ambiguous=tuple(sorted(candidates)),
            evidence=f"“{name}”对应 {len(candidates)} 个区划（{'、'.join(_describe(c, data) for c in sorted(candidates)[:4])}…），无法确定",
        )
    (code,) = candidates
    place = _place_of(code, data)
    alias = next((a for a in data.aliases if a in text), None)
    source = f"；{alias}：{data.aliases[alias][1]}" if alias else ""
    return Place(
        **{k: getattr(place, k) for k in LEVELS},
        code=code,
        evidence=f"“{name}”→ {_describe(code, data)}（国家统计局 2023 年统计用区划代码 {code}）{source}",
    )


def _most_specific(codes: set[str]) -> set[str]:
    """Drop a code when a lower unit inside it is also a candidate."""
    return {c for c in codes if not any(o != c and o.startswith(c) for o in codes)}


def _common_prefix(codes: list[str]) -> str:
    prefix = codes[0]
    for c in codes[1:]:
        while not c.startswith(prefix):
            prefix = prefix[:-1]
    lengths = sorted(_CODE_LENGTH.values(), reverse=True)
    return next((prefix[:n] for n in lengths if len(prefix) >= n), "")


def _place_of(code: str, data: _Data) -> Place:
    names = {}
    for level, part in zip(LEVELS, _path(code), strict=False):
        names[level] = data.tables.name_of(part)
    return Place(**names)


def _describe(code: str, data: _Data) -> str:
    return "/".join(n for n in map(data.tables.name_of, _path(code)) if n is not None)
