"""Putting a row's values into the template's columns.

A row arrives as the value and blank pieces found after its label. Usually there are exactly as
many values as columns. When there are more (a wrapped label pushed an extra cell in), fewer
(blank cells, or digits run together with no separator), the reading that fits is chosen only
when it is the single one that fits, and how it was chosen is reported:

- by the column count alone (every reading agrees): an assumption about layout, not arithmetic;
- by an identity (the row total, a 表四 block total): the identity was *assumed* to get the
  cells, so the rules must never report it as passed on them (``Alignment.assumed_identity``);
- not at all: the cells stay unread (``Alignment.slots is None``) and the reason is reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from .pieces import BLANK, VALUE, Piece
from .values import MAX_CELL_DIGITS, parse_value, split_unit, to_number

Identity = Callable[[Sequence[int | Decimal | None]], bool]

MAX_READINGS = 1024
"""A digit run that splits more ways than this is refused as ambiguous (with so many readings,
several satisfy any identity by chance; and listing them all would be slow)."""

MAX_SHOWN = 40
"""Characters of a digit run quoted in a note."""

MAX_SURPLUS = 2
"""More values than columns is read only when the surplus is this small (a cell pushed in by a
wrapped label). With a larger surplus some window would satisfy any identity by chance."""


@dataclass(frozen=True, slots=True)
class Slot:
    """One column's content: a piece (or part of one, for split digits), or an implied blank."""

    piece: Piece | None
    text: str
    offset: int = 0
    unread: bool = False
    """A cell the readings that fit disagree on: not read (absent), never blank."""


@dataclass(slots=True)
class Alignment:
    slots: list[Slot] | None
    code: str | None = None
    message: str | None = None
    confidence: float = 1.0
    assumed_identity: bool = False
    """The row's own identity (row total, block totals) chose the reading."""
    candidates: tuple[list[Slot], ...] = ()
    """When the row alone cannot be read, or only by assuming its own identity: its distinct
    readings (digit splits, alignments of a surplus), for the table to weigh with every identity
    together (``joint``)."""
    assumes: tuple[str, ...] = ()
    """Identity instances (``T3.BALANCE[natural]``) the table's joint reading assumed."""
    fails: tuple[str, ...] = ()
    """Identity instances no reading of the row's digits can satisfy."""


def _number(slot: Slot) -> int | Decimal | None:
    return parse_value(slot.text).value if slot.text else None


def _reading(slots: Sequence[Slot]) -> tuple:
    return tuple(_number(s) for s in slots)


def align(
    seq: Sequence[Piece],
    n: int,
    identity: Identity | None,
    layouts: Sequence[tuple[int, ...]] = (),
    header: tuple[int, ...] | None = None,
    label_col: int | None = None,
) -> Alignment:
    """Choose which pieces of ``seq`` fill the ``n`` columns.

    ``layouts`` are the column positions of complete rows of the same width whose label sits in
    the same column; ``header`` the positions the table's header gives its columns, which hold
    only for a row whose label (at ``label_col``) lies left of them. Both only serve to place
    blank cells in a text grid.
    """
    values = [p for p in seq if p.kind == VALUE]
    k = len(values)
    if k == n:
        return Alignment([Slot(p, p.text) for p in values])
    if k > n:
        return _too_many(values, n, identity)
    if values and all(not p.grid for p in values):
        return _split_digits(values, n, identity)
    if header is not None and (label_col is None or header[0] <= label_col):
        header = None  # this row's label sits where the header puts a value: another offset
    return _with_blanks(seq, values, n, layouts, header)


def _too_many(values: list[Piece], n: int, identity: Identity | None) -> Alignment:
    shown = " ".join(p.text for p in values)
    if len(values) > n + MAX_SURPLUS:
        return Alignment(
            None,
            "cells.unresolved",
            f"该行标签后有 {len(values)} 个数值，远多于 {n} 列，无法确定对应关系，未读取",
            0.3,
        )
    windows = [[Slot(p, p.text) for p in values[i : i + n]] for i in range(len(values) - n + 1)]
    distinct = {_reading(w): w for w in windows}
    if len(distinct) == 1:
        return Alignment(
            windows[0],
            "cells.shifted",
            f"该行有 {len(values)} 个数值（{shown}），多于 {n} 列；各种对齐方式读数相同，已略去多余单元格",
            0.9,
        )
    if identity is not None:
        fitting = [w for r, w in distinct.items() if identity(r)]
        if len(fitting) == 1:
            return Alignment(
                fitting[0],
                "cells.shifted_by_identity",
                f"该行有 {len(values)} 个数值（{shown}），多于 {n} 列；按合计关系选定对齐方式（假定该关系成立）",
                0.6,
                assumed_identity=True,
                candidates=tuple(distinct.values()),
            )
    return Alignment(
        None,
        "cells.unresolved",
        f"该行有 {len(values)} 个数值（{shown}），多于 {n} 列，无法确定对应关系，未读取",
        0.3,
        candidates=tuple(distinct.values()),
    )


