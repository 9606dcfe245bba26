"""From recognised rows to canonical cells: alignment, detached values, and the notes.

Table recovery is one mechanism for every layout: ``scan`` finds each table's region and anchors
its rows by label meaning; here each row's pieces are aligned to the template's columns
(``align``) and become ``Cell`` objects that carry the ids of every note behind them. Cells are
kept as their models' fields until the end, when ``boundary`` validates them all in one call.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from ..model import Cell
from ..vocabulary import RowSpec, vocabulary
from .align import Alignment, Identity, align, number_of
from .boundary import CellFields, build_cells, loc_fields
from .fast import in_order, template_rows
from .joint import solve, t3_identities, t4_identities
from .labels import EMBEDDED, MATCH_CONFIDENCE, MATCH_NOTE, normalize_label, strip_annotations
from .local import NATIONAL, LocalTemplates
from .notes import NoteBook
from .pieces import BLANK, LABEL, VALUE, Piece
from .prose_counts import choose_by_prose, prose_counts
from .scan import Anchor, Scan, scan
from .values import parse_value

# --- identities the aligner may use to choose between readings ------------------------------


def _row_total(values) -> bool:
    return None not in values and values[-1] == sum(values[:-1])


def _block_totals(values) -> bool:
    return None not in values and all(
        values[b + 4] == sum(values[b : b + 4]) for b in range(0, len(values), 5)
    )


IDENTITY_FOR = {"t3": ("T3.ROW_TOTAL", _row_total), "t4": ("T4.BLOCK_TOTAL", _block_totals)}


# --- from anchors to cells ------------------------------------------------------------------


def _profiles(anchors: list[Anchor]) -> dict[tuple, set[tuple[int, ...]]]:
    """Column positions of complete grid rows, by their grid, the column of their label and
    their width. Only rows of the same grid share positions: a converter's little tables (one
    per row group) each number their columns their own way."""
    profiles: dict[tuple, set[tuple[int, ...]]] = {}
    for a in anchors:
        values = [p for p in a.seq if p.kind == VALUE]
        cols = tuple(p.col for p in values)
        if (
            len(values) == len(a.row.columns)
            and all(p.grid for p in values)
            and len(set(cols)) == len(cols)
        ):
            profiles.setdefault(_profile_key(a, len(values)), set()).add(cols)
    return profiles


def _profile_key(a: Anchor, width: int) -> tuple:
    grids = {p.pos.table for p in a.seq if p.kind == VALUE}
    return (grids.pop() if len(grids) == 1 else None, a.piece.col, width)


def _in_value_rows(seq: list[Piece], anchor: Piece | None) -> list[Piece]:
    """Blanks count only in the label's own row or a row that holds values."""
    rows = {p.row for p in seq if p.kind == VALUE}
    if anchor is not None:
        rows.add(anchor.row)
    return [p for p in seq if p.kind == VALUE or (p.kind == BLANK and p.row in rows)]


def read_cells(
    pieces: list[Piece],
    edition: str,
    notes: NoteBook,
    local: LocalTemplates = NATIONAL,
    prose: Sequence[str] = (),
) -> dict[str, Cell]:
    """Every canonical cell of ``edition``, those not found ``absent``; and the cells of the
    local rows that were found. ``prose`` is the document's running text: counts it states
    outright choose between the readings of a 表二 row's run-together digits."""
    vocab = vocabulary(edition)
    stated: dict | None = None  # the prose's counts, read only if a 表二 row needs them
    found = scan(pieces, edition, local)
    cells: dict[str, CellFields] = {}
    for table in ("t2", "t3"):
        anchors = found.anchors[table]
        # Every row holding exactly its columns' values needs no alignment (``fast``).
        plain = template_rows(anchors)
        profiles = _profiles(anchors) if plain is None else {}
        identity = IDENTITY_FOR.get(table)
        embedded = _embedded_note(anchors, notes, vocab.tables[table].name)
        detached = (
            _redistribute_detached(anchors, identity, notes, vocab.tables[table].name)
            if plain is None
            else {}
        )
        results = []
        for i, a in enumerate(anchors):
            label_notes = _label_notes(a, notes, vocab.tables[table].name)
            if embedded and MATCH_NOTE[a.how] == "label.embedded":
                label_notes = (*label_notes, embedded)
            if id(a) in detached:
                label_notes = (*label_notes, detached[id(a)])
            if a.row.origin:
                label_notes = (*label_notes, _local_row_note(a, notes, vocab.tables[table].name))
            if plain is not None:
                result = in_order(plain[i])
            else:
                n = len(a.row.columns)
                result = align(
                    _in_value_rows(a.seq, a.piece),
                    n,
                    identity[1] if identity else None,
                    tuple(profiles.get(_profile_key(a, n), ())),
                    found.headers.get(table),
                    a.piece.col,
                )
            if result.assumed_identity and identity is not None:
                result.assumes = (f"{identity[0]}[{a.row.key}]",)
            if table == "t2" and result.slots is None and result.candidates and prose:
                if stated is None:
                    stated = prose_counts(prose)
                choose_by_prose(result, a.row.cell_keys(), stated)
            results.append((a, result, label_notes))
        if table == "t3":
            by_row = Counter(a.row.key for a, _, _ in results)
            solve(
                {
                    a.row.key: r
                    for a, r, _ in results
                    if by_row[a.row.key] == 1 and not a.row.origin
                },
                t3_identities(edition),
            )
        for a, result, label_notes in results:
            cells.update(_cells(a.row, result, a.label, notes, a.piece, label_notes))
    _read_t4(found, vocab, notes, cells)
    for piece, canonical in found.header_variants:
        notes.add(
            "header.variant",
            f"表二表头“{piece.text}”按“{canonical}”理解（疑为错别字或变体）",
            0.9,
            piece.pos,
        )
    absent = _absent_rows(vocab, cells, notes, found.printed, pieces)
    statutory = {
        k: cells.pop(k, None) or {"key": k, "notes": (absent[k],) if k in absent else ()}
        for k in vocab.cell_keys
    }
    # What is left in ``cells``: the cells of local rows found in the source.
    return build_cells(statutory | cells)


