"""What plugins teach the parser about local templates: labels for statutory rows, extra rows.

One hashable value, so the row matchers built from it are shared across every report an engine
reads (``row_matcher`` is cached on it).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from ..vocabulary import LocalRow, RowSpec, TableSpec, vocabulary


@dataclass(frozen=True, slots=True)
class LocalTemplates:
    aliases: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    """Labels local templates print for statutory rows, with the plugin that declared each:
    ``(("t3.denied_law", (("…", "hubei"),)), …)``."""
    rows: tuple[LocalRow, ...] = ()

    def aliases_for(self, table: str) -> dict[str, tuple[tuple[str, str], ...]]:
        """``(label, plugin)`` pairs of ``table``'s rows, keyed by row key."""
        return {
            key.split(".", 1)[1]: labels
            for key, labels in self.aliases
            if key.startswith(f"{table}.")
        }


NATIONAL = LocalTemplates()


def check_local_labels(edition: str, labels: object) -> None:
    """Raise ``ValueError`` for label aliases the parser could not use: a key that is not a
    row of ``edition``'s 表二 or 表三, or labels that are not strings."""
    if not isinstance(labels, dict):
        raise TypeError(f"gouji_label_aliases 应返回字典，得到 {type(labels).__name__}")
    tables = vocabulary(edition).tables
    for key, texts in labels.items():
        table, _, row = str(key).partition(".")
        if table not in ("t2", "t3") or row not in {r.key for r in tables[table].rows}:
            raise ValueError(f"行标签别名 {key}：{edition} 版表二、表三没有这一行")
        if isinstance(texts, str) or not all(isinstance(t, str) and t.strip() for t in texts):
            raise ValueError(f"行标签别名 {key}：应为非空字符串的列表")


def check_local_row(row: LocalRow) -> None:
    """Raise ``ValueError`` for a row the parser could not place; the engine disables the
    plugin that declared it, as for any plugin error."""
    for edition in row.editions:
        spec = vocabulary(edition).tables.get(row.table)
        if spec is None or row.table == "t4":
            raise ValueError(f"附加行 {row.key}：表 {row.table} 不能添加行（只能是 t2 或 t3）")
        keys = {r.key for r in spec.rows}
        if row.key in keys:
            raise ValueError(f"附加行 {row.key}：与法定行同名")
        if row.follows not in keys:
            raise ValueError(f"附加行 {row.key}：{edition} 版{spec.name}没有行 {row.follows}")
        unknown = [c for c in row.columns if c not in spec.column_labels]
        if unknown or not row.columns:
            raise ValueError(
                f"附加行 {row.key}：{edition} 版{spec.name}没有列 {unknown or '（空）'}"
            )


@cache
def reading_table(edition: str, table: str, local: LocalTemplates = NATIONAL) -> TableSpec:
    """The table the parser reads: the statutory rows with local rows after the rows they
    follow (in declaration order when several follow one row)."""
    spec = vocabulary(edition).tables[table]
    extra = [r for r in local.rows if r.table == table and edition in r.editions]
    if not extra:
        return spec
    rows: list[RowSpec] = []
    for row in spec.rows:
        if row.after:  # a row that may only follow certain rows may follow their local rows too
            more = tuple(r.key for r in extra if r.follows in row.after)
            row = replace(row, after=(*row.after, *more))
        rows.append(row)
        rows.extend(_as_row_spec(r, row) for r in extra if r.follows == row.key)
    return TableSpec(spec.key, spec.name, tuple(rows), spec.column_labels, spec.groups)


def _as_row_spec(local: LocalRow, follows: RowSpec) -> RowSpec:
    return RowSpec(
        table=local.table,
        key=local.key,
        label=local.label,
        columns=local.columns,
        name=local.name or local.label,
        aliases=local.aliases,
        keywords=local.keywords,
        group=follows.group,
        caption=follows.caption,
        origin=local.origin or "plugin",
    )
