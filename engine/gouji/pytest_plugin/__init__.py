"""The gouji pytest plugin: annual reports as test items, and fixtures for tests over records.

pytest loads this module in every run of an environment where gouji is installed (the
``pytest11`` entry point ``gouji``), including runs that have nothing to do with reports. So this
module only declares options and fixtures; the engine, the rules and the baseline are imported
and built only when ``--gouji PATH`` or the ini option ``gouji_paths`` turns the plugin on, or
when a test asks for ``gouji_check`` / ``gouji_record``. ``-p no:gouji`` unloads it entirely.

See docs/pytest-plugin.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from ..record import Record
    from .state import GoujiState, PathLike

FAIL_ON = ("error", "warning", "info", "never")
ACTIVE_PLUGIN = "gouji-reports"
"""The name the active part (collection, summary) is registered under when turned on."""


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("gouji", "gouji: annual reports (政府信息公开工作年度报告) as tests")
    group.addoption(
        "--gouji",
        dest="gouji",
        action="extend",
        nargs="+",
        default=[],
        metavar="PATH",
        help="check these report files (directories are searched recursively), one test item "
        "per report; turns the plugin on",
    )
    group.addoption(
        "--gouji-per-rule",
        action="store_true",
        default=False,
        help="one test item per report and rule instead of one per report",
    )
    group.addoption(
        "--gouji-ruleset",
        metavar="ID",
        default=None,
        help="use this ruleset instead of choosing by the report's format",
    )
    group.addoption(
        "--gouji-province",
        metavar="NAME",
        default=None,
        help="the issuers' province (新疆, 湖北省 …), overriding what their names give",
    )
    group.addoption(
        "--gouji-fail-on",
        choices=FAIL_ON,
        default="error",
        help="an item fails when a finding of this severity or above fails (default: error)",
    )
    group.addoption(
        "--gouji-home",
        metavar="DIR",
        default=None,
        help="rules home (default: GOUJI_HOME, the nearest rulesets.toml, or the bundled one)",
    )
    group.addoption(
        "--gouji-baseline",
        metavar="FILE",
        default=None,
        help="waivers file (default: gouji-baseline.toml in rootdir, if there is one)",
    )
    parser.addini(
        "gouji_paths",
        type="args",
        default=[],
        help="report files, directories or globs (relative to rootdir) checked when no paths "
        "are given on the command line; turns the plugin on",
    )


def is_active(config: pytest.Config) -> bool:
    """Whether this run checks reports. Decided from options alone, so an ordinary run pays
    nothing."""
    return bool(config.getoption("gouji", None) or config.getini("gouji_paths"))


def pytest_configure(config: pytest.Config) -> None:
    if not is_active(config):
        return
    from .session import activate

    activate(config, gouji_state(config), ACTIVE_PLUGIN)


def gouji_state(config: pytest.Config) -> GoujiState:
    """The run's one ``GoujiState`` (options, engine, baseline, tallies), made on first use."""
    from .state import STATE_KEY, GoujiState

    state = config.stash.get(STATE_KEY, None)
    if state is None:
        state = GoujiState(config)
        config.stash[STATE_KEY] = state
    return state


@pytest.fixture(scope="session")
def gouji_check(pytestconfig: pytest.Config) -> Callable[[PathLike], Record]:
    """Check one report with the session's engine and the ``--gouji-*`` options (ruleset,
    province, home, baseline): ``gouji_check("reports/a.txt")`` → ``Record``. A relative path is
    taken from rootdir. An unreadable file raises ``gouji.SourceError``."""
    return gouji_state(pytestconfig).check


@pytest.fixture
def gouji_record(request: pytest.FixtureRequest, gouji_check: Callable[[PathLike], Record]):
    """The ``Record`` of the report given by indirect parametrization::

    @pytest.mark.parametrize("gouji_record", ["reports/a.txt"], indirect=True)
    def test_no_errors(gouji_record):
        assert gouji_record.summary.errors == 0
    """
    path = getattr(request, "param", None)
    if path is None:
        pytest.fail(
            "gouji_record 需要报告路径：请用 "
            '@pytest.mark.parametrize("gouji_record", [路径, ...], indirect=True) 给出',
            pytrace=False,
        )
    return gouji_check(path)
