"""A corpus run's baseline (``gouji-baseline.toml``): which file, and what to say about it after.

The waivers themselves are ``gouji.baseline`` (shared with the pytest plugin). A run must tell
the office when a waiver stops doing its job: an expired one that still matched a failure (that
failure counts again) and one that matched nothing (fixed, or a wrong glob or rule id) — else a
baseline only ever grows.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from ..baseline import BASELINE_FILE, Baseline, load_baseline
from ..record import Record


def choose_baseline(
    option: str | None, disabled: bool, cwd: Path | None = None, today: _dt.date | None = None
) -> Baseline | None:
    """``--baseline FILE``; else ``gouji-baseline.toml`` in the working directory when there is
    one; none with ``--no-baseline``. A missing or malformed named file is a ``GoujiError``,
    raised before any report is checked."""
    if disabled:
        return None
    if option is not None:
        return load_baseline(option, today)
    default = Path(BASELINE_FILE) if cwd is None else cwd / BASELINE_FILE
    return load_baseline(default, today) if default.is_file() else None


def apply_baseline(baseline: Baseline | None, record: Record) -> Record:
    """The record with its waived failures marked. A file that could not be checked keeps the
    verdict ``error`` even when its one failure is waived: it was still not checked."""
    if baseline is None:
        return record
    applied = baseline.apply(record)
    if record.verdict == "error" and applied.verdict != "error":
        applied = applied.model_copy(update={"verdict": "error"})
    return applied


def waiver_lines(baseline: Baseline) -> list[str]:
    """One line per expired waiver that matched a failure and per unused waiver (Chinese, for
    stderr); nothing when every waiver did its job."""
    lines = [
        f"基线 {baseline.path} 第 {w.line} 条豁免已过期，对应的不通过项重新计为失败：{w.describe()}"
        for w in baseline.expired()
    ]
    for w in baseline.unused():
        why = "已过期且" if w.expired(baseline.today) else ""
        lines.append(
            f"基线 {baseline.path} 第 {w.line} 条豁免{why}未匹配任何不通过项"
            f"（问题已修正，或路径、规则写错）：{w.describe()}"
        )
    return lines
