"""Table recovery: find each table's region, anchor rows by label meaning, align values.

One mechanism for every layout. The piece stream is read once with a small state machine whose
state is the table being read (表二, 表三, 表四 or none). Strong markers switch tables (a
"第二十条" caption, the 勾稽关系 note, a section heading, the first recognisable row); inside a
table, a label piece that names one of its rows opens that row, and the value pieces that follow
belong to it until the next label. 表四 has no row labels: its region's values are its cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..model import Cell
from ..vocabulary import RowSpec, vocabulary
from .align import Alignment, Identity, align, number_of
from .labels import (
    ALIAS,
    ANNOTATED,
    EMBEDDED,
    LAST_ORDINAL,
    MATCH_CONFIDENCE,
    MATCH_NOTE,
    PARTIAL,
    normalize_label,
    row_matcher,
)
from .notes import NoteBook, location
from .pieces import BLANK, LABEL, VALUE, Piece
from .values import parse_value

_END = re.compile(r"(?:^|[^（(\d])[五六][、.．]\s*\S{0,14}?(?:存在|问题|其他需要报告|其他事项)")
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

    @property
    def has_values(self) -> bool:
        return any(p.kind == VALUE for p in self.seq)


@dataclass(slots=True)
class Scan:
    anchors: dict[str, list[Anchor]]
    t4: list[Piece]
    t4_header: Piece | None
    header_variants: list[tuple[Piece, str]]


def _label_like(text: str, norm: str) -> bool:
    return len(norm) <= _MAX_HEADER and "。" not in text


def _trigger(text: str, norm: str, state: str | None, edition: str) -> str | bool | None:
    """The table a label piece switches to, ``None`` for leaving tables, ``False`` for no change."""
    if _END.search(text):
        return None
    if (
        state != "t4"
        and "行政复议" in norm
        and (_label_like(text, norm) or "结果维持" in norm or "尚未审结" in norm)
    ):
        return "t4"
    if state != "t3" and (
        "勾稽关系" in norm
        or "申请人情况" in norm
        or (_label_like(text, norm) and "收到和处理政府信息公开申请" in norm)
    ):
        return "t3"
    if state in (None, "t2") and _label_like(text, norm):
        m = row_matcher(edition, "t3").match(text, None)
        if m is not None and m.how <= ANNOTATED:
            return "t3"
    if state is None and (
        "第二十条" in norm
        or (_label_like(text, norm) and "主动公开政府信息情况" in norm)
        or _is_t2_row(text, norm, edition)
    ):
        return "t2"
    return False


def _is_t2_row(text: str, norm: str, edition: str) -> bool:
    if not _label_like(text, norm):
        return False
    m = row_matcher(edition, "t2").match(text, None)
    return m is not None and m.how <= ALIAS


def scan(pieces: list[Piece], edition: str) -> Scan:
    """One pass over the stream, collecting anchors and their pieces per table."""
    anchors: dict[str, list[Anchor]] = {"t2": [], "t3": []}
    last: dict[str, str | None] = {"t2": None, "t3": None}
    t2_columns = {
        normalize_label(v) for v in vocabulary(edition).tables["t2"].column_labels.values()
    }
    t4: list[Piece] = []
    t4_header: Piece | None = None
    header_variants: list[tuple[Piece, str]] = []
    state: str | None = None
    current: Anchor | None = None
    for piece in pieces:
        if piece.kind != LABEL:
            if state == "t4":
                t4.append(piece)
            elif current is not None:
                current.seq.append(piece)
            continue
        norm = normalize_label(piece.text)
        switched = _trigger(piece.text, norm, state, edition)
        if switched is not False:
            state, current = switched, None
            if state == "t4" and not any(p.kind == VALUE for p in t4):
                t4, t4_header = [], piece
        if state not in ("t2", "t3"):
            continue
        match = row_matcher(edition, state).match(piece.text, last[state])
        if match is not None:
            current = Anchor(
                match.row, match.how, _label_as_written(piece.text, match.row, match.how), piece
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
    return Scan(anchors, t4, t4_header, header_variants)


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
    from difflib import SequenceMatcher

    if not norm or norm in columns or len(norm) > 20:
        return None
    for col in columns:
        if len(col) == len(norm) and SequenceMatcher(None, norm, col).ratio() >= 0.8:
            return col
    return None


# --- identities the aligner may use to choose between readings ------------------------------


def _row_total(values) -> bool:
    return None not in values and values[-1] == sum(values[:-1])


def _block_totals(values) -> bool:
    return None not in values and all(
        values[b + 4] == sum(values[b : b + 4]) for b in range(0, len(values), 5)
    )


IDENTITY_FOR = {"t3": ("T3.ROW_TOTAL", _row_total), "t4": ("T4.BLOCK_TOTAL", _block_totals)}


# --- from anchors to cells ------------------------------------------------------------------


def _profiles(anchors: list[Anchor]) -> dict[int, set[tuple[int, ...]]]:
    """Column positions of complete grid rows, by the column of their label."""
    profiles: dict[int, set[tuple[int, ...]]] = {}
    for a in anchors:
        values = [p for p in a.seq if p.kind == VALUE]
        if len(values) == len(a.row.columns) and all(p.grid for p in values):
            profiles.setdefault(a.piece.col, set()).add(tuple(p.col for p in values))
    return profiles


def _in_value_rows(seq: list[Piece], anchor: Piece | None) -> list[Piece]:
    """Blanks count only in the label's own row or a row that holds values."""
    rows = {p.row for p in seq if p.kind == VALUE}
    if anchor is not None:
        rows.add(anchor.row)
    return [p for p in seq if p.kind == VALUE or (p.kind == BLANK and p.row in rows)]


