"""What one pytest run of the gouji plugin holds: its options, one engine, the baseline and the
verdicts seen, so every item, fixture and the summary share them.

The engine is built on first use (compiling the rules takes a noticeable fraction of a second),
and built once: items for thousands of reports must not each load the rules home again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from ..baseline import BASELINE_FILE, Baseline, load_baseline
from ..engine import Engine, resolve_province
from ..record import Record

PathLike = str | os.PathLike[str]
STATE_KEY = pytest.StashKey["GoujiState"]()


@dataclass(frozen=True, slots=True)
class Options:
    """The ``--gouji-*`` options, as the CLI's ``gouji check`` has them."""

    ruleset: str | None
    province: str | None
    fail_on: str
    home: str | None
    baseline: Path | None
    per_rule: bool

    @classmethod
    def from_config(cls, config: pytest.Config) -> Options:
        baseline = config.getoption("gouji_baseline", None)
        return cls(
            ruleset=config.getoption("gouji_ruleset", None),
            province=config.getoption("gouji_province", None),
            fail_on=config.getoption("gouji_fail_on", None) or "error",
            home=config.getoption("gouji_home", None),
            baseline=config.invocation_params.dir / baseline if baseline else None,
            per_rule=bool(config.getoption("gouji_per_rule", False)),
        )


class GoujiState:
    """One per pytest run (kept in ``config.stash``)."""

    def __init__(self, config: pytest.Config) -> None:
        self.options = Options.from_config(config)
        self.rootpath = config.rootpath
        self._engine: Engine | None = None
        self._baseline: Baseline | None = None
        self._baseline_read = False
        self.verdicts: dict[str, str] = {}
        """Verdict per report checked by an item (not by the fixtures), for the summary."""

    @property
    def engine(self) -> Engine:
        """The run's engine; a bad home, rule file, ruleset id or province is a ``GoujiError``
        here, before any report, as ``gouji check`` stops before any report."""
        if self._engine is None:
            engine = Engine(self.options.home)
            for rid in [self.options.ruleset] if self.options.ruleset else list(engine.rulesets):
                engine.ruleset(rid)
            resolve_province(self.options.province)
            self._engine = engine
        return self._engine

    @property
    def engine_built(self) -> Engine | None:
        """The engine if one was built (the summary must not build one)."""
        return self._engine

    @property
    def baseline(self) -> Baseline | None:
        """``--gouji-baseline FILE``, else ``gouji-baseline.toml`` in rootdir when present."""
        if not self._baseline_read:
            path = self.options.baseline
            if path is None and (self.rootpath / BASELINE_FILE).is_file():
                path = self.rootpath / BASELINE_FILE
            self._baseline = load_baseline(path) if path is not None else None
            self._baseline_read = True
        return self._baseline

    @property
    def baseline_loaded(self) -> Baseline | None:
        """The baseline if it has been read already (the summary must not read it late)."""
        return self._baseline if self._baseline_read else None

    def prepare(self) -> None:
        """Build the engine and read the baseline now, so a mistake in either stops the run
        with one message instead of failing every item."""
        _ = self.engine
        _ = self.baseline

    def record(self, path: Path) -> Record:
        """Check one report and apply the baseline. Raises ``GoujiError`` (``SourceError`` for
        an unreadable file)."""
        record = self.engine.check(
            _shown(path), self.options.ruleset, province=self.options.province
        )
        baseline = self.baseline
        return baseline.apply(record) if baseline is not None else record

    def check(self, path: PathLike) -> Record:
        """The fixture ``gouji_check``: a path relative to rootdir, or absolute."""
        return self.record(self.rootpath / Path(path))

    def tally(self, source: str, verdict: str) -> None:
        self.verdicts[source] = verdict


def _shown(path: Path) -> Path:
    """The path records and messages name (and the engine opens): relative to the working
    directory when the file is below it, as ``gouji check`` names files, absolute otherwise.
    Baseline globs match either."""
    path = Path(os.path.abspath(path))
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path
