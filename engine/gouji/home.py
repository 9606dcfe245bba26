"""Where the rules home is: the folder holding ``rulesets.toml``, ``rules/``, ``grammars/`` and
``plugins/`` that policy staff edit.

In order: an explicit ``--home``; ``GOUJI_HOME``; the nearest folder with a ``rulesets.toml``
walking up from the current directory (so an office's own home is used when gouji runs inside
it, as git finds its repository); the home bundled in the installed wheel (``gouji/_home``); the
source checkout this package runs from (an editable install).
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import GoujiError

_PACKAGE = Path(__file__).resolve().parent
_MARKER = "rulesets.toml"


def _walk_up(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / _MARKER).is_file() and (folder / "rules").is_dir():
            return folder
    return None


def home_dir(explicit: str | os.PathLike[str] | None = None, cwd: Path | None = None) -> Path:
    if explicit is not None:
        candidates = [Path(explicit)]
    elif os.environ.get("GOUJI_HOME"):
        candidates = [Path(os.environ["GOUJI_HOME"])]
    else:
        found = _walk_up((cwd or Path.cwd()).resolve())
        candidates = [found] if found else []
        candidates += [_PACKAGE / "_home", _PACKAGE.parent.parent]
    for path in candidates:
        if (path / _MARKER).is_file():
            return path
    where = "、".join(str(p) for p in candidates)
    raise GoujiError(f"找不到规则目录（需含 {_MARKER}）：{where}")


def grammar_path(home: Path | None = None) -> Path:
    """The grammar of the rule language. It belongs to gouji, not to a home: an office's own
    home need not copy it, so a home without one uses the bundled grammar."""
    for folder in (home, _PACKAGE / "_home", _PACKAGE.parent.parent):
        if folder is not None and (folder / "grammars" / "gouji.lark").is_file():
            return folder / "grammars" / "gouji.lark"
    raise GoujiError("找不到规则语言的语法文件 grammars/gouji.lark")
