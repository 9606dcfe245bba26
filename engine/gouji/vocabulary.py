"""Typed access to the canonical vocabulary in ``vocabulary.toml``.

The vocabulary is data so that it is written once and read by the parser, the rule language and
the renderers alike: canonical cell keys in their template order, the Chinese labels a rule
author may write instead, the variants real reports use, and the row groups rules sum over.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cache
from importlib import resources

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

EDITIONS: tuple[str, ...] = ("2021", "2019")
"""Editions whose tables have canonical cells (``legacy`` reports have none)."""

TABLES: tuple[str, ...] = ("t2", "t3", "t4")
TABLE_NAMES: dict[str, str] = {"t2": "表二", "t3": "表三", "t4": "表四"}


@dataclass(frozen=True, slots=True)
class RowSpec:
    """One row of a statutory table (for 表四: one block of five cells)."""

    table: str
    key: str
    label: str
    columns: tuple[str, ...]
    name: str = ""
    aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    group: str | None = None
    caption: str | None = None
    origin: str | None = None
    """The plugin that added this row for a local template; ``None`` for statutory rows."""
    keys: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "keys", tuple(f"{self.table}.{self.key}.{c}" for c in self.columns)
        )

    def cell_keys(self) -> tuple[str, ...]:
        """The row's canonical cell keys in column order (computed once)."""
        return self.keys


@dataclass(frozen=True, slots=True)
class LocalRow:
    """A row that a local template adds to a statutory table (a plugin's ``gouji_extra_rows``).

    Some provinces print rows the national format does not have, e.g. 湖北's 2019–2020 表二 row
    "其他主动公开文件". Unknown to the parser, such a row is skipped and, in run-together layouts,
    its numbers can be taken for a neighbour's. Declared, its cells are read as
    ``<table>.<key>.<column>`` and reported, with a note naming the plugin; no national rule
    counts them, because they are not part of the statutory grid.
    """

    table: str
    """``"t2"`` or ``"t3"`` (表四 is one flat row of fixed blocks)."""
    key: str
    """Canonical row key; must not be a statutory row's key."""
    label: str
    """The label as the local template prints it."""
    follows: str
    """Key of the statutory row it is printed after."""
    columns: tuple[str, ...]
    """Column keys of the table it fills, e.g. ``("made", "published", "total_public")``."""
    editions: tuple[str, ...] = ("2021", "2019")
    aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    name: str = ""
    """Short Chinese name for messages; the label when empty."""
    reference: str = ""
    """The document that shows the row (a template or a published report)."""
    origin: str = ""
    """The plugin that declared it (filled in by the engine)."""


@dataclass(frozen=True, slots=True)
class GroupSpec:
    key: str
    label: str
    parent: str | None
    keywords: tuple[str, ...]
    name: str = ""


@dataclass(frozen=True, slots=True)
class TableSpec:
    key: str
    name: str
    rows: tuple[RowSpec, ...]
    column_labels: dict[str, str]
    groups: dict[str, GroupSpec]

    def row(self, key: str) -> RowSpec:
        return next(r for r in self.rows if r.key == key)

    def rows_in_group(self, group: str) -> tuple[RowSpec, ...]:
        """Rows of ``group`` including those of groups nested inside it, in template order."""

        def inside(g: str | None) -> bool:
            while g is not None:
                if g == group:
                    return True
                g = self.groups[g].parent if g in self.groups else None
            return False

        return tuple(r for r in self.rows if inside(r.group))


@dataclass(frozen=True, slots=True)
class SectionSpec:
    key: str
    ordinal: str
    title: str
    variants: tuple[str, ...]
    keywords: tuple[str, ...]
    """Words that name the section wherever its heading stands."""
    cues: tuple[str, ...] = ()
    """Weaker words: a heading with this section's own ordinal, in the section's place, that has
    one of them is the section ("六、需要说明的其他事项" after 五)."""


@dataclass(frozen=True, slots=True)
class EditionVocabulary:
    """Everything the parser and rules need to know about one edition's tables."""

    edition: str
    instrument: str
    fingerprints: tuple[str, ...]
    tables: dict[str, TableSpec]

    @property
    def cell_keys(self) -> tuple[str, ...]:
        """Every canonical cell key of the edition, in template order."""
        return tuple(k for t in self.tables.values() for r in t.rows for k in r.cell_keys())

    def cell_label(self, key: str) -> str:
        """A Chinese label for a cell, e.g. ``表三 一、本年新收政府信息公开申请数量 / 自然人``."""
        table, row, col = key.split(".")
        spec = self.tables[table]
        return f"{spec.name} {spec.row(row).label} / {spec.column_labels[col]}"


