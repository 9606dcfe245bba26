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


_PLAIN = re.compile(r"[^\\.^$*+?{}\[\]|()]+")
"""A word without any regular-expression syntax: found with ``in``."""
_FEW = 8
"""Up to this many plain words are looked for one by one with ``in`` (a substring search,
ten times faster than the regular-expression engine on Chinese text); more, with one pattern."""


class Trigger:
    """Words (or regex fragments) any of which a reader's patterns need.

    ``needs``: a character every match holds, looked for first — a fragment such as a year
    ("2023 年") is found far faster after the cheap check for 年 rules most texts out."""

    __slots__ = ("_needs", "_regex", "_words", "pattern")

    def __init__(self, *words: str, needs: str = "") -> None:
        self.pattern = "|".join(words)
        """The alternation, for triggers built of others."""
        plain = len(words) <= _FEW and all(_PLAIN.fullmatch(w) for w in words)
        self._words = words if plain else None
        self._regex = None if plain else re.compile(self.pattern)
        self._needs = needs

    def found(self, text: str) -> bool:
        if self._needs and self._needs not in text:
            return False
        if self._regex is not None:
            return self._regex.search(text) is not None
        for word in self._words or ():  # noqa: SIM110 - a generator for any() costs more than the search
            if word in text:
                return True
        return False


def trigger(*words: str, needs: str = "") -> Trigger:
    """A trigger finding any of ``words`` (literal words, or regex fragments)."""
    return Trigger(*words, needs=needs)


def holds(trigger: Trigger, text: str) -> bool:
    """``text`` holds one of the trigger's words — or the triggers are off."""
    return trigger.found(text) or not _SHORTCUTS.get()