def read_cells(pieces: list[Piece], edition: str, notes: NoteBook) -> dict[str, Cell]:
    """Every canonical cell of ``edition``; those not found are ``absent``."""
    vocab = vocabulary(edition)
    found = scan(pieces, edition)
    cells: dict[str, Cell] = {}
    for table in ("t2", "t3"):
        anchors = found.anchors[table]
        profiles = _profiles(anchors)
        identity = IDENTITY_FOR.get(table)
        embedded = _embedded_note(anchors, notes, vocab.tables[table].name)
        detached = _redistribute_detached(anchors, identity, notes, vocab.tables[table].name)
        for a in anchors:
            label_notes = _label_notes(a, notes, vocab.tables[table].name)
            if embedded and MATCH_NOTE[a.how] == "label.embedded":
                label_notes = (*label_notes, embedded)
            if id(a) in detached:
                label_notes = (*label_notes, detached[id(a)])
            seq = _in_value_rows(a.seq, a.piece)
            result = align(
                seq, len(a.row.columns), identity[1] if identity else None, profiles, a.piece.col
            )
            cells.update(_cells(a.row, result, a.label, identity, notes, a.piece, label_notes))
    _read_t4(found, vocab, notes, cells)
    for piece, canonical in found.header_variants:
        notes.add(
            "header.variant",
            f"表二表头“{piece.text}”按“{canonical}”理解（疑为错别字或变体）",
            0.9,
            piece.pos,
        )
    absent = _absent_rows(vocab, cells, notes)
    return {
        k: cells.get(k) or Cell(key=k, notes=(absent[k],) if k in absent else ())
        for k in vocab.cell_keys
    }


def _read_t4(found: Scan, vocab, notes: NoteBook, cells: dict[str, Cell]) -> None:
    seq = _in_value_rows(found.t4, None)
    if not any(p.kind == VALUE for p in seq):
        return
    blocks = vocab.tables["t4"].rows
    identity = IDENTITY_FOR["t4"]
    result = align(seq, 5 * len(blocks), identity[1])
    flat = RowSpec(
        table="t4",
        key="*",
        label="表四",
        columns=tuple(f"{b.key}.{c}" for b in blocks for c in b.columns),
    )
    for key, cell in _cells(flat, result, None, identity, notes, found.t4_header).items():
        real = key.replace("t4.*.", "t4.")
        cells[real] = cell.model_copy(update={"key": real})


