"""Reading a table's undecided rows together, under every identity of the table at once.

A crawler dump runs a row's cells together ("220000022"); the column count alone may leave
several ways to cut the digits, and the row's own total may still leave two (22|0|…|22 and
2|20|0|…|22). The table's other identities — each column's 勾稽 balance, the results total, 表四's
block totals — tie the rows together, so the undecided rows are read jointly:

- an identity that no combination of readings satisfies fails whatever the split: the report is
  inconsistent there. It is recorded on the cells (``fails``) so its rule says so on the report's
  own figures, and it takes no part in choosing;
- of the combinations, those satisfying every other identity are kept. Exactly one (by value) is
  read, and the identities that ruled out the others are recorded as assumed: they are never
  reported as passed on those cells;
- none or several: the cells stay unread and the note names the candidates.

Identities are named as the rules name their instances (``T3.BALANCE[natural]``), which is how
the rules know which of their verdicts the reading already took for granted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from itertools import product
from math import prod

from ..model import RELIABLE
from ..vocabulary import vocabulary
from .align import Alignment, Slot, number_of

MAX_COMBINATIONS = 65536
"""Combinations of undecided rows tried at most; beyond, the rows stay unread (so many
readings would let some combination satisfy the identities by chance)."""

SHOWN = 4
"""Candidates listed per row in a note."""

Number = int | Decimal
Reading = tuple[Number | None, ...]


@dataclass(frozen=True, slots=True)
class Identity:
    """``sum(sign * cell) == 0`` over cells given as (sign, row key, column index)."""

    name: str
    terms: tuple[tuple[int, str, int], ...]

    @property
    def rows(self) -> frozenset[str]:
        return frozenset(row for _, row, _ in self.terms)

    def holds(self, values: Mapping[str, Reading]) -> bool:
        return sum(sign * (values[row][col] or 0) for sign, row, col in self.terms) == 0


@cache
def t3_identities(edition: str) -> tuple[Identity, ...]:
    """Row totals, the printed 勾稽 balance per column and the results total per column."""
    spec = vocabulary(edition).tables["t3"]
    columns = tuple(spec.column_labels)
    total = len(columns) - 1
    out = [
        Identity(
            f"T3.ROW_TOTAL[{row.key}]",
            ((1, row.key, total), *((-1, row.key, c) for c in range(total))),
        )
        for row in spec.rows
    ]
    results = [r.key for r in spec.rows_in_group("results")]
    for c, name in enumerate(columns):
        out.append(
            Identity(
                f"T3.BALANCE[{name}]",
                (
                    (1, "new", c),
                    (1, "carried_over", c),
                    (-1, "results_total", c),
                    (-1, "carry_forward", c),
                ),
            )
        )
        out.append(
            Identity(
                f"T3.RESULTS_TOTAL[{name}]",
                (*((1, r, c) for r in results), (-1, "results_total", c)),
            )
        )
    return tuple(out)


@cache
def t4_identities(edition: str) -> tuple[Identity, ...]:
    """表四 read as one flat row (``*``) of its blocks' cells: each block's total."""
    blocks = vocabulary(edition).tables["t4"].rows
    return tuple(
        Identity(
            f"T4.BLOCK_TOTAL[{b.key}]",
            ((1, "*", 5 * i + 4), *((-1, "*", 5 * i + j) for j in range(4))),
        )
        for i, b in enumerate(blocks)
    )


def _numbers(slots: Sequence[Slot]) -> Reading:
    return tuple(number_of(s) for s in slots)


def solve(rows: dict[str, Alignment], identities: Sequence[Identity]) -> None:
    """Decide the rows left undecided (``slots is None`` with ``candidates``) in place.

    Rows their own total already decided (``assumed_identity``) take part with all their
    readings too: an identity that fails whichever way they are cut fails on the report's
    figures, not on the parser's choice. Their reading stands whatever the others do."""
    open_rows = [
        k for k, a in rows.items() if (a.slots is None or a.assumed_identity) and a.candidates
    ]
    if not open_rows:
        return
    fixed = {k: _numbers(a.slots) for k, a in rows.items() if k not in open_rows and a.slots}
    known = {*fixed, *open_rows}
    relevant = [i for i in identities if i.rows <= known and any(r in i.rows for r in open_rows)]
    choices: dict[str, list[tuple[list[Slot], Reading]]] = {
        k: [(slots, _numbers(slots)) for slots in rows[k].candidates] for k in open_rows
    }
    failing: set[str] = set()
    deciding: dict[str, set[str]] = {k: set() for k in open_rows}
    # An identity within one row filters that row alone (cheap, and it keeps the product small).
    for identity in [i for i in relevant if len(i.rows) == 1]:
        (row,) = identity.rows
        fits = [c for c in choices[row] if identity.holds({row: c[1]})]
        if not fits:
            failing.add(identity.name)
        elif len(fits) < len(choices[row]):
            choices[row] = fits
            deciding[row].add(identity.name)
    shared = [i for i in relevant if len(i.rows) > 1]
    if prod(len(choices[k]) for k in open_rows) > MAX_COMBINATIONS:
        _leave_unread(rows, open_rows, choices, relevant, failing, "组合过多，无法确定")
        return
    combos = []
    for picked in product(*(choices[k] for k in open_rows)):
        values = {**fixed, **{k: c[1] for k, c in zip(open_rows, picked, strict=True)}}
        held = frozenset(i.name for i in shared if i.holds(values))
        combos.append((picked, held))
    satisfiable = frozenset().union(*(held for _, held in combos))
    failing |= {i.name for i in shared} - satisfiable
    unsatisfied = set(failing)
    # An identity fails on the report's own figures only if the rows it reads beside the
    # undecided ones were read without a choice; otherwise the parser may be at fault.
    failing = {
        i.name
        for i in relevant
        if i.name in failing
        and all(rows[r].confidence >= RELIABLE for r in i.rows if r not in open_rows)
    }
    fitting = [picked for picked, held in combos if held >= satisfiable]
    by_value = {tuple(c[1] for c in picked): picked for picked in fitting}
    if not by_value:
        why = "无论如何拆分都不能同时满足表内勾稽关系"
        _leave_unread(rows, open_rows, choices, relevant, failing, why)
        return
    # Each row is read as far as every fitting combination agrees on it: the whole row when
    # they all read it alike, else the cells they all read alike.
    found: dict[str, dict[Reading, list[Slot]]] = {k: {} for k in open_rows}
    for picked in by_value.values():
        for k, (slots, reading) in zip(open_rows, picked, strict=True):
            found[k].setdefault(reading, slots)
    others = "其余" if failing else "表内"
    why = f"有 {len(by_value)} 种拆分同样满足{others}勾稽关系，无法确定"
    for k in open_rows:
        a = rows[k]
        fails = _failing_for(k, relevant, failing)
        if a.slots is not None:
            a.fails = fails
            continue
        options = found[k]
        if any(i.name in unsatisfied for i in shared if k in i.rows):
            # The row is in an identity no reading satisfies: the table is inconsistent around
            # it, so the other identities it shares are no evidence of how to cut it (a wrong
            # cut may satisfy one of them by chance). Only its own identities choose.
            options = {reading: slots for slots, reading in reversed(choices[k])}
        else:
            deciding[k] |= {
                i.name
                for i in shared
                if k in i.rows
                and i.name in satisfiable
                and any(c[1] not in options for c in choices[k])
            }
        if len(options) == 1:
            (slots,) = options.values()
            _decide(a, slots, sorted(deciding[k]), fails)
        elif not _read_agreed(a, options, sorted(deciding[k]), fails, why):
            _leave_unread({k: a}, [k], choices, relevant, failing, why)


