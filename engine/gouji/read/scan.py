"""Finding the tables in the piece stream and the rows in each table.

The piece stream is read once with a small state machine whose state is the table being read
(表二, 表三, 表四 or none). Strong markers switch tables (a "第二十条" caption, the 勾稽关系 note, a
section heading, the first recognisable row); inside a table, a label piece that names one of its
rows opens that row, and the value pieces that follow belong to it until the next label. 表四 has
no row labels: its region's values are its cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from itertools import pairwise

from ..vocabulary import RowSpec, vocabulary
from .labels import (
    ALIAS,
    ANNOTATED,
    LAST_ORDINAL,
    MATCH_NOTE,
    PARTIAL,
    normalize_label,
    row_matcher,
)
from .local import NATIONAL, LocalTemplates
from .pieces import LABEL, VALUE, Piece

_END = re.compile(r"(?:^|[^（(\d十])[五六][、.．]\s*[\u3400-\u9fff]")
"""The heading of part 五 or 六, whatever its title ("五、信息处理费收取情况…"): the tables are
behind. Inside the tables 五 and 六 only number rows in brackets ("（五）不予处理")."""
_MAX_HEADER = 40


@dataclass(slots=True)
class Anchor:
    """A recognised row label and the pieces that followed it."""

    row: RowSpec
    how: int
    label: str
    piece: Piece
    seq: list[Piece] = field(default_factory=list)
    continued: bool = False
    origin: str | None = None
    """The plugin whose local template printed the label, for a ``LOCAL`` match."""

    @property
    def has_values(self) -> bool:
        return any(p.kind == VALUE for p in self.seq)


@dataclass(slots=True)
class Scan:
    anchors: dict[str, list[Anchor]]
    t4: list[Piece]
    t4_header: Piece | None
    t4_label_rows: set[int]
    header_variants: list[tuple[Piece, str]]
    headers: dict[str, tuple[int, ...]]
    """Grid columns a table's header gives its value columns, when it names all of them in order."""
    printed: dict[str, str]
    """Per table, its region's label text, normalized and run together: what a row label must
    be found in before a row that was not read may be called absent from the source."""


_T4_HEADER = ("维持", "纠正", "审结", "起诉")
"""Words of 表四's column headers (结果维持, 结果纠正, 尚未审结, 未经复议直接起诉, 复议后起诉), whole or
shredded ("结果结果其他尚未审结"): a stretch after a 行政复议 marker is 表四 only if it has them."""


@dataclass(slots=True)
class _Segment:
    """One stretch of the stream read as 表四: from a 行政复议 marker to the next table or section."""

    header: Piece
    pieces: list[Piece] = field(default_factory=list)
    label_rows: set[int] = field(default_factory=set)
    headed: bool = False
    """It prints 表四's column headers: a sub-heading "（四）行政复议" in 总体情况 does not."""


def _label_like(text: str, norm: str) -> bool:
    return len(norm) <= _MAX_HEADER and "。" not in text


def _trigger(
    text: str, norm: str, state: str | None, edition: str, local: LocalTemplates = NATIONAL
) -> str | bool | None:
    """The table a label piece switches to, ``None`` for leaving tables, ``False`` for no change."""
    if _END.search(text):
        return None
    if (
        state != "t4"
        and "行政复议" in norm
        and (_label_like(text, norm) or "结果维持" in norm or "尚未审结" in norm)
    ):
        return "t4"
    if state != "t3" and _strong_t3(text, norm):
        return "t3"
    if state in (None, "t2") and _label_like(text, norm) and not _clause(text):
        m = row_matcher(edition, "t3", local).match(text, None)
        if m is not None and m.how <= ANNOTATED:
            return "t3"
    if state is None and (_strong_t2(text, norm) or _is_t2_row(text, norm, edition, local)):
        return "t2"
    return False


def _strong_t2(text: str, norm: str) -> bool:
    return "第二十条" in norm or (_label_like(text, norm) and "主动公开政府信息情况" in norm)


def _strong_t3(text: str, norm: str) -> bool:
    return (
        "勾稽关系" in norm
        or "申请人情况" in norm
        or (_label_like(text, norm) and "收到和处理政府信息公开申请" in norm)
    )


def _clause(text: str) -> bool:
    """A piece that starts inside a sentence ("，结转下年度继续办理" before "2件"): prose, which
    may name a row but never starts a table."""
    return text.lstrip()[:1] in "，,；;、：:"


def _restart(text: str, norm: str, state: str | None, anchors: list) -> str | None:
    """The table a table's own header starts when the stream is in a table that only a row
    label opened (the caller knows): prose naming a row ("…结转下年度继续办理2件") must not
    swallow the real tables."""
    if state not in ("t2", "t3") or len(anchors) >= _ESTABLISHED:
        return None
    if _strong_t3(text, norm):
        return "t3"
    if _strong_t2(text, norm):
        return "t2"
    return None


_ESTABLISHED = 3
"""Rows a table must have read before a header can no longer restart it."""


def _is_t2_row(text: str, norm: str, edition: str, local: LocalTemplates = NATIONAL) -> bool:
    if not _label_like(text, norm):
        return False
    m = row_matcher(edition, "t2", local).match(text, None)
    return m is not None and m.how <= ALIAS