def _redistribute_detached(
    anchors: list[Anchor],
    identity: tuple[str, Identity] | None,
    notes: NoteBook,
    table_name: str,
) -> dict[int, str]:
    """Give values back to labels they were detached from (PDF column extraction, markdown
    conversions): a run of labels without values followed by exactly their cells' worth.

    The run is read row by row or column by column; where the two readings differ, only the
    one under which every row's identity holds is taken, and that identity is then assumed.
    Returns the note id for each anchor whose values were moved.
    """
    moved: dict[int, str] = {}
    pending: list[Anchor] = []
    for a in anchors:
        values = [p for p in a.seq if p.kind == VALUE]
        if not values:
            pending.append(a)
            continue
        group, pending = [*pending, a], []
        widths = {len(g.row.columns) for g in group}
        if len(group) < 2 or len(widths) != 1 or len(values) != len(group) * widths.pop():
            continue
        n = len(a.row.columns)
        by_row = [values[i * n : (i + 1) * n] for i in range(len(group))]
        by_col = [values[i :: len(group)] for i in range(len(group))]
        readings = {"按行": by_row, "按列": by_col}
        same = all(_texts(r) == _texts(c) for r, c in zip(by_row, by_col, strict=True))
        assumed = None
        if same:
            chosen, how = by_row, "按行"
        else:
            fitting = [
                (name, rows)
                for name, rows in readings.items()
                if identity is not None and all(identity[1](_numbers(r)) for r in rows)
            ]
            if len(fitting) != 1:
                continue
            how, chosen = fitting[0]
            assumed = identity[0] if identity else None
        for g, vals in zip(group, chosen, strict=True):
            g.seq = list(vals)
        note = notes.add(
            "rows.detached",
            f"{table_name}有 {len(group)} 行的数值与标签分开排列（{group[0].row.label} 至 {a.row.label}），"
            + (
                "已按位置对应"
                if same
                else f"{how}排列时各行合计关系成立，已按此对应（假定该关系成立）"
            ),
            0.8 if same else 0.6,
            values[0].pos,
            tuple(k for g in group for k in g.row.cell_keys()),
            assumed,
        )
        moved.update({id(g): note for g in group})
    return moved


def _texts(pieces: list[Piece]) -> list[str]:
    return [p.text for p in pieces]


def _numbers(pieces: list[Piece]) -> list:
    return [parse_value(p.text).value for p in pieces]


def _embedded_note(anchors: list[Anchor], notes: NoteBook, table_name: str) -> str | None:
    """One note for every row label found inside run-together text (crawler dumps)."""
    rows = [a for a in anchors if MATCH_NOTE[a.how] == "label.embedded"]
    if not rows:
        return None
    return notes.add(
        "label.embedded",
        f"{table_name}有 {len(rows)} 个行标签是从连排文本（无分隔符）中识别的："
        + "、".join(a.row.label for a in rows),
        MATCH_CONFIDENCE[EMBEDDED],
        rows[0].piece.pos,
        tuple(k for a in rows for k in a.row.cell_keys()),
    )


def _label_notes(a: Anchor, notes: NoteBook, table_name: str) -> tuple[str, ...]:
    """Notes for a row label read other than as the template prints it; their ids go on the cells."""
    code = MATCH_NOTE[a.how]
    refs = a.row.cell_keys()
    ids: list[str] = []
    if a.continued:
        ids.append(
            notes.add(
                "label.wrapped", f"{table_name}跨行标签已拼接为“{a.label}”", 0.9, a.piece.pos, refs
            )
        )
    if code is None or code == "label.embedded" or (a.continued and code == "label.partial"):
        return tuple(ids)
    messages = {
        "label.variant": f"{table_name}行标签“{a.label}”是“{a.row.label}”的旧版或变体写法",
        "label.annotated": f"{table_name}行标签“{a.label}”去掉括号内注释后识别为“{a.row.label}”",
        "label.partial": f"{table_name}行标签“{a.label}”不完整（换行或截断），按关键词识别为“{a.row.label}”",
        "label.fuzzy": f"{table_name}行标签“{a.label}”疑有错别字，按相似度识别为“{a.row.label}”",
    }
    ids.append(notes.add(code, messages[code], MATCH_CONFIDENCE[a.how], a.piece.pos, refs))
    return tuple(ids)


