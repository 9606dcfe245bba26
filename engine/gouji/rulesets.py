"""``rulesets.toml``: which rule files make up each versioned ruleset, and choosing one.

An office's own home extends the national rulesets bundled with gouji instead of replacing
them: a home that adds one local rule must still check everything the national rules check (a
home that silently dropped them would call almost any report 合格). So a home's ruleset
``gb2021`` is the bundled ``gb2021`` plus the home's files; a new ruleset id extends the national
ruleset of its edition; ``extends = "gb2019"`` names the one to extend and ``extends = false``
replaces the national rules with the home's own. A home rule with a national rule's id replaces
that rule (so a home that copied the national files keeps working). Parameter layers merge the
same way: the national layers, then the home's, a layer of the same id replacing the national.

A ruleset is compiled once per process: compiled files are cached by path and content hash, so
any number of engines and reports share them, and an edited file is compiled afresh.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .dsl.rules import CompiledRule, RuleSource, check_unique, load_file
from .errors import GoujiError
from .home import bundled_home, is_bundled
from .record import RuleFile, RulesetInfo

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_COMPILED: dict[tuple[str, int, int, str], RuleSource] = {}
NATIONAL_PREFIX = "gouji:"
"""How a record names a bundled rule file used through another home (``gouji:rules/gb2021/…``),
so it is never mistaken for the home's file of the same relative path."""


@dataclass(frozen=True, slots=True)
class Ruleset:
    id: str
    version: str
    title: str
    instrument: str | None
    edition: str
    years: str
    files: tuple[str, ...]
    home: Path
    base: Ruleset | None = None
    """The national ruleset this one extends (``None``: the national one itself, or a home's
    ruleset with ``extends = false``)."""

    def paths(self) -> list[Path]:
        found: list[Path] = []
        for pattern in self.files:
            matches = sorted(self.home.glob(pattern))
            found.extend(p for p in matches if p.is_file() and p not in found)
        return found

    def info(self, sources: list[RuleSource]) -> RulesetInfo:
        return RulesetInfo(
            id=self.id,
            version=self.version,
            title=self.title,
            instrument=self.instrument,
            files=tuple(RuleFile(path=s.path, sha256=s.sha256) for s in sources),
        )


@dataclass(frozen=True, slots=True)
class LoadedRuleset:
    ruleset: Ruleset
    sources: tuple[RuleSource, ...]
    rules: tuple[CompiledRule, ...]
    info: RulesetInfo


def _read(home: Path) -> dict:
    path = home / "rulesets.toml"
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GoujiError(f"{path}: 无法读取（{exc.strerror or exc}）") from None
    except tomllib.TOMLDecodeError as exc:
        raise GoujiError(f"{path}: 格式错误（{exc}）") from None


def _table(home: Path, key: str) -> dict[str, Any]:
    """``[rulesets]`` or ``[layers]`` of a home's ``rulesets.toml`` (empty when absent)."""
    value = _read(home).get(key, {})
    if not isinstance(value, dict):
        raise GoujiError(f"{home / 'rulesets.toml'}: {key} 应为表（[{key}.…]）")
    return value


def load_layers(home: Path) -> dict[str, dict]:
    """The parameter layers as written (``[layers.*]``), for ``gouji.parameters``: the national
    ones, then the home's (a home's layer replaces the national layer of the same id)."""
    layers = {} if is_bundled(home) else _table(bundled_home(), "layers")
    layers.update(_table(home, "layers"))
    return layers


def load_rulesets(home: Path) -> dict[str, Ruleset]:
    """The home's rulesets in the order written, then the national ones it does not name (so
    a home's own ruleset for an edition is the one chosen for it)."""
    national = {} if is_bundled(home) else _rulesets(bundled_home(), {})
    own = _rulesets(home, national)
    return {**own, **{rid: r for rid, r in national.items() if rid not in own}}


