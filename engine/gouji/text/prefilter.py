"""Trigger words: a sentence or clause is read by a reader only when it holds a word that
every one of the reader's patterns needs.

Most of a report's prose is about work done, not counts, and each reader's patterns are many
and slow (alternations, look-arounds, bounded gaps); one plain search for the words they all
require ("申请", "复议", "诉讼", "转" …) rules a sentence out at a fraction of the cost. A
trigger must be *necessary*: the reader gives nothing on a text without it. Each trigger in the
readers says which patterns it stands for; ``tests/test_text_prefilter.py`` checks that the
detectors' hits on every real report, and the readers' readings of every labelled sentence and
of generated ones, are the same with and without the triggers (:func:`reference`).

:func:`reference` also turns off the sharing of readings between detectors
(``gouji.memo``): every detector then reads every sentence itself, as before issue 14.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_SHORTCUTS: ContextVar[bool] = ContextVar("gouji_text_shortcuts", default=True)


def shortcuts() -> bool:
    """Whether triggers and shared readings are in use (they are, except under
    :func:`reference`)."""
    return _SHORTCUTS.get()


@contextmanager
def reference() -> Iterator[None]:
    """Within this block every reader reads every sentence and clause, and each detector makes
    its own readings: the slow path the fast one must agree with."""
    token = _SHORTCUTS.set(False)
    try:
        yield
    finally:
        _SHORTCUTS.reset(token)


def trigger(*words: str) -> re.Pattern[str]:
    """One pattern finding any of ``words`` (literal words, or regex fragments)."""
    return re.compile("|".join(words))


def holds(pattern: re.Pattern[str], text: str) -> bool:
    """``text`` holds a trigger of ``pattern`` — or the triggers are off."""
    return pattern.search(text) is not None or not _SHORTCUTS.get()