def _cells(
    row: RowSpec,
    result: Alignment,
    label: str | None,
    identity: tuple[str, Identity] | None,
    notes: NoteBook,
    at: Piece | None,
    label_notes: tuple[str, ...] = (),
) -> dict[str, Cell]:
    keys = row.cell_keys()
    note_ids: tuple[str, ...] = label_notes
    if result.code:
        assumed = None
        if result.assumed_identity and identity is not None:
            assumed = f"{identity[0]}[{row.key}]" if row.key != "*" else identity[0]
        first = next((s.piece for s in result.slots or () if s.piece is not None), at)
        note_ids += (
            notes.add(
                result.code,
                f"{row.label}：{result.message}",
                result.confidence,
                first.pos if first else None,
                keys,
                assumed,
            ),
        )
    if result.slots is None:
        return {k: Cell(key=k, label=label, notes=note_ids) for k in keys}
    out = {}
    for key, slot in zip(keys, result.slots, strict=True):
        piece = slot.piece
        if piece is None or piece.kind == BLANK or not slot.text:
            pos = piece.pos if piece is not None else None
            out[key] = Cell(
                key=key, semantic="blank", raw="", label=label, loc=location(pos), notes=note_ids
            )
            continue
        parsed = parse_value(slot.text)
        value = number_of(slot)
        semantic = parsed.semantic
        if piece.grid is False:
            semantic = "zero" if value == 0 else "number"
        cell_notes = note_ids + _value_notes(key, slot.text, parsed, piece, notes)
        pos = piece.pos
        if slot.offset and pos.column is not None:
            pos = type(pos)(line=pos.line, column=pos.column + slot.offset, page=pos.page)
        out[key] = Cell(
            key=key,
            value=value,
            raw=slot.text,
            semantic=semantic,
            label=label,
            loc=location(pos),
            notes=cell_notes,
        )
    return out


def _value_notes(key: str, raw: str, parsed, piece: Piece, notes: NoteBook) -> tuple[str, ...]:
    """Reading a number out of a cell that holds more than a number is an assumption too."""
    if parsed.annotation:
        return (
            notes.add(
                "value.annotated",
                f"单元格“{raw}”含附注，取其中的数值 {parsed.value}",
                0.85,
                piece.pos,
                (key,),
            ),
        )
    if parsed.unit and parsed.unit != "%":
        return (
            notes.add(
                "value.unit",
                f"单元格“{raw}”带单位“{parsed.unit}”，取数值部分",
                0.95,
                piece.pos,
                (key,),
            ),
        )
    return ()


def _absent_rows(vocab, cells: dict[str, Cell], notes: NoteBook) -> dict[str, str]:
    """One note per table naming the rows not found; returns its id for each absent key."""
    absent: dict[str, str] = {}
    for spec in vocab.tables.values():
        missing = [r for r in spec.rows if not any(k in cells for k in r.cell_keys())]
        if not missing:
            continue
        keys = tuple(k for r in missing for k in r.cell_keys())
        if len(missing) == len(spec.rows):
            message = f"未找到{spec.name}，其单元格均视为缺失"
        else:
            message = f"{spec.name}缺少 {len(missing)} 行：" + "、".join(r.label for r in missing)
        note = notes.add("table.rows_absent", message, 1.0, None, keys)
        absent.update(dict.fromkeys(keys, note))
    return absent
