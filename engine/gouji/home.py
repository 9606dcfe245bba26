"""Where the rules home is: the folder holding ``rulesets.toml``, ``rules/``, ``grammars/`` and
``plugins/`` that policy staff edit.

An explicit path wins, then ``GOUJI_HOME``, then the home bundled inside the installed wheel
(``gouji/_home``), then the source checkout this package runs from (an editable install).
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import GoujiError

_PACKAGE = Path(__file__).resolve().parent


def home_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    candidates = []
    if explicit is not None:
        candidates.append(Path(explicit))
    elif os.environ.get("GOUJI_HOME"):
        candidates.append(Path(os.environ["GOUJI_HOME"]))
    else:
        candidates += [_PACKAGE / "_home", _PACKAGE.parent.parent]
    for path in candidates:
        if (path / "rulesets.toml").is_file():
            return path
    where = "、".join(str(p) for p in candidates)
    raise GoujiError(f"找不到规则目录（需含 rulesets.toml）：{where}")


def grammar_path(home: Path | None = None) -> Path:
    return (home or home_dir()) / "grammars" / "gouji.lark"
