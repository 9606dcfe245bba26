"""The plugin's active part, registered only when ``--gouji`` or ``gouji_paths`` turns it on:
which files are reports, checking the setup before collecting, and the summary at the end."""

from __future__ import annotations

import glob
import os
from collections import Counter
from pathlib import Path

import pytest

from ..commands.check import report_files
from ..errors import GoujiError
from ..ingest import KINDS
from ..render.record_text import run_summary
from .nodes import ReportFile
from .state import GoujiState


def activate(config: pytest.Config, state: GoujiState, name: str) -> None:
    """Choose the report files and register the collector for them.

    ``--gouji PATH`` names what to check: given alone it replaces pytest's default paths
    (``testpaths`` or the working directory), beside positional paths it adds to them.
    ``gouji_paths`` works like ``testpaths``: its reports join the default collection, and are
    not added when paths are given on the command line. Only the chosen files become report
    items, so data files under ``tests/`` are never mistaken for reports.
    """
    option = config.getoption("gouji")
    if option:
        files = _from_paths(option, config.invocation_params.dir)
    else:
        files = _from_globs(config.getini("gouji_paths"), config.rootpath)
    explicit = config.args_source == pytest.Config.ArgsSource.ARGS
    args = [str(p) for p in files]
    if option:
        config.args = [*config.args, *args] if explicit else args
    elif not explicit:
        config.args = [*config.args, *args]
    config.pluginmanager.register(GoujiPlugin(state, files), name)


def _from_paths(paths: list[str], base: Path) -> list[Path]:
    """Files as given (of any kind: an unreadable one is reported), directories searched for
    the kinds gouji reads — as ``gouji check`` does."""
    return _unique(Path(os.path.abspath(p)) for p in report_files([str(base / p) for p in paths]))


def _from_globs(patterns: list[str], rootpath: Path) -> list[Path]:
    """Globs relative to rootdir (``**`` allowed). A glob may match anything, so of its files
    only report kinds count; a matched directory is searched as on the command line."""
    found: list[Path] = []
    for pattern in patterns:
        for match in sorted(glob.glob(str(rootpath / pattern), recursive=True)):
            path = Path(match)
            if path.is_dir():
                found.extend(report_files([match]))
            elif path.suffix.lower() in KINDS:
                found.append(path)
    return _unique(Path(os.path.abspath(p)) for p in found)


def _unique(paths) -> list[Path]:
    return list(dict.fromkeys(paths))


class GoujiPlugin:
    """Hooks of a run that checks reports."""

    def __init__(self, state: GoujiState, files: list[Path]) -> None:
        self.state = state
        self.files = frozenset(files)

    def pytest_collect_file(self, file_path: Path, parent: pytest.Collector) -> ReportFile | None:
        if file_path in self.files:
            return ReportFile.from_parent(parent, path=file_path)
        return None

    def pytest_collection(self, session: pytest.Session) -> None:
        """A bad rules home, ruleset, province or baseline file stops the run here, once, as a
        usage error (exit status 4), like ``gouji check``'s exit 2."""
        if not self.files:
            return
        try:
            self.state.prepare()
        except GoujiError as exc:
            raise pytest.UsageError(f"gouji: {exc}") from None

    def pytest_terminal_summary(self, terminalreporter, exitstatus: int, config: pytest.Config):
        lines = summary_lines(self.state)
        if not lines:
            return
        terminalreporter.write_sep("=", "gouji")
        for line in lines:
            terminalreporter.write_line(line)


def summary_lines(state: GoujiState) -> list[str]:
    """Reports checked by verdict; expired and unused waivers; disabled plugins."""
    if not state.verdicts:
        return []
    lines = [run_summary(Counter(state.verdicts.values()))]
    baseline = state.baseline_loaded
    if baseline is not None:
        expired, unused = baseline.expired(), baseline.unused()
        lines.append(
            f"基线 {baseline.path}：豁免 {len(baseline.waivers)} 条，已使用 {len(baseline.used)}，"
            f"已过期 {len(expired)}，未使用 {len(unused)}"
        )
        if expired:
            lines.append("已过期的豁免（对应的不通过项已重新判为失败）：")
            lines.extend(f"  第 {w.line} 条 {w.describe()}" for w in expired)
        if unused:
            lines.append(
                "未使用的豁免（本次运行中没有匹配的不通过项：问题已修正，或路径、规则写错）："
            )
            lines.extend(f"  第 {w.line} 条 {w.describe()}" for w in unused)
    if state.engine_built is not None:
        lines.extend(f"插件 {p}" for p in state.engine_built.plugins.errors())
    return lines
