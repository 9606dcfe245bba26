"""The collection nodes: a report file, and its items (one per report, or one per rule).

An item never shows a Python traceback for what is a finding about a report: ``repr_failure``
returns the findings as text, and a file gouji cannot read fails in setup with its one-line
error (so pytest counts it as an error, apart from failures of reports that were checked).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ..errors import GoujiError
from .judgement import Judgement, judge, record_rules, unreadable
from .state import STATE_KEY, GoujiState

REPORT_ITEM = "gouji"
"""Name of the one item of a report without ``--gouji-per-rule`` (``reports/a.txt::gouji``)."""


class ReportFailed(Exception):
    """Raised by an item whose report fails; carries the text ``repr_failure`` shows."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


class ReportFile(pytest.File):
    """One report. Per rule, it is checked while collecting, since the items are its rules;
    otherwise only when its one item runs, so timings and errors belong to the item."""

    def collect(self) -> Iterator[ReportItem]:
        state = self.config.stash[STATE_KEY]
        if not state.options.per_rule:
            yield ReportItem.from_parent(self, name=REPORT_ITEM)
            return
        try:
            record = state.record(self.path)
        except GoujiError as exc:
            judgement = _unreadable(state, self, exc)
            yield ReportItem.from_parent(self, name=REPORT_ITEM, judgement=judgement, broken=True)
            return
        state.tally(record.source, record.verdict)
        rules = record_rules(record)
        if not rules:  # no ruleset applies: one item says so
            judgement = judge(record, None, state.options.fail_on, state.baseline)
            yield ReportItem.from_parent(self, name=REPORT_ITEM, judgement=judgement)
        for rule in rules:
            judgement = judge(record, rule, state.options.fail_on, state.baseline)
            yield ReportItem.from_parent(self, name=rule, rule=rule, judgement=judgement)


class ReportItem(pytest.Item):
    def __init__(
        self,
        *,
        rule: str | None = None,
        judgement: Judgement | None = None,
        broken: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.rule = rule
        self.judgement = judgement
        self.broken = broken
        """The file could not be checked: the item errors in setup."""

    def setup(self) -> None:
        if self.judgement is None:
            state = self.config.stash[STATE_KEY]
            try:
                record = state.record(self.path)
            except GoujiError as exc:
                self.judgement, self.broken = _unreadable(state, self, exc), True
            else:
                state.tally(record.source, record.verdict)
                self.judgement = judge(record, None, state.options.fail_on, state.baseline)
        self.user_properties.extend(self.judgement.properties)
        if self.broken and self.judgement.outcome == "fail":
            pytest.fail(self.judgement.text, pytrace=False)

    def runtest(self) -> None:
        judgement = self.judgement
        assert judgement is not None  # set in setup
        if judgement.outcome == "fail":
            raise ReportFailed(judgement.text)
        if judgement.outcome == "xfail":
            pytest.xfail(judgement.text)
        if judgement.outcome == "skip":
            pytest.skip(judgement.text)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style=None) -> Any:
        if isinstance(excinfo.value, ReportFailed):
            return excinfo.value.text
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Any, int | None, str]:
        return self.path, None, f"{self.parent.nodeid} · {self.rule or '全部规则'}"


def _unreadable(state: GoujiState, node: pytest.Node, exc: GoujiError) -> Judgement:
    source = node.nodeid.split("::")[0] or str(node.path)
    state.tally(source, "error")
    return unreadable(source, str(exc), state.options.fail_on)