def _local_row_note(a: Anchor, notes: NoteBook, table_name: str) -> str:
    return notes.add(
        "row.local",
        f"{table_name}“{a.label}”是地方模板的附加行（插件 {a.row.origin}），按该行读取，不计入法定表格的勾稽",
        1.0,
        a.piece.pos,
        a.row.cell_keys(),
    )


def _read_t4(found: Scan, vocab, notes: NoteBook, cells: dict[str, CellFields]) -> None:
    # The data row: rows holding values, or rows of nothing but blank cells (a 表四 of zeros all
    # left blank). Header rows hold labels; their empty cells are not data.
    pieces = found.t4
    if any(p.grid for p in pieces):
        pieces = [p for p in pieces if p.grid]  # a table's cells, not numbers in notes beside it
    seq = _in_value_rows(pieces, None)
    if not seq:
        blank_rows = {p.row for p in pieces} - found.t4_label_rows
        seq = [p for p in pieces if p.row in blank_rows]
    if not seq:
        return
    blocks = vocab.tables["t4"].rows
    identity = IDENTITY_FOR["t4"]
    result = align(seq, 5 * len(blocks), identity[1])
    if result.assumed_identity:
        result.assumes = (identity[0],)
    solve({"*": result}, t4_identities(vocab.edition))
    flat = RowSpec(
        table="t4",
        key="*",
        label="表四",
        columns=tuple(f"{b.key}.{c}" for b in blocks for c in b.columns),
    )
    for key, cell in _cells(flat, result, None, notes, found.t4_header).items():
        real = key.replace("t4.*.", "t4.")
        cells[real] = {**cell, "key": real}  # "key" stays first, as model_copy kept it


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
            (assumed,) if assumed else (),
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
        "label.local": f"{table_name}行标签“{a.label}”是地方模板的写法（插件 {a.origin}），"
        f"即“{a.row.label}”",
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
    notes: NoteBook,
    at: Piece | None,
    label_notes: tuple[str, ...] = (),
) -> dict[str, CellFields]:
    """The row's cells as the fields of their models (``boundary`` builds them all at once)."""
    keys = row.cell_keys()
    note_ids: tuple[str, ...] = label_notes
    if result.code:
        first = next((s.piece for s in result.slots or () if s.piece is not None), at)
        note_ids += (
            notes.add(
                result.code,
                f"{row.label}：{result.message}",
                result.confidence,
                first.pos if first else None,
                keys,
                result.assumes,
                result.fails,
            ),
        )
    if result.slots is None:
        return {k: {"key": k, "label": label, "notes": note_ids} for k in keys}
    out: dict[str, CellFields] = {}
    cut_notes: dict[int, tuple[str, ...]] = {}
    for key, slot in zip(keys, result.slots, strict=True):
        piece = slot.piece
        if slot.unread:
            out[key] = {"key": key, "label": label, "notes": note_ids}
            continue
        if piece is None or piece.kind == BLANK or not slot.text:
            pos = piece.pos if piece is not None else None
            out[key] = {
                "key": key,
                "semantic": "blank",
                "raw": "",
                "label": label,
                "loc": loc_fields(pos),
                "notes": note_ids,
            }
            continue
        parsed = parse_value(slot.text)
        value = number_of(slot)
        semantic = parsed.semantic
        if piece.grid is False and value is not None:
            semantic = "zero" if value == 0 else "number"
        if id(piece) not in cut_notes:
            cut_notes[id(piece)] = _year_cut_note(piece, keys, notes)
        cell_notes = note_ids + cut_notes[id(piece)]
        cell_notes += _value_notes(key, slot.text, parsed, piece, notes)
        pos = piece.pos
        if slot.offset and pos.column is not None:
            pos = type(pos)(line=pos.line, column=pos.column + slot.offset, page=pos.page)
        out[key] = {
            "key": key,
            "value": value,
            "raw": slot.text,
            "semantic": semantic,
            "label": label,
            "loc": loc_fields(pos),
            "notes": cell_notes,
        }
    return out


