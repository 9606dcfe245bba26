"""Where an issuer sits: its province, prefecture, county and township, from the official
统计用区划代码 (2023) bundled in ``data/divisions``.

An issuer string ("新源县别斯托别乡人民政府", "托里县多拉特乡", "淮安市人民政府") names units from the
top down, often leaving some out. Every known unit name found in the string is a candidate; a
lower unit is kept only if its code agrees with the higher units found beside it (3 743 township
names are shared, 城关镇 88 times). A name that still fits several places is reported as
ambiguous and only what all its places share is kept — never a guess.
"""

from __future__ import annotations

import csv
import re
import sys
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import NamedTuple

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

LEVELS = ("province", "prefecture", "county", "township")
_CODE_LENGTH = {"province": 2, "prefecture": 4, "county": 6, "township": 9}
_SUFFIXES = re.compile(r"(?:人民政府|政府|街道办事处|办事处)$")
_PROVINCE_SHORT = re.compile(r"(?:省|市|维吾尔自治区|壮族自治区|回族自治区|自治区)$")
_MAX_NAME = 24


class Unit(NamedTuple):
    """A named tuple: 45 000 of them are built when the gazetteer is first used."""

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
    units: dict[str, Unit]  # code → unit
    names: dict[str, tuple[str, ...]]  # name → codes (all levels)
    aliases: dict[str, tuple[str, str]]  # name → (code, source)


def _rows(name: str) -> list[list[str]]:
    text = resources.files("gouji").joinpath(f"data/divisions/{name}").read_text(encoding="utf-8")
    return list(csv.reader(text.splitlines()))[1:]  # header: code,name,…


@cache
def _data() -> _Data:
    units: dict[str, Unit] = {}
    provinces = {code: name for code, name in _rows("provinces.csv")}
    for code, name in provinces.items():
        units[code] = Unit(code, name, "province")
    for code, name, province in _rows("cities.csv"):  # code,name,provinceCode
        units[code] = Unit(
            code, provinces[province] if name in ("市辖区", "县") else name, "prefecture"
        )
    for level, file in (("county", "areas.csv"), ("township", "streets.csv")):
        # areas: code,name,cityCode,provinceCode; streets: code,name,areaCode,provinceCode,cityCode
        units.update((row[0], Unit(row[0], row[1], level)) for row in _rows(file))
    names: dict[str, list[str]] = {}
    for code, name, _ in units.values():
        names.setdefault(name, []).append(code)
    for code, name in provinces.items():
        short = _PROVINCE_SHORT.sub("", name)
        if short != name:
            names.setdefault(short, []).append(code)
    raw = tomllib.loads(
        resources.files("gouji").joinpath("data/divisions/aliases.toml").read_text(encoding="utf-8")
    )
    aliases = {k: (v["code"], v["source"]) for k, v in raw.get("aliases", {}).items()}
    return _Data(units, {k: tuple(v) for k, v in names.items()}, aliases)


def units_named(name: str) -> tuple[Unit, ...]:
    """Every unit called exactly ``name`` (a township name may be shared by dozens of places;
    an alias from ``aliases.toml`` gives its one unit). Used to judge names found in the text."""
    data = _data()
    codes = (data.aliases[name][0],) if name in data.aliases else data.names.get(name, ())
    return tuple(data.units[c] for c in codes if c in data.units)


def _path(code: str) -> list[str]:
    """The codes of a unit and every unit above it."""
    return [code[: _CODE_LENGTH[level]] for level in LEVELS if len(code) >= _CODE_LENGTH[level]]


def _mentions(text: str, data: _Data) -> list[tuple[int, int, tuple[str, ...]]]:
    """Every known name in ``text`` as (start, end, codes), longest first where they overlap."""
    found = []
    for start in range(len(text)):
        for end in range(min(len(text), start + _MAX_NAME), start + 1, -1):
            piece = text[start:end]
            codes = data.names.get(piece)
            if piece in data.aliases:
                codes = (data.aliases[piece][0],)
            if codes:
                found.append((start, end, codes))
                break
    kept, covered = [], -1
    for start, end, codes in sorted(found, key=lambda m: (m[0], -(m[1] - m[0]))):
        if start >= covered:
            kept.append((start, end, codes))
            covered = end
    return kept


def locate(name: str) -> Place:
    """Place an issuer's name. Never raises; unknown names give an empty ``Place``."""
    data = _data()
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
        unit = data.units.get(part)
        names[level] = unit.name if unit else None
    return Place(**names)


def _describe(code: str, data: _Data) -> str:
    return "/".join(data.units[p].name for p in _path(code) if p in data.units)
