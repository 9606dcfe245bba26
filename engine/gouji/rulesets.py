"""``rulesets.toml``: which rule files make up each versioned ruleset, and choosing one.

A ruleset is compiled once per process: compiled files are cached by path and content hash, so
any number of engines and reports share them, and an edited file is compiled afresh.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from .dsl.rules import CompiledRule, RuleSource, check_unique, load_file
from .errors import GoujiError
from .record import RuleFile, RulesetInfo

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_COMPILED: dict[tuple[str, int, int], RuleSource] = {}


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


def load_layers(home: Path) -> dict[str, dict]:
    """The parameter layers as written (``[layers.*]``), for ``gouji.parameters``."""
    return dict(_read(home).get("layers", {}))


def load_rulesets(home: Path) -> dict[str, Ruleset]:
    path = home / "rulesets.toml"
    data = _read(home)
    out = {}
    for rid, entry in data.get("rulesets", {}).items():
        try:
            out[rid] = Ruleset(
                id=rid,
                version=str(entry["version"]),
                title=entry["title"],
                instrument=entry.get("instrument"),
                edition=str(entry["edition"]),
                years=str(entry.get("years", "")),
                files=tuple(entry["files"]),
                home=home,
            )
        except KeyError as exc:
            raise GoujiError(f"{path}: 规则集 {rid} 缺少 {exc.args[0]}") from None
    return out


def _compiled(path: Path, home: Path) -> RuleSource:
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    source = _COMPILED.get(key)
    if source is None:
        try:
            shown = str(path.relative_to(home))
        except ValueError:
            shown = str(path)
        source = _COMPILED[key] = load_file(path, shown)
    return source


def load(ruleset: Ruleset, extra: list[Path] | None = None) -> LoadedRuleset:
    """Compile the ruleset's files and any ``extra`` ones (from plugins)."""
    paths = ruleset.paths() + [p for p in extra or () if p not in ruleset.paths()]
    if not paths:
        raise GoujiError(f"规则集 {ruleset.id} 没有找到规则文件（{'、'.join(ruleset.files)}）")
    sources = [_compiled(p, ruleset.home) for p in paths]
    check_unique(sources)
    rules = tuple(r for s in sources for r in s.rules if ruleset.edition in r.editions)
    return LoadedRuleset(ruleset, tuple(sources), rules, ruleset.info(sources))