@cache
def _raw() -> dict:
    text = resources.files("gouji").joinpath("vocabulary.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _rows(table: str, entries: list[dict], edition: str) -> tuple[RowSpec, ...]:
    rows = []
    for e in entries:
        if edition not in e.get("editions", EDITIONS):
            continue
        rows.append(
            RowSpec(
                table=table,
                key=e["key"],
                label=e["label"],
                columns=tuple(e.get("columns", ())),
                name=e.get("name", ""),
                aliases=tuple(e.get("aliases", ())),
                keywords=tuple(e.get("keywords", ())),
                after=tuple(e.get("after", ())),
                group=e.get("group"),
                caption=e.get("caption"),
            )
        )
    return tuple(rows)


@cache
def vocabulary(edition: str) -> EditionVocabulary:
    """The vocabulary of ``edition`` (``"2021"`` or ``"2019"``)."""
    if edition not in EDITIONS:
        raise KeyError(f"edition {edition!r} has no statutory tables")
    raw = _raw()
    ed = raw["editions"][edition]
    t2 = TableSpec(
        key="t2",
        name=TABLE_NAMES["t2"],
        rows=_rows("t2", ed["t2"]["rows"], edition),
        column_labels=dict(ed["t2"]["columns"]),
        groups={},
    )
    t3_columns = tuple(raw["t3"]["columns"])
    t3_groups = {
        k: GroupSpec(
            k, g["label"], g.get("parent"), tuple(g.get("keywords", ())), g.get("name", "")
        )
        for k, g in raw["t3"]["groups"].items()
        if edition in g.get("editions", EDITIONS)
    }
    t3_rows = tuple(
        RowSpec(**{**_asdict(r), "columns": t3_columns})
        for r in _rows("t3", raw["t3"]["rows"], edition)
    )
    t3 = TableSpec("t3", TABLE_NAMES["t3"], t3_rows, dict(raw["t3"]["columns"]), t3_groups)
    t4_columns = tuple(raw["t4"]["columns"])
    t4_rows = tuple(
        RowSpec(table="t4", key=b["key"], label=b["label"], columns=t4_columns, name=b["name"])
        for b in raw["t4"]["blocks"]
    )
    t4 = TableSpec("t4", TABLE_NAMES["t4"], t4_rows, dict(raw["t4"]["columns"]), {})
    return EditionVocabulary(
        edition=edition,
        instrument=ed["instrument"],
        fingerprints=tuple(ed["fingerprints"]),
        tables={"t2": t2, "t3": t3, "t4": t4},
    )


def _asdict(row: RowSpec) -> dict:
    return {f: getattr(row, f) for f in row.__slots__ if f != "keys"}


_ORDINALS = "一二三四五六"


@cache
def sections() -> tuple[SectionSpec, ...]:
    """The six statutory sections in order (REPORT-FORMAT.md §2)."""
    return tuple(
        SectionSpec(
            key=key,
            ordinal=_ORDINALS[i],
            title=spec["title"],
            variants=tuple(spec.get("variants", ())),
            keywords=tuple(spec.get("keywords", ())),
            cues=tuple(spec.get("cues", ())),
        )
        for i, (key, spec) in enumerate(_raw()["sections"].items())
    )


def cell_name(key: str, edition: str) -> str:
    """The short Chinese name of a cell, as messages and rule files write it: ``表三.本年新收.自然人``.
    Section keys (``sec.3``) and unknown keys come back unchanged."""
    parts = key.split(".")
    if len(parts) != 3 or edition not in EDITIONS or parts[0] not in TABLE_NAMES:
        return key
    table, row, col = parts
    spec = vocabulary(edition).tables[table]
    try:
        row_spec = spec.row(row)
    except StopIteration:
        return key
    return f"{spec.name}.{row_spec.name or row_spec.label}.{spec.column_labels.get(col, col)}"


def column_names() -> dict[str, tuple[str, ...]]:
    """Extra names rule files may use for a column key, besides the key and its label."""
    return {k: tuple(v) for k, v in _raw().get("column_names", {}).items()}


def column_groups() -> dict[str, dict[str, tuple[str, tuple[str, ...]]]]:
    """Per table: column group key → (Chinese name, column keys), e.g. the applicant columns."""
    return {
        table: {k: (g["name"], tuple(g["columns"])) for k, g in groups.items()}
        for table, groups in _raw().get("column_groups", {}).items()
    }


def fingerprints() -> dict[str, tuple[str, ...]]:
    """Table phrases that betray the edition a report's tables follow."""
    return {e: vocabulary(e).fingerprints for e in EDITIONS}