def _year_cut_note(piece: Piece, keys: tuple[str, ...], notes: NoteBook) -> tuple[str, ...]:
    """One note per digit run the next sentence's year was cut from, on the row's cells."""
    if not piece.year_cut:
        return ()
    message = (
        f"数字“{piece.text}{piece.year_cut}”后接“年”，视末尾的“{piece.year_cut}”为下文所述年份，"
        f"表格数字取“{piece.text}”"
    )
    return (notes.add("digits.year_cut", message, 0.9, piece.pos, keys),)


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


_TABLE_MARKS = {
    "t2": ("本年制发件数", "本年新制作数量", "第二十条第(一)项", "第二十条第(五)项"),
    "t3": ("本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量", "申请人情况"),
    "t4": ("结果维持", "尚未审结", "未经复议直接起诉", "复议后起诉"),
}
"""Wording only the statutory table prints: if the document has it, the table is there."""


def _absent_rows(
    vocab,
    cells: dict[str, CellFields],
    notes: NoteBook,
    printed: dict[str, str],
    pieces: list[Piece],
) -> dict[str, str]:
    """Notes for the rows not read, by table; returns the note id for each of their keys.

    A row is absent from the source only when its label is nowhere in its table's text (and a
    whole table only when none of its own wording is in the document): that is the report's
    fault. A row whose label is printed but whose cells were not read is the parser's failure,
    and its note says so with a low confidence, so no rule holds it against the report."""
    absent: dict[str, str] = {}
    document: str | None = None
    for table, spec in vocab.tables.items():
        missing = [r for r in spec.rows if not any(k in cells for k in r.cell_keys())]
        if not missing:
            continue
        if len(missing) == len(spec.rows):
            if document is None:
                document = normalize_label("".join(p.text for p in pieces if p.kind == LABEL))
            marks = [m for m in _TABLE_MARKS[table] if normalize_label(m) in document]
            if marks:
                message = f"原文有{spec.name}的用语（{'、'.join(marks)}），但未能读出该表"
                _note_rows(notes, absent, missing, "table.unread", message, 0.3)
            else:
                message = f"未找到{spec.name}，其单元格均视为缺失"
                _note_rows(notes, absent, missing, "table.rows_absent", message, 1.0)
            continue
        region = printed.get(table, "")
        before = dict(zip((r.key for r in spec.rows[1:]), spec.rows, strict=False))
        seen = [r for r in missing if _label_printed(r, region, before.get(r.key))]
        unseen = [r for r in missing if r not in seen]
        if unseen:
            message = f"{spec.name}缺少 {len(unseen)} 行：" + "、".join(r.label for r in unseen)
            _note_rows(notes, absent, unseen, "table.rows_absent", message, 1.0)
        if seen:
            message = (
                f"{spec.name}有 {len(seen)} 行的标签见于原文，但未能读出其单元格："
                + "、".join(r.label for r in seen)
            )
            _note_rows(notes, absent, seen, "table.rows_unread", message, 0.3)
    return absent


def _note_rows(
    notes: NoteBook, absent: dict[str, str], rows: list[RowSpec], code: str, message: str, conf
) -> None:
    keys = tuple(k for r in rows for k in r.cell_keys())
    note = notes.add(code, message, conf, None, keys)
    absent.update(dict.fromkeys(keys, note))


def _label_printed(row: RowSpec, region: str, previous: RowSpec | None) -> bool:
    """Whether the table's text names the row: its label, an alias or one of its keywords.

    A label as generic as "3.其他" or "（七）总计" is in every table's headers ("其他结果", "法人或
    其他组织", "总计"): it names its row only right after the row before it, the labels being run
    together in ``region``."""
    names = (row.label, *row.aliases, *row.keywords)
    bares = [b for b in map(_bare, names) if b]
    if all(len(b) <= _GENERIC for b in bares) and previous is not None:
        after = re.escape(_bare(previous.label)) + _ITEM_NUMBER
        return any(re.search(after + re.escape(b), region) for b in bares)
    return any(b in region for b in bares)


_GENERIC = 2
"""Labels this short ("其他", "总计") are words of the headers too."""
_ITEM_NUMBER = r"[\d.．、()（）一二三四五六七八九十]{0,6}"
"""What may stand between two labels run together: the second one's item number."""


def _bare(label: str) -> str:
    return strip_annotations(normalize_label(label))
