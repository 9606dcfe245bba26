"""Where the rules home is: the folder holding ``rulesets.toml``, ``rules/``, ``grammars/`` and
``plugins/`` that policy staff edit — and whether its plugins may run.

In order: an explicit ``--home``; ``GOUJI_HOME``; the nearest folder with a ``rulesets.toml``
and a ``rules/`` walking up from the current directory (so an office's own home is used when
gouji runs inside it, as git finds its repository); the home bundled in the installed wheel
(``gouji/_home``); the source checkout this package runs from (an editable install).

A home's rule files are data, but its ``plugins/*.py`` are code. A home found by walking up may
have been put there by anyone who could write to a parent folder (an unpacked archive, a shared
drive, ``/tmp``), so, like git's ``safe.directory``, its plugins run only when the user says it
is trusted: ``--trust-home``, ``GOUJI_TRUST_HOME=1`` (or a list of trusted folders). A home
named by ``--home`` or ``GOUJI_HOME`` is trusted, having been chosen on purpose, and so is the
bundled one. Finding a home never prints anything: the command line says which home it uses
(``Home.notices``), the library stays quiet.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .errors import GoujiError

_PACKAGE = Path(__file__).resolve().parent
_MARKER = "rulesets.toml"
_BUNDLED = (_PACKAGE / "_home", _PACKAGE.parent.parent)
TRUST_ENV = "GOUJI_TRUST_HOME"
_YES = {"1", "true", "yes", "on", "*"}

Origin = Literal["explicit", "env", "walk", "bundled"]
_FOUND_BY = {"env": "来自 GOUJI_HOME", "walk": "向上查找发现"}


@dataclass(frozen=True, slots=True)
class Home:
    """A rules home, how it was found, and whether its plugins may run (picklable: worker
    processes get the parent's decision instead of deciding again)."""

    path: Path
    origin: Origin
    trusted: bool
    disabled_plugins: tuple[str, ...] = ()
    """Plugins the user disabled by name for this run (``--disable-plugin``,
    ``Engine(disable_plugins=…)``), carried with the trust decision to worker processes."""

    @property
    def bundled(self) -> bool:
        return self.origin == "bundled"

    def plugin_files(self) -> list[Path]:
        return sorted((self.path / "plugins").glob("*.py"))

    def notices(self, plugins: bool = True) -> list[str]:
        """What the command line says on stderr before it starts: which home is in use when the
        user did not name it, and that its plugins were left out when it is not trusted."""
        lines = []
        if self.origin in _FOUND_BY:
            lines.append(f"使用规则目录：{self.path}（{_FOUND_BY[self.origin]}）")
        skipped = self.plugin_files() if plugins and not self.trusted else []
        if skipped:
            names = "、".join(p.name for p in skipped)
            lines.append(
                f"未加载规则目录中的插件 {names}：向上查找发现的规则目录默认不受信任，"
                f"确认可信后加 --trust-home 或设 {TRUST_ENV}=1"
            )
        return lines


def bundled_home() -> Path:
    """The national home that ships with gouji (the wheel's, or the source checkout's)."""
    for path in _BUNDLED:
        if (path / _MARKER).is_file():
            return path
    where = "、".join(str(p) for p in _BUNDLED)
    raise GoujiError(f"找不到 gouji 自带的规则目录（需含 {_MARKER}）：{where}")


def is_bundled(path: Path) -> bool:
    return any(_same(path, b) for b in _BUNDLED if (b / _MARKER).is_file())


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _walk_up(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / _MARKER).is_file() and (folder / "rules").is_dir():
            return folder
    return None


def _trusted_by_env(path: Path) -> bool:
    """``GOUJI_TRUST_HOME``: ``1`` (or true/yes/on/*) trusts any home found by walking up; else
    a list of folders (separated like ``PATH``) trusts those homes only."""
    value = os.environ.get(TRUST_ENV, "").strip()
    if value.lower() in _YES:
        return True
    return any(_same(path, Path(p)) for p in value.split(os.pathsep) if p.strip())


def find_home(
    explicit: str | os.PathLike[str] | None = None,
    cwd: Path | None = None,
    *,
    trust: bool = False,
) -> Home:
    """The rules home to use and whether to trust it; ``trust`` is the user's ``--trust-home``.
    Raises ``GoujiError`` when a named home has no ``rulesets.toml``."""
    if explicit is not None or os.environ.get("GOUJI_HOME"):
        origin: Origin = "explicit" if explicit is not None else "env"
        path = Path(explicit if explicit is not None else os.environ["GOUJI_HOME"])
        if not (path / _MARKER).is_file():
            raise GoujiError(f"找不到规则目录（需含 {_MARKER}）：{path}")
        return Home(path, "bundled" if is_bundled(path) else origin, True)
    found = _walk_up((cwd or Path.cwd()).resolve())
    if found is not None and not is_bundled(found):
        return Home(found, "walk", trust or _trusted_by_env(found))
    return Home(found or bundled_home(), "bundled", True)


def home_dir(explicit: str | os.PathLike[str] | None = None, cwd: Path | None = None) -> Path:
    """The rules home's folder (``find_home`` without the trust decision)."""
    return find_home(explicit, cwd).path


def grammar_path(home: Path | None = None) -> Path:
    """The grammar of the rule language. It belongs to gouji, not to a home: an office's own
    home need not copy it, so a home without one uses the bundled grammar."""
    for folder in (home, *_BUNDLED):
        if folder is not None and (folder / "grammars" / "gouji.lark").is_file():
            return folder / "grammars" / "gouji.lark"
    raise GoujiError("找不到规则语言的语法文件 grammars/gouji.lark")
