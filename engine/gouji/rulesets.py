"""``rulesets.toml``: which rule files make up each versioned ruleset, and choosing one.

An office's own home extends the national rulesets bundled with gouji instead of replacing
them: a home that adds one local rule must still check everything the national rules check (a
home that silently dropped them would call almost any report 合格). So a home's ruleset
``gb2021`` is the bundled ``gb2021`` plus the home's files; a new ruleset id extends the national
ruleset of its edition; ``extends = "gb2019"`` names the one to extend and ``extends = false``
replaces the national rules with the home's own. A home rule with a national rule's id replaces
that rule (so a home that copied the national files keeps working). Parameter layers merge the
same way: the national layers, then the home's, a layer of the same id replacing the national.

The file's structure is a pydantic model (``RulesetsFile``) that forbids unknown keys: a
misspelt key (``titel``) is one line naming the table and the closest key, never a key silently
ignored. What depends on the national rulesets (``extends``, a missing ``title``) is checked
after. Every problem is a ``GoujiError`` naming the file: one line, exit status 2.

A ruleset is compiled once per process: compiled files are cached by path and content hash, so
any number of engines and reports share them, and an edited file is compiled afresh.
"""

from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationError,
    with_config,
)
from typing_extensions import Required, TypedDict

from .dsl.rules import CompiledRule, RuleSource, check_unique, load_file
from .errors import GoujiError
from .home import bundled_home, is_bundled
from .parameters import SCOPES
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


def _relative(pattern: str) -> str:
    if not pattern or Path(pattern).is_absolute():
        raise ValueError("应为相对于规则目录的路径")
    return pattern


class RulesetTable(BaseModel):
    """One ``[rulesets.<id>]`` table. Every key is optional here: a ruleset that extends a
    national one takes what it does not say from it (``_rulesets`` checks what is missing)."""

    model_config = ConfigDict(extra="forbid")

    extends: StrictBool | StrictStr = True
    """The national ruleset extended: its id, ``true`` (the one of the same id or edition) or
    ``false`` (none: the home's files only)."""
    version: StrictStr | StrictInt | StrictFloat | None = None
    title: StrictStr | None = None
    instrument: StrictStr | None = None
    """The national format (国办公开办函…) the ruleset checks."""
    edition: StrictStr | StrictInt | None = None
    years: StrictStr | StrictInt | None = None
    files: list[Annotated[StrictStr, AfterValidator(_relative)]] | None = None
    """Globs relative to the rules home."""


@with_config(ConfigDict(extra="forbid"))
class LayerTable(TypedDict, total=False):
    """One ``[layers.<id>]`` table (``gouji.parameters``), as written in ``rulesets.toml`` or
    returned by a plugin's ``gouji_parameter_layers``."""

    scope: Literal[SCOPES]  # type: ignore[valid-type]
    match: StrictStr
    title: StrictStr
    reference: Required[StrictStr]
    parameters: dict[StrictStr, Any]


class RulesetsFile(BaseModel):
    """``rulesets.toml``: ``[rulesets.*]`` and ``[layers.*]``, nothing else."""

    model_config = ConfigDict(extra="forbid")

    rulesets: dict[str, RulesetTable] = {}
    layers: dict[str, LayerTable] = {}


_TABLES = {"rulesets": ("规则集", RulesetTable), "layers": ("参数层", LayerTable)}


def _read(home: Path) -> RulesetsFile:
    path = home / "rulesets.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GoujiError(f"{path}: 无法读取（{exc.strerror or exc}）") from None
    except tomllib.TOMLDecodeError as exc:
        raise GoujiError(f"{path}: 格式错误（{exc}）") from None
    try:
        return RulesetsFile.model_validate(data)
    except ValidationError as exc:
        raise GoujiError(f"{path}: {_problem(exc)}") from None


def _problem(exc: ValidationError) -> str:
    """The first structural problem of ``rulesets.toml`` in one line, in the file's words."""
    error = exc.errors()[0]
    loc, kind = error["loc"], error["type"]
    table = str(loc[0])
    if len(loc) == 1:
        if kind == "extra_forbidden":
            return f"没有 {table} 这种表（只有 [rulesets.…] 和 [layers.…]）{_hint(table, _TABLES)}"
        return f"{table} 应为表（[{table}.…]）"
    what, model = _TABLES[table]
    name = loc[1]
    if len(loc) == 2:
        return f"{what} {name} 应为表（[{table}.{name}]）"
    key = str(loc[2])
    if kind == "extra_forbidden":
        known = _keys(model)
        return f"{what} {name} 没有 {key} 这一项（可用：{'、'.join(known)}）{_hint(key, known)}"
    if kind == "missing":
        return f"{what} {name} 缺少 {key}"
    expected = {
        "extends": "国家规则集编号或 false",
        "files": "相对于规则目录的路径列表",
        "scope": f" {'、'.join(SCOPES)} 之一",
        "parameters": "表（参数名 = 值）",
    }.get(key, "字符串")
    return f"{what} {name} 的 {key} 应为{expected}"


def _keys(model: Any) -> list[str]:
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return list(model.__annotations__)


def _hint(wrong: str, known: Any) -> str:
    close = difflib.get_close_matches(wrong, list(known), n=1, cutoff=0.6)
    return f"（是否指 {close[0]}？）" if close else ""


def load_layers(home: Path) -> dict[str, dict]:
    """The parameter layers as written (``[layers.*]``), for ``gouji.parameters``: the national
    ones, then the home's (a home's layer replaces the national layer of the same id)."""
    layers = {} if is_bundled(home) else dict(_read(bundled_home()).layers)
    layers.update(_read(home).layers)
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
    for rid, entry in _read(home).rulesets.items():
        base = _base(rid, entry, national, path)
        fields: dict[str, Any] = {}
        if base is not None:
            fields = {
                k: getattr(base, k) for k in ("version", "title", "instrument", "edition", "years")
            }
            fields["files"] = ()
        fields.update(entry.model_dump(exclude_unset=True, exclude={"extends"}))
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


def _base(
    rid: str, entry: RulesetTable, national: dict[str, Ruleset], path: Path
) -> Ruleset | None:
    """The national ruleset a home's ruleset extends: ``extends`` as written, else the one of
    the same id, else the one for the same edition; ``extends = false`` for none."""
    extends = entry.extends
    if extends is False or not national:
        return None
    if isinstance(extends, str):
        if extends not in national:
            known = "、".join(national)
            raise GoujiError(
                f"{path}: 规则集 {rid} 扩展的 {extends} 不是国家规则集（{known}）"
                f"{_hint(extends, national)}"
            )
        return national[extends]
    if rid in national:
        return national[rid]
    edition = str(entry.edition or "")
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