def _rulesets(home: Path, national: dict[str, Ruleset]) -> dict[str, Ruleset]:
    path = home / "rulesets.toml"
    out = {}
    for rid, entry in _table(home, "rulesets").items():
        if not isinstance(entry, dict):
            raise GoujiError(f"{path}: 规则集 {rid} 应为表（[rulesets.{rid}]）")
        base = _base(rid, entry, national, path)
        fields: dict[str, Any] = {}
        if base is not None:
            fields = {
                k: getattr(base, k) for k in ("version", "title", "instrument", "edition", "years")
            }
            fields["files"] = ()
        fields.update({k: v for k, v in entry.items() if k != "extends"})
        files = fields.get("files", ())
        if not isinstance(files, list | tuple) or not all(
            isinstance(f, str) and f and not Path(f).is_absolute() for f in files
        ):
            raise GoujiError(f"{path}: 规则集 {rid} 的 files 应为相对于规则目录的路径列表")
        try:
            out[rid] = Ruleset(
                id=rid,
                version=str(fields["version"]),
                title=fields["title"],
                instrument=fields.get("instrument"),
                edition=str(fields["edition"]),
                years=str(fields.get("years", "")),
                files=tuple(fields["files"]),
                home=home,
                base=base,
            )
        except KeyError as exc:
            raise GoujiError(f"{path}: 规则集 {rid} 缺少 {exc.args[0]}") from None
        if base is not None and out[rid].edition != base.edition:
            raise GoujiError(
                f"{path}: 规则集 {rid}（{out[rid].edition} 版）不能扩展 {base.id}"
                f"（{base.edition} 版）"
            )
    return out


def _base(rid: str, entry: dict, national: dict[str, Ruleset], path: Path) -> Ruleset | None:
    """The national ruleset a home's ruleset extends: ``extends`` as written, else the one of
    the same id, else the one for the same edition; ``extends = false`` for none."""
    extends = entry.get("extends", True)
    if extends is False or not national:
        return None
    if isinstance(extends, str):
        if extends not in national:
            known = "、".join(national)
            raise GoujiError(f"{path}: 规则集 {rid} 扩展的 {extends} 不是国家规则集（{known}）")
        return national[extends]
    if extends is not True:
        raise GoujiError(f"{path}: 规则集 {rid} 的 extends 应为国家规则集编号或 false")
    if rid in national:
        return national[rid]
    edition = str(entry.get("edition", ""))
    return next((r for r in national.values() if r.edition == edition), None)


def _compiled(path: Path, home: Path, prefix: str = "") -> RuleSource:
    stat = path.stat()
    try:
        shown = prefix + str(path.relative_to(home))
    except ValueError:
        shown = str(path)
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size, shown)
    source = _COMPILED.get(key)
    if source is None:
        source = _COMPILED[key] = load_file(path, shown)
    return source


def load(ruleset: Ruleset, extra: list[Path] | None = None) -> LoadedRuleset:
    """Compile the ruleset's files, any ``extra`` ones (from plugins) and the national ruleset
    it extends. A ruleset that ends with no rule for its edition is an error: checking against
    nothing would pass every report."""
    paths = ruleset.paths() + [p for p in extra or () if p not in ruleset.paths()]
    base = ruleset.base
    if not paths and base is None:
        raise GoujiError(f"规则集 {ruleset.id} 没有找到规则文件（{'、'.join(ruleset.files)}）")
    own = [_compiled(p, ruleset.home) for p in paths]
    check_unique(own)
    replaced = {r.id for s in own for r in s.rules}
    national: list[RuleSource] = []
    if base is not None:
        national = [_compiled(p, base.home, NATIONAL_PREFIX) for p in base.paths()]
        check_unique(national)
        national = [s for s in national if any(r.id not in replaced for r in s.rules)]
    rules = tuple(
        r
        for s in national
        for r in s.rules
        if r.id not in replaced and ruleset.edition in r.editions
    ) + tuple(r for s in own for r in s.rules if ruleset.edition in r.editions)
    if not rules:
        shown = "、".join(s.path for s in (*national, *own)) or "、".join(ruleset.files)
        raise GoujiError(
            f"规则集 {ruleset.id} 没有适用于 {ruleset.edition} 版格式的规则（{shown}）："
            "按空规则集检查，任何报告都会合格"
        )
    sources = [*national, *own]
    return LoadedRuleset(ruleset, tuple(sources), rules, ruleset.info(sources))