def scan(pieces: list[Piece], edition: str, local: LocalTemplates = NATIONAL) -> Scan:
    """One pass over the stream, collecting anchors and their pieces per table."""
    anchors: dict[str, list[Anchor]] = {"t2": [], "t3": []}
    last: dict[str, str | None] = {"t2": None, "t3": None}
    t2_columns = {
        normalize_label(v) for v in vocabulary(edition).tables["t2"].column_labels.values()
    }
    segments: list[_Segment] = []
    t3_columns = {
        normalize_label(v): k for k, v in vocabulary(edition).tables["t3"].column_labels.items()
    }
    t3_header: dict[str, int] = {}
    header_variants: list[tuple[Piece, str]] = []
    state: str | None = None
    tentative = False
    """The table in ``state`` was opened by a row label alone, not by the table's own header."""
    current: Anchor | None = None
    printed: dict[str, list[str]] = {"t2": [], "t3": [], "t4": []}
    for piece in pieces:
        if piece.kind != LABEL:
            if state == "t4":
                segments[-1].pieces.append(piece)
            elif current is not None:
                current.seq.append(piece)
            continue
        norm = normalize_label(piece.text)
        if state == "t4" and _prose_after_values(piece.text, segments[-1]):
            # "…00000我局严格规范…。2025年，我局未发生…": the table ended with its digits.
            state, current = None, None
        switched = _trigger(piece.text, norm, state, edition, local)
        restarted = (
            _restart(piece.text, norm, state, anchors.get(state or "", []))
            if tentative and switched is False
            else None
        )
        if restarted is not None:
            # Drop what prose opened: the rows it named were not the table's.
            anchors[state], last[state], printed[state] = [], None, []  # type: ignore[index]
            switched = restarted
        if switched is not False:
            tentative = switched in ("t2", "t3") and not (
                _strong_t2(piece.text, norm) or _strong_t3(piece.text, norm)
            )
        if switched is not False:
            state, current = switched, None
            if state == "t4":
                segments.append(_Segment(piece))
        if state is not None:
            printed[state].append(norm)
        if state == "t4":
            segments[-1].label_rows.add(piece.row)
            # After a sentence's end, a crawler dump may run the headers on ("…。行政复议行政诉讼结果维持…").
            tail = normalize_label(piece.text.rsplit("。", 1)[-1])
            if any(w in tail for w in _T4_HEADER):
                segments[-1].headed = True
        if state == "t3" and last["t3"] is None and piece.grid and norm in t3_columns:
            t3_header.setdefault(t3_columns[norm], piece.col)
        if state not in ("t2", "t3"):
            continue
        # A crawler dump runs a section's last sentence into the table's first label
        # ("…显著提升。二、主动公开政府信息情况第二十条…规范性文件"): only the text after it can be a row.
        label_text = piece.text.rsplit("。", 1)[-1]
        match = row_matcher(edition, state, local).match(label_text, last[state])
        if match is not None:
            current = Anchor(
                match.row,
                match.how,
                _label_as_written(piece.text, match.row, match.how),
                piece,
                origin=match.origin,
            )
            anchors[state].append(current)
            last[state] = match.row.key
            continue
        if current is not None and piece.grid and piece.row == current.piece.row:
            # Text in a cell right of the row's label is that cell's content ("见附件").
            current.seq.append(replace(piece, kind=VALUE))
            continue
        if current is not None and not current.has_values:
            if current.how == PARTIAL and _continues_label(current, piece.text):
                # A wrapped label: the rest of the row's label on the next line, before its values.
                current.label += piece.text
                current.continued = True
            # Otherwise a header or caption between a label and values printed apart from it.
            continue
        current = None
        if state == "t2":
            variant = _column_variant(norm, t2_columns)
            if variant:
                header_variants.append((piece, variant))
    headers = {}
    order = tuple(vocabulary(edition).tables["t3"].column_labels)
    cols = tuple(t3_header.get(k, -1) for k in order)
    if -1 not in cols and all(a < b for a, b in pairwise(cols)):
        headers["t3"] = cols
    # 表四 is the stretch that prints its headers (with values, if one has them); a stretch
    # without them is prose or another table's numbers, and taking it would be guessing.
    headed = [s for s in segments if s.headed]
    chosen = [s for s in headed if any(p.kind == VALUE for p in s.pieces)] or headed[-1:]
    return Scan(
        anchors,
        [p for s in chosen for p in s.pieces],
        chosen[0].header if chosen else None,
        {r for s in chosen for r in s.label_rows},
        header_variants,
        headers,
        {table: "".join(texts) for table, texts in printed.items()},
    )


def _prose_after_values(text: str, segment: _Segment) -> bool:
    """A sentence after 表四's values: its numbers ("2025年") are no longer the table's."""
    if not any(p.kind == VALUE for p in segment.pieces):
        return False
    return bool(re.search(r"[。，；！？]", text)) and not any(w in text for w in _T4_HEADER)


def _continues_label(anchor: Anchor, text: str) -> bool:
    """Whether ``text`` can be the rest of a wrapped label: joined, it must not outgrow it."""
    joined = normalize_label(anchor.label + text)
    return len(joined) <= len(normalize_label(anchor.row.label)) + 2


def _label_as_written(text: str, row: RowSpec, how: int) -> str:
    if MATCH_NOTE[how] != "label.embedded":
        return text.strip()
    # Run-together text: keep only the trailing run that spells the label, with its numbering
    # ("…其他一、本年新收…数量" → "一、本年新收…数量").
    wanted = len(normalize_label(row.label))
    start = len(text)
    while start > 0 and len(normalize_label(text[start:])) < wanted:
        start -= 1
    m = _ORDINAL_BEFORE.search(text[:start])
    if m:
        start = m.start()
    return text[start:].strip()


_ORDINAL_BEFORE = re.compile(rf"{LAST_ORDINAL.pattern}\s*$")


def _column_variant(norm: str, columns: set[str]) -> str | None:
    if not norm or norm in columns or len(norm) > 20:
        return None
    for col in columns:
        if len(col) == len(norm) and SequenceMatcher(None, norm, col).ratio() >= 0.8:
            return col
    return None