def _numeral(text: str) -> bool:
    """A numeral a cell can hold: no leading zero, and a sign (a 2019 增/减 cell) only before
    a non-zero number ("88-720" is 88, then -72 and 0 or -7 and 20)."""
    digits = text.lstrip(_SIGNS)
    if not digits or len(text) - len(digits) > 1:
        return False
    if digits.startswith("0"):
        return digits == "0" and digits == text
    return True


_SIGNS = "-－−"


def _parts(token: str, m: int) -> Iterator[list[tuple[int, str]]]:
    """Ways to cut ``token`` into ``m`` numerals (no leading zeros, at most ``MAX_CELL_DIGITS``
    digits each), as (offset, digits). A rest too short or too long for its numerals is cut
    off at once, so only cuts that can succeed are walked."""
    if not m <= len(token) <= m * MAX_CELL_DIGITS and "." not in token:
        return
    if m == 1:
        if "." in token or _numeral(token):
            yield [(0, token)]
        return
    if "." in token:
        return
    for cut in range(1, min(len(token) - m + 1, MAX_CELL_DIGITS) + 1):
        head = token[:cut]
        if not _numeral(head):
            continue
        for rest in _parts(token[cut:], m - 1):
            yield [(0, head), *((o + cut, d) for o, d in rest)]


def _splits(tokens: list[str], n: int) -> Iterator[list[list[tuple[int, str]]]]:
    if not tokens:
        if n == 0:
            yield []
        return
    first, rest = tokens[0], tokens[1:]
    most = min(len(first), n - len(rest))
    for m in range(1, most + 1):
        for head in _parts(first, m):
            for tail in _splits(rest, n - m):
                yield [head, *tail]


def _count_splits(tokens: tuple[str, ...], n: int) -> int:
    """How many ways ``tokens`` cut into ``n`` numerals: counted, not listed, so a pathological
    run is refused at once instead of after enumerating thousands of readings.

    Counted by position (token, offset, numerals left), never by slicing: the work is linear in
    the digits times the columns times ``MAX_CELL_DIGITS``."""

    @cache
    def ways(t: int, i: int, m: int) -> int:
        """Cuts of ``tokens[t][i:]`` into ``m`` numerals."""
        token = tokens[t]
        rest = len(token) - i
        if m == 1:
            return 1 if "." in token or (_numeral(token[i:]) and rest <= MAX_CELL_DIGITS) else 0
        if "." in token or rest < m or rest > m * MAX_CELL_DIGITS:
            return 0
        return sum(
            ways(t, i + cut, m - 1)
            for cut in range(1, min(rest - m + 1, MAX_CELL_DIGITS) + 1)
            if _numeral(token[i : i + cut])
        )

    @cache
    def total(t: int, left: int) -> int:
        if t == len(tokens):
            return 1 if left == 0 else 0
        return sum(ways(t, 0, m) * total(t + 1, left - m) for m in range(1, left + 1))

    return total(0, n)


