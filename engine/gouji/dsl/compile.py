"""Syntax tree → rules that evaluate a ``Report`` into findings.

Names are resolved once, per edition the rule applies to; an unknown name, a quantifier over
something that is not a group, or a variable used in the wrong place is a ``RuleError`` pointing
at the word. Evaluation never raises on report content: what cannot be judged is
``not_assessable`` and says why.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from ..model import Cell, Report
from ..record import Finding
from . import ast
from .errors import RuleError
from .names import TABLE_KEYS, TableNames, lookup, suggest, table_names

Number = int | Decimal

_META = {
    ("report", "year"): "report.year",
    ("报告", "年度"): "report.year",
    ("title", "year"): "title.year",
    ("标题", "年度"): "title.year",
    ("period", "year"): "period.end_year",
    ("统计期限", "年度"): "period.end_year",
    ("period", "start_year"): "period.start_year",
    ("统计期限", "起始年度"): "period.start_year",
    ("signed", "year"): "signed.year",
    ("落款", "年度"): "signed.year",
    ("report", "issuer"): "report.issuer",
    ("报告", "发布机关"): "report.issuer",
}
TEXT_META = frozenset({"report.issuer"})
"""Metadata that is text, not a number: examples may set it, comparisons may not use it."""
META_LABEL = {
    "report.year": "报告年度",
    "title.year": "标题年度",
    "period.end_year": "统计期限截止年度",
    "period.start_year": "统计期限起始年度",
    "signed.year": "落款日期年度",
    "report.issuer": "发布机关",
}
_OPS: dict[str, tuple[Callable[[Number, Number], bool], str, str]] = {
    "==": (lambda a, b: a == b, "=", "≠"),
    "!=": (lambda a, b: a != b, "≠", "="),
    "<=": (lambda a, b: a <= b, "≤", ">"),
    ">=": (lambda a, b: a >= b, "≥", "<"),
    "<": (lambda a, b: a < b, "<", "≥"),
    ">": (lambda a, b: a > b, ">", "≤"),
}


# --- resolved references ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Var:
    name: str


@dataclass(frozen=True, slots=True)
class CellRef:
    """Cells of one table: a row (or row group, or row variable) × a column (or group, or var)."""

    table: str
    rows: str | Var | tuple[str, ...]
    cols: str | Var | tuple[str, ...]
    label: str  # how the reference reads in messages when it does not vary


@dataclass(frozen=True, slots=True)
class MetaRef:
    name: str


@dataclass(frozen=True, slots=True)
class VarCell:
    """``x`` bound by ``for each cell x of …``."""

    var: Var


Resolved = CellRef | MetaRef | VarCell


@dataclass(frozen=True, slots=True)
class Domain:
    kind: str
    table: str
    keys: tuple[str, ...]
    display: dict[str, str]


@dataclass(slots=True)
class Context:
    """Compiling one rule for one edition."""

    rule: ast.Rule
    edition: str
    source: str
    domains: dict[str, Domain] = field(default_factory=dict)

    def error(self, message: str, span: ast.Span, hint: str | None = None) -> RuleError:
        return RuleError(
            message,
            path=self.rule.path,
            line=span.line,
            column=span.column,
            width=max(1, span.end_column - span.column),
            source=self.source,
            rule=self.rule.id,
            hint=hint,
        )


def _table(ctx: Context, name: str, span: ast.Span) -> TableNames:
    key = TABLE_KEYS.get(name)
    if key is None:
        raise ctx.error(f"未知的表“{name}”", span, suggest(name, list(TABLE_KEYS), ""))
    return table_names(ctx.edition, key)


def _edition_note(ctx: Context) -> str:
    return (
        f"（{ctx.edition} 版格式）"
        if ctx.rule.applies.get("edition", ("2021",)) != (ctx.edition,)
        else ""
    )


def resolve(ref: ast.Ref, ctx: Context, *, allow_groups: bool = False) -> Resolved:
    if ref.head in ctx.domains and not ref.steps:
        domain = ctx.domains[ref.head]
        if domain.kind != "cell":
            raise ctx.error(
                f"“{ref.head}”是{_kind_word(domain.kind)}变量，不能单独代表一个单元格", ref.span
            )
        return VarCell(Var(ref.head))
    meta = _meta(ref)
    if meta is not None:
        return meta
    names = _table(ctx, ref.head, ref.span)
    if len(ref.steps) != 2:
        raise ctx.error(
            f"“{ref.text()}”没有指明单元格：应写成 表.行.列（如 表三.本年新收.自然人）或用 [变量]",
            ref.span,
        )
    (rk, rname), (ck, cname) = ref.steps
    rows = _rows(ctx, names, rk, rname, ref, allow_groups)
    cols = _cols(ctx, names, ck, cname, ref, allow_groups)
    return CellRef(names.key, rows, cols, _label(names, rows, cols))


def _meta(ref: ast.Ref) -> MetaRef | None:
    if len(ref.steps) == 1 and ref.steps[0][0] == "dot":
        name = _META.get((ref.head, ref.steps[0][1]))
        if name:
            return MetaRef(name)
    return None


def _kind_word(kind: str) -> str:
    return {"column": "列", "row": "行", "block": "块", "cell": "单元格"}[kind]


def _rows(ctx, names: TableNames, kind: str, name: str, ref: ast.Ref, allow_groups: bool):
    if kind == "index":
        domain = ctx.domains.get(name)
        if domain is None or domain.kind not in ("row", "block") or domain.table != names.key:
            raise ctx.error(f"“[{name}]”不是{ref.head}的行变量", ref.span, _var_hint(ctx, name))
        return Var(name)
    key = lookup(names.rows, name)
    if key is not None:
        return key
    group = lookup(names.groups, name)
    if group is not None:
        if not allow_groups:
            raise ctx.error(f"“{name}”是一组行，只能用在 sum(…) 里", ref.span)
        return names.group_rows[group]
    candidates = (
        list(names.row_display.values())
        + [g for g in names.group_display.values()]
        + list(names.row_keys)
    )
    raise ctx.error(
        f"{ref.head}中没有名为“{name}”的行{_edition_note(ctx)}",
        ref.span,
        suggest(name, candidates, f"{ref.head}."),
    )


def _cols(ctx, names: TableNames, kind: str, name: str, ref: ast.Ref, allow_groups: bool):
    if kind == "index":
        domain = ctx.domains.get(name)
        if domain is None or domain.kind != "column" or domain.table != names.key:
            raise ctx.error(f"“[{name}]”不是{ref.head}的列变量", ref.span, _var_hint(ctx, name))
        return Var(name)
    key = lookup(names.columns, name)
    if key is not None:
        return key
    group = lookup(names.column_groups, name)
    if group is not None:
        if not allow_groups:
            raise ctx.error(f"“{name}”是一组列，只能用在 sum(…) 里", ref.span)
        return names.group_columns[group]
    candidates = list(names.column_display.values()) + list(names.column_keys)
    raise ctx.error(
        f"{ref.head}中没有名为“{name}”的列{_edition_note(ctx)}",
        ref.span,
        suggest(name, candidates, f"{ref.head}.…."),
    )


def _var_hint(ctx: Context, name: str) -> str | None:
    if not ctx.domains:
        return f"先用 for each … {name} of … 引入变量 {name}"
    known = "、".join(f"{v}（{_kind_word(d.kind)}）" for v, d in ctx.domains.items())
    return f"已定义的变量：{known}"


def _label(names: TableNames, rows, cols) -> str:
    def part(value, display, groups):
        if isinstance(value, Var):
            return None
        if isinstance(value, tuple):
            return next((groups[k] for k, v in _group_items(names, value)), "…")
        return display[value]

    r = part(rows, names.row_display, names.group_display)
    c = part(cols, names.column_display, names.group_display)
    return ".".join(p for p in (r, c) if p)


def _group_items(names: TableNames, value: tuple[str, ...]):
    for key, members in {**names.group_rows, **names.group_columns}.items():
        if members == value:
            yield key, members


# --- quantifiers --------------------------------------------------------------------------


def domain_of(q: ast.Quantifier, ctx: Context) -> Domain:
    names = _table(ctx, q.target.head, q.target.span)
    steps = q.target.steps
    if q.kind == "column":
        if not steps:
            keys = names.column_keys
        else:
            group = lookup(names.column_groups, steps[0][1]) if len(steps) == 1 else None
            if group is None:
                raise ctx.error(
                    f"“{q.target.text()}”不是一组列，for each column 只能用于表或列组",
                    q.target.span,
                    "例如 for each column c of 表三",
                )
            keys = names.group_columns[group]
        return Domain("column", names.key, keys, names.column_display)
    if q.kind in ("row", "block"):
        if q.kind == "block" and names.key != "t4":
            raise ctx.error("for each block 只能用于 表四", q.target.span)
        if not steps:
            keys = names.row_keys
        else:
            group = lookup(names.groups, steps[0][1]) if len(steps) == 1 else None
            if group is None:
                raise ctx.error(
                    f"“{q.target.text()}”不是行组，for each {q.kind} 只能用于表或行组",
                    q.target.span,
                    suggest(steps[-1][1], list(names.group_display.values()), f"{q.target.head}."),
                )
            keys = names.group_rows[group]
        return Domain(q.kind, names.key, keys, names.row_display)
    # cell: every cell of a table, a row, a row group or a column, less the excluded rows/columns
    spec = {r.key: r for r in _spec_rows(ctx.edition, names.key)}
    rows: tuple[str, ...] = names.row_keys
    cols: tuple[str, ...] | None = None
    if steps:
        name = steps[0][1]
        row = lookup(names.rows, name) if len(steps) == 1 else None
        group = lookup(names.groups, name) if len(steps) == 1 else None
        col = lookup(names.columns, name) if len(steps) == 1 else None
        if row:
            rows = (row,)
        elif group:
            rows = names.group_rows[group]
        elif col:
            cols = (col,)
        else:
            raise ctx.error(
                f"“{q.target.text()}”不是表、行、行组或列",
                q.target.span,
                suggest(
                    name,
                    list(names.row_display.values()) + list(names.column_display.values()),
                    f"{q.target.head}.",
                ),
            )
    skip_rows, skip_cols = set(), set()
    for name in q.excluded:
        row, col = lookup(names.rows, name), lookup(names.columns, name)
        if row is None and col is None:
            raise ctx.error(f"except 后的“{name}”不是{q.target.head}的行或列", q.span)
        skip_rows.update([row] if row else [])
        skip_cols.update([col] if col else [])
    keys = tuple(
        f"{names.key}.{r}.{c}"
        for r in rows
        if r not in skip_rows
        for c in spec[r].columns
        if c not in skip_cols and (cols is None or c in cols)
    )
    display = {k: _cell_display(names, k) for k in keys}
    return Domain("cell", names.key, keys, display)


def _spec_rows(edition: str, table: str):
    from ..vocabulary import vocabulary

    return vocabulary(edition).tables[table].rows


def _cell_display(names: TableNames, key: str) -> str:
    _, row, col = key.split(".")
    return f"{names.row_display[row]}.{names.column_display[col]}"


def bindings(domains: dict[str, Domain]) -> list[dict[str, str]]:
    if not domains:
        return [{}]
    names = list(domains)
    return [
        dict(zip(names, combo, strict=True))
        for combo in itertools.product(*(domains[n].keys for n in names))
    ]


# --- evaluation helpers ---------------------------------------------------------------------


_CONCRETE: dict[tuple[CellRef, str | None, str | None], tuple[str, ...]] = {}
_CONCRETE_LIMIT = 100_000
"""Cell keys of a reference under a binding, kept: a rule instance that does not plainly pass
reads its sums twice (to decide, then to say why), each term a dozen keys. The references and
bindings of the loaded rulesets number a few thousand; past the limit keys are not kept."""


def concrete(ref: CellRef | VarCell, binding: dict[str, str]) -> tuple[str, ...]:
    if isinstance(ref, VarCell):
        return (binding[ref.var.name],)
    rows, cols = ref.rows, ref.cols
    row = binding[rows.name] if isinstance(rows, Var) else None
    col = binding[cols.name] if isinstance(cols, Var) else None
    kept = _CONCRETE.get((ref, row, col))
    if kept is not None:
        return kept

    def pick(value, bound):
        if bound is not None:
            return (bound,)
        if isinstance(value, tuple):
            return value
        return (value,)

    keys = tuple(f"{ref.table}.{r}.{c}" for r in pick(rows, row) for c in pick(cols, col))
    if len(_CONCRETE) < _CONCRETE_LIMIT:
        _CONCRETE[(ref, row, col)] = keys
    return keys


@dataclass(slots=True)
class Reading:
    """The cells one verdict looked at, and what it had to assume about them."""

    keys: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    assumed_zero: list[str] = field(default_factory=list)
    annotated: list[str] = field(default_factory=list)

    def value(self, cell: Cell) -> Number | None:
        self.keys.append(cell.key)
        if cell.semantic == "absent":
            self.missing.append(cell.key)
            return None
        if cell.semantic in ("blank", "placeholder"):
            self.assumed_zero.append(cell.key)
            return 0
        if cell.value is None:
            self.unreadable.append(cell.key)
            return None
        if cell.semantic == "text":
            self.annotated.append(cell.key)
        return cell.value

    def all_blank(self) -> bool:
        """Every cell looked at was left blank (or holds a placeholder): nothing was filled in."""
        return bool(self.keys) and set(self.keys) <= set(self.assumed_zero)

    def joined(self, other: Reading) -> Reading:
        return Reading(
            self.keys + other.keys,
            self.missing + other.missing,
            self.unreadable + other.unreadable,
            self.assumed_zero + other.assumed_zero,
            self.annotated + other.annotated,
        )


def metadata_value(report: Report, name: str) -> int | None:
    if name == "report.year":
        return report.year
    if name == "title.year":
        m = re.search(r"(\d{4})\s*年", report.title or "")
        return int(m[1]) if m else None
    if name == "period.end_year":
        return report.period.end.year if report.period and report.period.end else None
    if name == "period.start_year":
        return report.period.start.year if report.period and report.period.start else None
    if name == "signed.year":
        return report.signed.date.year if report.signed else None
    return None


def number_text(value: Number | None) -> str:
    if value is None:
        return "？"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return str(value)


def op_symbols(op: str) -> tuple[Callable[[Number, Number], bool], str, str]:
    return _OPS[op]


def finding(rule, instance: str, status: str, message: str, **extra) -> Finding:
    return Finding(
        rule=rule.id,
        instance=instance,
        status=status,
        severity=rule.severity,
        title=rule.title,
        message=message,
        cite=rule.cite,
        **extra,
    )