def _failing_for(row: str, relevant: Sequence[Identity], failing: set[str]) -> tuple[str, ...]:
    return tuple(i.name for i in relevant if row in i.rows and i.name in failing)


def _decide(a: Alignment, slots: list[Slot], assumed: list[str], fails: tuple[str, ...]) -> None:
    """Read the row as chosen; the note says how, and what it took for granted."""
    shown = "、".join(s.text or "□" for s in slots)
    a.slots = slots
    a.assumes = tuple(assumed)
    a.fails = fails
    a.candidates = ()
    a.code = "digits.joint"
    if assumed:
        a.message = (
            f"{a.message.split('，', 1)[0] if a.message else '该行'}；按全表勾稽关系"
            f"（{'、'.join(assumed)}）唯一确定为 {shown}（假定这些关系成立）"
        )
        a.confidence = 0.6
    else:
        a.message = f"各种拆分读数相同，读作 {shown}"
        a.confidence = 0.9


def _read_agreed(
    a: Alignment,
    found: dict[Reading, list[Slot]],
    assumed: list[str],
    fails: tuple[str, ...],
    why: str,
) -> bool:
    """Read the cells on which every fitting reading agrees, leave the others unread.

    "00202000001324015" in 15 cells: 表四's first two blocks read alike however the third is
    cut, so they are read and only the third block stays unread. Nothing is guessed: a cell is
    read only when no reading that fits gives it another value."""
    readings = list(found)
    agreed = {i for i in range(len(readings[0])) if len({r[i] for r in readings}) == 1}
    if not agreed:
        return False
    first = found[readings[0]]
    a.slots = [
        s if i in agreed else Slot(s.piece, "", s.offset, unread=True) for i, s in enumerate(first)
    ]
    listed = "；".join(
        "、".join(s.text or "□" for s in slots) for slots in list(found.values())[:SHOWN]
    )
    base = (a.message or "").replace("，未读取", "")
    a.message = (
        f"{base}；{why}（候选：{listed}），但各种拆分在 {len(agreed)} 列上读数一致，"
        f"只读取这些列，其余 {len(first) - len(agreed)} 列未读取"
        + (f"（假定 {'、'.join(assumed)} 成立）" if assumed else "")
    )
    a.code = "digits.partial"
    a.confidence = 0.6
    a.assumes = tuple(assumed)
    a.fails = fails
    a.candidates = ()
    return True


def _leave_unread(
    rows: dict[str, Alignment],
    open_rows: list[str],
    choices: dict[str, list[tuple[list[Slot], Reading]]],
    relevant: Sequence[Identity],
    failing: set[str],
    why: str,
) -> None:
    for k in open_rows:
        a = rows[k]
        if a.slots is not None:
            a.fails = _failing_for(k, relevant, failing)
            continue
        listed = ["、".join(s.text or "□" for s in slots) for slots, _ in choices[k][:SHOWN]]
        more = f" 等 {len(choices[k])} 种" if len(choices[k]) > SHOWN else ""
        a.message = f"{a.message}；{why}（候选：{'；'.join(listed)}{more}）"
        a.fails = _failing_for(k, relevant, failing)
        a.candidates = ()