def _split_digits(values: list[Piece], n: int, identity: Identity | None) -> Alignment:
    tokens = [split_unit(p.text)[0] for p in values]
    shown = " ".join(tokens)
    digits = sum(len(t) for t in tokens)
    if digits > n * MAX_CELL_DIGITS:
        # More digits than the row's cells can hold: refused before anything is counted.
        return Alignment(
            None,
            "digits.ambiguous",
            f"连写数字“{_abridged(shown)}”共 {digits} 位，超过 {n} 列所能容纳的位数，未读取",
            0.3,
        )
    bound = 1
    for token in tokens:
        bound *= 1 << (len(token) - 1)  # cuts of one token: at most 2^(len-1)
    if bound > MAX_READINGS and _count_splits(tuple(tokens), n) > MAX_READINGS:
        return Alignment(
            None,
            "digits.ambiguous",
            f"连写数字“{shown}”拆分为 {n} 列的方式超过 {MAX_READINGS} 种，无法确定，未读取",
            0.3,
        )
    readings: dict[tuple, list[Slot]] = {}
    for split in _splits(tokens, n):
        slots = [Slot(p, d, o) for p, parts in zip(values, split, strict=True) for o, d in parts]
        readings.setdefault(_reading(slots), slots)
    if len(readings) == 1:
        slots = next(iter(readings.values()))
        return Alignment(
            slots,
            "digits.split",
            f"连写数字“{shown}”按列数（{n} 列）唯一拆分为 {'、'.join(s.text for s in slots)}",
            0.9,
        )
    if identity is not None and readings:
        fitting = [s for r, s in readings.items() if identity(r)]
        if len(fitting) == 1:
            slots = fitting[0]
            return Alignment(
                slots,
                "digits.split_by_identity",
                f"连写数字“{shown}”有 {len(readings)} 种拆分，按合计关系选定 "
                f"{'、'.join(s.text for s in slots)}（假定该关系成立）",
                0.6,
                assumed_identity=True,
                candidates=tuple(readings.values()),
            )
    why = "无法拆分" if not readings else f"有 {len(readings)} 种拆分方式，无法确定"
    return Alignment(
        None,
        "digits.ambiguous",
        f"连写数字“{shown}”{why}为 {n} 列，未读取",
        0.3,
        candidates=tuple(readings.values()),
    )


def _abridged(text: str) -> str:
    return text if len(text) <= MAX_SHOWN else f"{text[:MAX_SHOWN]}…"


def _with_blanks(
    seq: Sequence[Piece],
    values: list[Piece],
    n: int,
    layouts: Sequence[tuple[int, ...]],
    header: tuple[int, ...] | None,
) -> Alignment:
    cells = [p for p in seq if p.kind in (VALUE, BLANK)]
    if not cells:
        return Alignment(None, "cells.missing", "该行标签后没有任何数值或单元格，视为缺失", 0.9)
    exact = all(p.exact for p in cells)
    value_cols = {p.col for p in values}
    fitting = [cols for cols in layouts if len(cols) == n and value_cols <= set(cols)]
    how = "同表其他行的列位置"
    if not layouts and header is not None and len(header) == n and value_cols <= set(header):
        fitting, how = [header], "表头的列位置"
    if len(fitting) == 1:
        by_col = {p.col: p for p in cells}
        return Alignment(
            [_slot_at(by_col, c) for c in fitting[0]],
            None if exact else "cells.aligned",
            None if exact else f"该行只有 {len(values)} 个数值，空白单元格按{how}定位",
            1.0 if exact else 0.8,
        )
    trailing_padding = len(cells) > n and not any(p.padded for p in cells)
    if (
        len(cells) == n
        or (not values and len(cells) > n)
        or (trailing_padding and all(p.kind == BLANK for p in cells[n:]))
    ):
        # One cell per column; or nothing but blanks (every placement reads the same); or, in a
        # grid that pads only after a row's cells (markdown, one cell per line, HTML), the first
        # n cells right of the label with nothing but blanks after them.
        return Alignment(
            [Slot(p, p.text if p.kind == VALUE else "") for p in cells[:n]],
            None if exact else "cells.blank_in_place",
            None if exact else f"该行单元格按原位置读取，空白单元格视为未填写（{n} 列）",
            1.0 if exact else 0.75,
        )
    shown = " ".join(p.text or "□" for p in cells) or "（无）"
    return Alignment(
        None,
        "cells.unresolved",
        f"该行只有 {len(values)} 个数值（{shown}），少于 {n} 列，无法确定各值所在列，未读取",
        0.3,
    )


def _slot_at(by_col: dict[int, Piece], col: int) -> Slot:
    piece = by_col.get(col)
    return Slot(piece, piece.text if piece is not None and piece.kind == VALUE else "")


def number_of(slot: Slot) -> int | Decimal | None:
    """The slot's numeric value (digits split from a run are always plain integers)."""
    if slot.piece is not None and not slot.piece.grid:
        try:
            return to_number(slot.text)
        except InvalidOperation:  # a text cell beside its label, longer than any figure
            return None
    return _number(slot)
