"""What the rules read from a report, kept while the report is being checked.

Eleven text detectors read the same report one after another, and several need the same
readings of each sentence: the sentences themselves, and the counts of applications and
复议/诉讼 that ``applications``, ``review_litigation`` and the totals and applicant splits all
build on. The table rules ask, for some 650 rule instances, what the parser's notes on their
cells mean — the same few notes again and again. Each such reading is made once per report and
kept here, for the last few reports only, so a run over a whole corpus holds no more than a
handful of them.

Entries are found by the report's identity (a parsed report is immutable) and hold it only
weakly: an entry goes when its report does, so the readings are freed with the report, where the
caller lets it go, not in the middle of checking a later one (freeing a report's sentences and
claims took ~0.3 ms of the next report's check). A report that lives on is still dropped from
here once :data:`LIMIT` later reports have been asked about.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from .model import Report

T = TypeVar("T")

LIMIT = 4
"""Reports whose readings are kept: the one being checked, and a few a caller may go back to."""

_Entry = tuple["weakref.ref[Report]", dict[str, object]]
_CACHE: OrderedDict[int, _Entry] = OrderedDict()
_LOCK = threading.Lock()
_last: _Entry | None = None
"""The entry asked about last: the rules of one report ask some 150 times in a row, and this
answers them without the lock (reading one reference is atomic)."""


def per_report(report: Report, key: str, make: Callable[[Report], T]) -> T:
    """``make(report)``, made once per report under ``key`` and kept while the report lives and
    is among the last :data:`LIMIT` asked about. ``make`` runs outside the lock, so it may
    itself ask for another reading of the same report."""
    global _last
    last = _last
    if last is not None and last[0]() is report and key in last[1]:
        return last[1][key]  # type: ignore[return-value]
    with _LOCK:
        entry = _CACHE.get(id(report))
        if entry is None or entry[0]() is not report:
            ref = weakref.ref(report, _forget(id(report)))
            entry = _CACHE[id(report)] = (ref, {})
        _CACHE.move_to_end(id(report))
        _last = entry
        store = entry[1]
        if key in store:
            return store[key]  # type: ignore[return-value]
    value = make(report)
    with _LOCK:
        value = store.setdefault(key, value)  # type: ignore[assignment]
        while len(_CACHE) > LIMIT:
            _CACHE.popitem(last=False)
    return value


def _forget(key: int) -> Callable[[weakref.ref[Report]], None]:
    """What to do when the report under ``key`` is freed: drop its entry. Runs inside the
    report's deallocation, in whichever thread lets it go, possibly while this thread holds
    the lock, so it takes no lock: each step is one atomic dictionary operation, and no other
    report can have this ``id`` until the freeing is done."""

    def forget(ref: weakref.ref[Report]) -> None:
        global _last
        entry = _CACHE.get(key)
        if entry is not None and entry[0] is ref:
            _CACHE.pop(key, None)
        last = _last
        if last is not None and last[0] is ref:
            _last = None

    return forget


def kept() -> int:
    """How many reports have readings kept (for tests: the cache stays bounded)."""
    return len(_CACHE)
