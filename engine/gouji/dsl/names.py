"""What names in a rule file mean, for one edition's tables.

``t3.new.natural``, ``表三.本年新收.自然人`` and ``表三.一、本年新收政府信息公开申请数量.自然人`` are the
same cell: tables, rows, row groups, columns and column groups are each known by their key,
their short Chinese name and their template label. An unknown name gets the closest known ones
as a hint, spelled the way the author spelled the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import get_close_matches
from functools import cache

from ..read.labels import normalize_label
from ..vocabulary import TABLE_NAMES, column_groups, column_names, vocabulary

TABLE_KEYS = {**{k: k for k in TABLE_NAMES}, **{v: k for k, v in TABLE_NAMES.items()}}


@dataclass(frozen=True, slots=True)
class TableNames:
    key: str
    rows: dict[str, str]  # any accepted name → row key
    groups: dict[str, str]  # any accepted name → row group key
    columns: dict[str, str]  # any accepted name → column key
    column_groups: dict[str, str]  # any accepted name → column group key
    row_display: dict[str, str]  # row key → short Chinese name
    column_display: dict[str, str]  # column key → Chinese label
    group_rows: dict[str, tuple[str, ...]]
    group_columns: dict[str, tuple[str, ...]]
    group_display: dict[str, str]
    row_keys: tuple[str, ...]
    column_keys: tuple[str, ...]


def _accept(mapping: dict[str, str], key: str, *names: str) -> None:
    for name in (key, *names):
        if name:
            mapping.setdefault(name, key)
            mapping.setdefault(normalize_label(name), key)


@cache
def table_names(edition: str, table: str) -> TableNames:
    spec = vocabulary(edition).tables[table]
    rows: dict[str, str] = {}
    for r in spec.rows:
        _accept(rows, r.key, r.name, r.label, *r.aliases)
    groups: dict[str, str] = {}
    group_rows: dict[str, tuple[str, ...]] = {}
    for g in spec.groups.values():
        _accept(groups, g.key, g.name, g.label)
        group_rows[g.key] = tuple(r.key for r in spec.rows_in_group(g.key))
    columns: dict[str, str] = {}
    extra = column_names()
    column_keys = tuple(dict.fromkeys(c for r in spec.rows for c in r.columns))
    for c in column_keys:
        _accept(columns, c, spec.column_labels.get(c, ""), *extra.get(c, ()))
    cgroups: dict[str, str] = {}
    group_columns: dict[str, tuple[str, ...]] = {}
    group_display = {g.key: g.name or g.label for g in spec.groups.values()}
    for key, (name, cols) in column_groups().get(table, {}).items():
        _accept(cgroups, key, name)
        group_columns[key] = cols
        group_display[key] = name
    return TableNames(
        key=table,
        rows=rows,
        groups=groups,
        columns=columns,
        column_groups=cgroups,
        row_display={r.key: r.name or r.label for r in spec.rows},
        column_display={c: spec.column_labels.get(c, c) for c in column_keys},
        group_rows=group_rows,
        group_columns=group_columns,
        group_display=group_display,
        row_keys=tuple(r.key for r in spec.rows),
        column_keys=column_keys,
    )


def lookup(mapping: dict[str, str], name: str) -> str | None:
    return mapping.get(name) or mapping.get(normalize_label(name))


def suggest(name: str, candidates: list[str], prefix: str) -> str | None:
    """``是否指 表三.结转下年度？`` for the closest known names, or ``None``."""
    chinese = any("\u4e00" <= ch <= "\u9fff" for ch in name)
    pool = sorted({c for c in candidates if chinese == any("\u4e00" <= ch <= "\u9fff" for ch in c)})
    close = get_close_matches(name, pool, n=1, cutoff=0.4)
    return f"是否指 {prefix}{close[0]}？" if close else None
